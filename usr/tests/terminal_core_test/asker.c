// SPDX-License-Identifier: GPL-2.0
/*
 * terminal_core_test helper: asks its terminal every kind of question it
 * answers (a line, yes/no, a password, a choice, a character) and says
 * what it got.
 */
#include <panda/panda.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void sayf(const char *fmt, const char *s)
{
	char buf[256];

	snprintf(buf, sizeof(buf), fmt, s);
	panda_term_println(buf);
}

int main(int argc, char **argv)
{
	static const char *const colours[] = { "red", "green", "blue" };
	char *s, c[5] = { 0 };
	uint32_t cp;
	size_t pick;

	if (!panda_term_input("Name? ", &s))
		return 1;
	sayf("Hello, %s!", s);
	free(s);
	sayf("confirmed: %s", panda_term_confirm("Continue? ") ? "yes" : "no");
	if (!panda_term_password("Secret: ", &s))
		return 1;
	snprintf(c, sizeof(c), "%zu", strlen(s));
	sayf("secret of %s characters", c);
	free(s);
	if (!panda_term_choose("Colour?", colours, 3, &pick))
		return 1;
	sayf("picked %s", colours[pick]);
	if (!panda_term_read_char(&cp))
		return 1;
	c[0] = (char)cp;
	c[1] = '\0';
	sayf("char %s", c);
	return 0;
}
