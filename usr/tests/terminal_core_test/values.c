// SPDX-License-Identifier: GPL-2.0
/*
 * terminal_core_test helper: sends one of every kind of Value and every kind
 * of message the terminal shows (value-and-terminal.md 3-4): a table with
 * headers, a map, an array of scalars, a link, styled text, bytes, a
 * warning, an error, progress, and a size query; exits with status 3.
 */
#include <panda/panda.h>
#include <stdio.h>

static void show(panda_value *v)
{
	panda_term_print_value(v);
	panda_term_print("\n");
	panda_value_free(v);
}

int main(int argc, char **argv)
{
	panda_value *h[2], *row[2], *t, *m, *a;
	uint16_t cols, rows;
	char buf[64];

	h[0] = panda_value_string("Name");
	h[1] = panda_value_string("Size");
	t = panda_value_table(2, h);
	row[0] = panda_value_string("a.txt");
	row[1] = panda_value_int(10);
	panda_table_push_row(t, row);
	row[0] = panda_coloured("bb", panda_colour_named(PANDA_BLUE));
	row[1] = panda_value_int(2048);
	panda_table_push_row(t, row);
	panda_term_print_value(t);	/* a table ends with its own newline */
	panda_value_free(t);

	m = panda_value_map();
	panda_value_map_set(m, "name", panda_value_string("panda"));
	panda_value_map_set(m, "legs", panda_value_int(4));
	show(m);

	a = panda_value_array();
	panda_value_array_push(a, panda_value_int(-1));
	panda_value_array_push(a, panda_value_bool(true));
	panda_value_array_push(a, panda_value_null());
	panda_value_array_push(a, panda_value_float(2.5));
	show(a);

	show(panda_value_link("https://example.org/panda",
			      panda_value_string("Panda")));
	show(panda_styled("bold red", (panda_style){
		.flags = PANDA_STYLE_BOLD, .has_fg = 1,
		.fg = panda_colour_named(PANDA_RED) }));
	show(panda_value_bytes("\x00\x01\x02", 3));

	panda_term_warning("careful");
	panda_term_error("broken");
	panda_term_progress(1, 4, "quarter");
	if (!panda_term_size(&cols, &rows)) {
		snprintf(buf, sizeof(buf), "size %ux%u", cols, rows);
		panda_term_println(buf);
	}
	return 3;
}
