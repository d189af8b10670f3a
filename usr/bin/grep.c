// SPDX-License-Identifier: GPL-2.0
/*
 * grep: keep what contains a text.
 *
 *	grep [-i] [-v] TEXT [FILE...]
 *
 * With FILEs (relative to PWD): the lines of each file that contain TEXT.
 * Without: the Values arriving on STDIN, filtered by what they are:
 *
 *	String	its lines containing TEXT (lines may span several Strings)
 *	Table	the rows with a cell whose text contains TEXT; headers kept;
 *		a table left without rows is dropped
 *	Array	the items whose text contains TEXT
 *	other	the Value if its text contains TEXT
 *
 * "Text" is what the terminal would show (value_render).  -i ignores the
 * case of ASCII letters, -v keeps what does not match.  The result goes
 * to STDOUT in a pipeline, else to the terminal.  Exit status: 0 if
 * something matched, 1 if nothing did, 2 on errors.
 */
#include <lib/path.h>
#include <panda/panda.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PIECE	3072

static const char *pattern;
static bool ignore_case, invert;
static bool matched_any;

/* Matched lines waiting to be sent as one String. */
static char out[PIECE + 1];
static size_t out_len;
static int out_err;

static void help(void)
{
	panda_term_print(
		"usage: grep [-i] [-v] TEXT [FILE...]\n"
		"Keep the lines of the FILEs, or the lines, table rows and "
		"items arriving\nfrom the pipeline, that contain TEXT. -i: "
		"ignore case, -v: keep the others.\n");
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Does s[0..n) contain the pattern? */
static bool raw_contains(const char *s, size_t n)
{
	size_t m = strlen(pattern), i, j;

	for (i = 0; i + m <= n; i++) {
		for (j = 0; j < m; j++) {
			char a = s[i + j], b = pattern[j];

			if (ignore_case ? lower(a) != lower(b) : a != b)
				break;
		}
		if (j == m)
			return true;
	}
	return false;
}

/* Is a line to be kept (-v: one without the pattern)? */
static bool contains(const char *s, size_t n)
{
	return raw_contains(s, n) != invert;
}

static bool value_has(const panda_value *v)
{
	char *text = panda_value_to_text(v);
	bool m = raw_contains(text, strlen(text));

	free(text);
	return m;
}

static bool value_matches(const panda_value *v)
{
	return value_has(v) != invert;
}

static void send_value(const panda_value *v)
{
	int err = panda_output_value(v);

	if (err && !out_err) {
		panda_term_errorf("grep: error writing output: %s",
				  panda_strerror(err));
		out_err = err;
	}
}

static void flush_text(void)
{
	panda_value *v;

	if (!out_len)
		return;
	v = panda_value_string_n(out, out_len);
	send_value(v);
	panda_value_free(v);
	out_len = 0;
}

static void keep_line(const char *s, size_t n, bool newline)
{
	matched_any = true;
	if (out_len + n + 1 > PIECE)
		flush_text();
	while (n > PIECE) {	/* a huge line: alone, in pieces */
		panda_value *v = panda_value_string_n(s, PIECE);

		send_value(v);
		panda_value_free(v);
		s += PIECE;
		n -= PIECE;
	}
	memcpy(out + out_len, s, n);
	out_len += n;
	if (newline)
		out[out_len++] = '\n';
}

/* Lines of text; a last line without '\n' waits in carry for more. */
static char *carry;
static size_t carry_len;

static void text_lines(const char *s, size_t n, bool final)
{
	const char *nl;

	while (n) {
		nl = memchr(s, '\n', n);
		if (!nl)
			break;
		if (carry_len) {
			carry = realloc(carry, carry_len + (nl - s));
			memcpy(carry + carry_len, s, nl - s);
			carry_len += nl - s;
			if (contains(carry, carry_len))
				keep_line(carry, carry_len, true);
			carry_len = 0;
		} else if (contains(s, nl - s)) {
			keep_line(s, nl - s, true);
		}
		n -= nl - s + 1;
		s = nl + 1;
	}
	if (n) {
		carry = realloc(carry, carry_len + n);
		memcpy(carry + carry_len, s, n);
		carry_len += n;
	}
	if (final && carry_len) {
		if (contains(carry, carry_len))
			keep_line(carry, carry_len, true);
		carry_len = 0;
	}
}

static void filter_table(const panda_value *t)
{
	size_t cols = t->u.table.cols, rows = value_table_rows(t), r, c;
	panda_value *keep, **hdr = NULL, **row;
	bool any = false;

	if (!cols)
		return;
	row = calloc(cols, sizeof(*row));
	if (t->u.table.has_headers) {
		hdr = calloc(cols, sizeof(*hdr));
		for (c = 0; c < cols; c++)
			hdr[c] = panda_value_clone(t->u.table.headers[c]);
	}
	keep = panda_value_table((uint16_t)cols, hdr);
	free(hdr);
	for (r = 0; r < rows; r++) {
		bool hit = false;

		for (c = 0; c < cols && !hit; c++)
			hit = value_has(value_table_cell(t, r, c));
		hit = hit != invert;
		if (!hit)
			continue;
		for (c = 0; c < cols; c++)
			row[c] = panda_value_clone(value_table_cell(t, r, c));
		panda_table_push_row(keep, row);
		any = true;
	}
	free(row);
	if (any) {
		matched_any = true;
		flush_text();
		send_value(keep);
	}
	panda_value_free(keep);
}

static void filter_array(const panda_value *a)
{
	panda_value *keep = panda_value_array();
	size_t i;

	for (i = 0; i < value_array_len(a); i++)
		if (value_matches(value_array_get(a, i)))
			panda_value_array_push(
				keep, panda_value_clone(value_array_get(a, i)));
	if (value_array_len(keep)) {
		matched_any = true;
		flush_text();
		send_value(keep);
	}
	panda_value_free(keep);
}

static void filter_value(const panda_value *v)
{
	switch (v->kind) {
	case PANDA_VALUE_STRING:
		text_lines(v->u.str.data, v->u.str.len, false);
		break;
	case PANDA_VALUE_TABLE:
		text_lines("", 0, true);
		filter_table(v);
		break;
	case PANDA_VALUE_ARRAY:
		text_lines("", 0, true);
		filter_array(v);
		break;
	default:
		text_lines("", 0, true);
		if (value_matches(v)) {
			matched_any = true;
			flush_text();
			send_value(v);
		}
		break;
	}
}

static int grep_file(const char *arg)
{
	char path[PATH_MAX_LEN], uri[PATH_MAX_LEN + 8];
	uint8_t *data;
	size_t len;
	int err;

	if (path_resolve(panda_getenv("PWD"), arg, path, sizeof(path))) {
		panda_term_errorf("grep: %s: No such file or directory", arg);
		return 2;
	}
	snprintf(uri, sizeof(uri), "file:%s", path);
	err = panda_read_whole_file(uri, &data, &len);
	if (err) {
		panda_term_errorf("grep: %s: %s", arg,
				  err == -PANDA_ERR_NOT_FOUND ?
				  "No such file or directory" :
				  panda_strerror(err));
		return 2;
	}
	text_lines((const char *)data, len, true);
	free(data);
	return 0;
}

int main(int argc, char **argv)
{
	int i, status = 0;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			help();
			return 0;
		} else if (!strcmp(argv[i], "-i")) {
			ignore_case = true;
		} else if (!strcmp(argv[i], "-v")) {
			invert = true;
		} else if (!strcmp(argv[i], "--")) {
			i++;
			break;
		} else {
			panda_term_errorf("grep: unknown option '%s' "
					  "(try --help)", argv[i]);
			return 2;
		}
	}
	if (i >= argc) {
		panda_term_error("usage: grep [-i] [-v] TEXT [FILE...]");
		return 2;
	}
	pattern = argv[i++];
	if (i < argc) {
		for (; i < argc; i++)
			status |= grep_file(argv[i]);
	} else if (panda_has_stdin()) {
		panda_value *v;
		int r;

		while ((r = panda_next_value(&v)) > 0) {
			filter_value(v);
			panda_value_free(v);
		}
		text_lines("", 0, true);
		if (r < 0) {
			panda_term_errorf("grep: bad input: %s",
					  panda_strerror(r));
			status = 2;
		}
	} else {
		panda_term_error("grep: nothing to search: give a FILE or use "
				 "it in a pipeline");
		return 2;
	}
	flush_text();
	free(carry);
	if (status || out_err)
		return 2;
	return matched_any ? 0 : 1;
}
