// SPDX-License-Identifier: GPL-2.0
/*
 * echo: output its arguments.
 *
 *	echo [-n] [WORD...]
 *
 * One String Value: the words separated by spaces, with a newline at the
 * end unless -n.  It goes to STDOUT in a pipeline, else to the terminal.
 */
#include <panda/panda.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	bool newline = true;
	size_t len = 2, at = 0;
	char *text;
	int i = 1, err;

	if (argc > 1 && !strcmp(argv[1], "--help")) {
		panda_term_print("usage: echo [-n] [WORD...]\n"
				 "Output the WORDs, separated by spaces; -n: "
				 "no newline at the end.\n");
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], "-n")) {
		newline = false;
		i = 2;
	}
	for (int j = i; j < argc; j++)
		len += strlen(argv[j]) + 1;
	text = malloc(len);
	if (!text)
		panda_oom(len);
	for (; i < argc; i++) {
		size_t n = strlen(argv[i]);

		memcpy(text + at, argv[i], n);
		at += n;
		if (i + 1 < argc)
			text[at++] = ' ';
	}
	if (newline)
		text[at++] = '\n';
	text[at] = '\0';
	err = panda_output_text(text);
	free(text);
	return err ? 1 : 0;
}
