// SPDX-License-Identifier: GPL-2.0
/*
 * Tests for lib/toml.c (services.md 6.4): every accepted construct with
 * its values and positions, every error class with its line, column and
 * message, the limits, and allocation failure at every allocation.
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "testutil.h"
#include <lib/toml.h>

/* ---------------------------------------------------------------- alloc */

static const struct panda_value_alloc *A = &test_heap;

static void setup(void)
{
	memset(&test_cnt, 0, sizeof(test_cnt));
}

static void teardown(void)
{
	cr_expect_eq(test_cnt.live, 0, "%ld blocks leaked", test_cnt.live);
}

TestSuite(toml, .init = setup, .fini = teardown);

/* ---------------------------------------------------------------- helpers */

static struct toml_value *parse(const char *text)
{
	struct toml_value *root = NULL;
	struct toml_error e;
	int err = toml_parse(A, text, strlen(text), &root, &e);

	cr_assert_eq(err, 0, "unexpected error %d at %u:%u: %s\n%s", err,
		     e.line, e.col, e.msg, text);
	cr_assert_not_null(root);
	cr_assert_eq(root->type, TOML_TABLE);
	return root;
}

static void bad_n(const char *text, size_t len, int code, uint32_t line,
		  uint32_t col, const char *msg)
{
	struct toml_value *root = (void *)1;
	struct toml_error e;
	int err = toml_parse(A, text, len, &root, &e);

	cr_assert_eq(err, code, "got %d (%s) want %d for:\n%s", err, e.msg,
		     code, text);
	cr_assert_null(root);
	cr_assert_eq(e.code, code);
	cr_assert_eq(e.line, line, "line %u, want %u (%s) for:\n%s", e.line,
		     line, e.msg, text);
	cr_assert_eq(e.col, col, "column %u, want %u (%s) for:\n%s", e.col,
		     col, e.msg, text);
	cr_assert(strstr(e.msg, msg), "message \"%s\" lacks \"%s\"", e.msg,
		  msg);
}

static void bad(const char *text, int code, uint32_t line, uint32_t col,
		const char *msg)
{
	bad_n(text, strlen(text), code, line, col, msg);
}

static const struct toml_value *get(const struct toml_value *t,
				    const char *key)
{
	const struct toml_value *v = toml_table_get(t, key);

	cr_assert_not_null(v, "no key \"%s\"", key);
	return v;
}

static void is_str(const struct toml_value *v, const char *s)
{
	cr_assert_eq(v->type, TOML_STRING);
	cr_assert_eq(v->u.str.len, strlen(s));
	cr_assert_str_eq(v->u.str.data, s);
}

static void is_int(const struct toml_value *v, int64_t i)
{
	cr_assert_eq(v->type, TOML_INTEGER);
	cr_assert_eq(v->u.integer, i, "%lld != %lld",
		     (long long)v->u.integer, (long long)i);
}

static void at(const struct toml_value *v, uint32_t line, uint32_t col)
{
	cr_assert_eq(v->line, line, "line %u, want %u", v->line, line);
	cr_assert_eq(v->col, col, "column %u, want %u", v->col, col);
}

/* ---------------------------------------------------------------- accepted */

Test(toml, empty_and_blank)
{
	struct toml_value *r;

	r = parse("");
	cr_assert_eq(r->u.table.len, 0);
	at(r, 1, 1);
	toml_free(A, r);
	r = parse("\n\n   \t\n# only a comment\n  # indented \xc3\xa9 comment\r\n");
	cr_assert_eq(r->u.table.len, 0);
	toml_free(A, r);
	cr_assert_eq(toml_parse(A, NULL, 0, &r, NULL), 0);
	toml_free(A, r);
}

Test(toml, service_config)
{
	struct toml_value *r = parse(
		"[service]\n"
		"exec = \"file:/mnt/networkd\"      # required\n"
		"args = [\"--interface\", \"virtio0\"]\n"
		"stdout = \"log\"\n"
		"\n"
		"[service.env]\n"
		"LOG_LEVEL = \"info\"\n"
		"\n"
		"[dependencies]\n"
		"after = [\"block-ready\"]\n"
		"\n"
		"[restart]\n"
		"policy = \"always\"\n"
		"delay_ms = 1000\n"
		"max_attempts = 10\n");
	const struct toml_value *s = get(r, "service"), *v;

	cr_assert_eq(r->u.table.len, 3);
	cr_assert_str_eq(r->u.table.entries[0].key, "service");
	cr_assert_str_eq(r->u.table.entries[1].key, "dependencies");
	cr_assert_str_eq(r->u.table.entries[2].key, "restart");
	at(s, 1, 1);
	is_str(get(s, "exec"), "file:/mnt/networkd");
	at(get(s, "exec"), 2, 8);
	v = get(s, "args");
	cr_assert_eq(v->type, TOML_ARRAY);
	cr_assert_not(v->u.array.of_tables);
	cr_assert_eq(v->u.array.len, 2);
	is_str(v->u.array.items[0], "--interface");
	is_str(v->u.array.items[1], "virtio0");
	at(v->u.array.items[1], 3, 24);
	is_str(get(get(s, "env"), "LOG_LEVEL"), "info");
	at(get(s, "env"), 6, 1);
	is_str(get(get(r, "dependencies"), "after")->u.array.items[0],
	       "block-ready");
	is_str(get(get(r, "restart"), "policy"), "always");
	is_int(get(get(r, "restart"), "delay_ms"), 1000);
	is_int(get(get(r, "restart"), "max_attempts"), 10);
	cr_assert_eq(toml_table_entry(get(r, "restart"), "delay_ms")->line,
		     14);
	cr_assert_eq(toml_table_entry(get(r, "restart"), "delay_ms")->col, 1);
	cr_assert_null(toml_table_get(s, "nope"));
	cr_assert_null(toml_table_get(get(s, "exec"), "x"));
	toml_free(A, r);
}

Test(toml, crlf_line_ends)
{
	struct toml_value *r = parse("a = 1\r\n[t]\r\nb = \"x\" # c\r\n\r\nc = 2");

	is_int(get(r, "a"), 1);
	is_str(get(get(r, "t"), "b"), "x");
	is_int(get(get(r, "t"), "c"), 2);
	at(get(get(r, "t"), "c"), 5, 5);
	toml_free(A, r);
}

Test(toml, basic_string_escapes)
{
	struct toml_value *r = parse(
		"a = \"\\b\\t\\n\\f\\r\\\"\\\\\"\n"
		"b = \"\\u00e9\\u20AC\\U0001F43C\\U0010FFFF\"\n"
		"c = \"tab\there \xc3\xa9 \xf0\x9f\x90\xbc # not a comment\"\n"
		"d = \"\"\n"
		"e = \"\\u007f\\u0001\"\n");

	is_str(get(r, "a"), "\b\t\n\f\r\"\\");
	is_str(get(r, "b"),
	       "\xc3\xa9\xe2\x82\xac\xf0\x9f\x90\xbc\xf4\x8f\xbf\xbf");
	is_str(get(r, "c"), "tab\there \xc3\xa9 \xf0\x9f\x90\xbc # not a comment");
	is_str(get(r, "d"), "");
	is_str(get(r, "e"), "\x7f\x01");
	toml_free(A, r);
}

Test(toml, literal_strings)
{
	struct toml_value *r = parse(
		"path = 'C:\\Users\\x'\n"
		"q = 'say \"hi\"'\n"
		"e = ''\n"
		"u = '\\u00e9 \xc3\xa9\t'\n");

	is_str(get(r, "path"), "C:\\Users\\x");
	is_str(get(r, "q"), "say \"hi\"");
	is_str(get(r, "e"), "");
	is_str(get(r, "u"), "\\u00e9 \xc3\xa9\t");
	toml_free(A, r);
}

Test(toml, integers)
{
	struct toml_value *r = parse(
		"a = 0\nb = +0\nc = -0\nd = 42\ne = +42\nf = -17\n"
		"g = 1_000\nh = 5_349_221\ni = 1_2_3\n"
		"max = 9223372036854775807\nmin = -9223372036854775808\n"
		"j = 9_223_372_036_854_775_807\n");

	is_int(get(r, "a"), 0);
	is_int(get(r, "b"), 0);
	is_int(get(r, "c"), 0);
	is_int(get(r, "d"), 42);
	is_int(get(r, "e"), 42);
	is_int(get(r, "f"), -17);
	is_int(get(r, "g"), 1000);
	is_int(get(r, "h"), 5349221);
	is_int(get(r, "i"), 123);
	is_int(get(r, "max"), INT64_MAX);
	is_int(get(r, "min"), INT64_MIN);
	is_int(get(r, "j"), INT64_MAX);
	toml_free(A, r);
}

Test(toml, booleans)
{
	struct toml_value *r = parse("t = true\nf = false # c\nx=true");

	cr_assert_eq(get(r, "t")->type, TOML_BOOLEAN);
	cr_assert(get(r, "t")->u.boolean);
	cr_assert_not(get(r, "f")->u.boolean);
	cr_assert(get(r, "x")->u.boolean);
	toml_free(A, r);
}

Test(toml, arrays)
{
	struct toml_value *r = parse(
		"empty = []\n"
		"spaced = [ ]\n"
		"ints = [1, 2, 3]\n"
		"trail = [\"a\", \"b\",]\n"
		"multi = [\n"
		"  \"one\",   # first\n"
		"  # a comment line\n"
		"\n"
		"  'two'  # second, no comma yet\n"
		"  ,\n"
		"]\n"
		"nested = [[1, 2], [\"x\"], []]\n"
		"bools = [true,false]\n"
		"crlf = [\r\n1,\r\n2\r\n]\n");
	const struct toml_value *v;

	cr_assert_eq(get(r, "empty")->u.array.len, 0);
	cr_assert_eq(get(r, "spaced")->u.array.len, 0);
	v = get(r, "ints");
	cr_assert_eq(v->u.array.len, 3);
	is_int(v->u.array.items[2], 3);
	cr_assert_eq(get(r, "trail")->u.array.len, 2);
	v = get(r, "multi");
	cr_assert_eq(v->u.array.len, 2);
	is_str(v->u.array.items[0], "one");
	is_str(v->u.array.items[1], "two");
	at(v->u.array.items[1], 9, 3);
	v = get(r, "nested");
	cr_assert_eq(v->u.array.len, 3);
	cr_assert_eq(v->u.array.items[0]->type, TOML_ARRAY);
	is_int(v->u.array.items[0]->u.array.items[1], 2);
	is_str(v->u.array.items[1]->u.array.items[0], "x");
	cr_assert_eq(v->u.array.items[2]->u.array.len, 0);
	cr_assert_eq(get(r, "bools")->u.array.len, 2);
	cr_assert_eq(get(r, "crlf")->u.array.len, 2);
	toml_free(A, r);
}

Test(toml, keys)
{
	struct toml_value *r = parse(
		"bare_key-1 = 1\n"
		"\"quoted key\" = 2\n"
		"\"\" = 3\n"
		"\"\\u00e9t\\u00e9\" = 4\n"
		"1234 = 5\n"
		"  indented   =   6  \n"
		"\"a.b\" = 7\n");

	is_int(get(r, "bare_key-1"), 1);
	is_int(get(r, "quoted key"), 2);
	is_int(get(r, ""), 3);
	is_int(get(r, "\xc3\xa9t\xc3\xa9"), 4);
	is_int(get(r, "1234"), 5);
	is_int(get(r, "indented"), 6);
	cr_assert_eq(toml_table_entry(r, "indented")->col, 3);
	is_int(get(r, "a.b"), 7);
	toml_free(A, r);
}

Test(toml, tables)
{
	struct toml_value *r = parse(
		"top = 1\n"
		"[a]\n"
		"x = 1\n"
		"[ b . c ]   # spaces around parts\n"
		"y = 2\n"
		"[b]\n"
		"z = 3\n"
		"[\"q k\".\"d\"]\n"
		"w = 4\n"
		"[e.f.g]\n"
		"[a.sub]\n"
		"[empty]\n");
	const struct toml_value *b, *c;

	is_int(get(r, "top"), 1);
	is_int(get(get(r, "a"), "x"), 1);
	b = get(r, "b");
	c = get(b, "c");
	is_int(get(c, "y"), 2);
	is_int(get(b, "z"), 3);
	/* [b] defined after [b.c] implicitly created it: its position. */
	at(b, 6, 1);
	at(c, 4, 1);
	cr_assert_eq(b->u.table.len, 2);
	is_int(get(get(get(r, "q k"), "d"), "w"), 4);
	cr_assert_eq(get(get(get(r, "e"), "f"), "g")->type, TOML_TABLE);
	cr_assert_eq(get(get(r, "a"), "sub")->type, TOML_TABLE);
	cr_assert_eq(get(r, "empty")->u.table.len, 0);
	toml_free(A, r);
}

Test(toml, array_of_tables)
{
	struct toml_value *r = parse(
		"[[mount]]\n"
		"fstype = \"ext2\"\n"
		"mountpoint = \"/mnt\"\n"
		"optional = false\n"
		"\n"
		"[[mount]]\n"
		"fstype = \"ext2\"\n"
		"[mount.extra]\n"
		"k = 1\n"
		"[[mount.sub]]\n"
		"[[mount.sub]]\n"
		"[[ mount ]]\n");
	const struct toml_value *m = get(r, "mount"), *t;

	cr_assert_eq(m->type, TOML_ARRAY);
	cr_assert(m->u.array.of_tables);
	cr_assert_str_eq(toml_value_kind(m), "array of tables");
	cr_assert_eq(m->u.array.len, 3);
	t = m->u.array.items[0];
	at(t, 1, 1);
	is_str(get(t, "mountpoint"), "/mnt");
	cr_assert_not(get(t, "optional")->u.boolean);
	t = m->u.array.items[1];
	at(t, 6, 1);
	is_int(get(get(t, "extra"), "k"), 1);
	cr_assert_eq(get(t, "sub")->u.array.len, 2);
	cr_assert_eq(m->u.array.items[2]->u.table.len, 0);
	toml_free(A, r);
}

Test(toml, columns_count_characters)
{
	struct toml_value *r = parse("\"\xc3\xa9\xc3\xa9\" = \"\xf0\x9f\x90\xbc\" # \xe2\x82\xac\nk\t= 1");

	at(get(r, "\xc3\xa9\xc3\xa9"), 1, 8);
	at(get(r, "k"), 2, 5);
	toml_free(A, r);
	bad("\"\xc3\xa9\xc3\xa9\" = 1 x", TOML_ESYNTAX, 1, 10,
	    "expected end of line");
}

Test(toml, names)
{
	cr_assert_str_eq(toml_type_name(TOML_STRING), "string");
	cr_assert_str_eq(toml_type_name(TOML_INTEGER), "integer");
	cr_assert_str_eq(toml_type_name(TOML_BOOLEAN), "boolean");
	cr_assert_str_eq(toml_type_name(TOML_ARRAY), "array");
	cr_assert_str_eq(toml_type_name(TOML_TABLE), "table");
	cr_assert_str_eq(toml_strerror(TOML_EDUPLICATE),
			 "duplicate definition");
	cr_assert_str_eq(toml_strerror(0), "ok");
}

Test(toml, error_format)
{
	struct toml_error e = { TOML_ESYNTAX, 3, 7, "boom" };
	char buf[64];

	cr_assert_eq(toml_error_format(&e, buf, sizeof(buf)),
		     (int)strlen("line 3, column 7: boom"));
	cr_assert_str_eq(buf, "line 3, column 7: boom");
}

/* ---------------------------------------------------------------- errors */

Test(toml, err_utf8)
{
	bad("a = \"\xff\"", TOML_EUTF8, 1, 6, "invalid UTF-8");
	bad("a = 1\n# \xc3\n", TOML_EUTF8, 2, 3, "invalid UTF-8");
	bad("a = 1\n\xed\xa0\x80 = 2", TOML_EUTF8, 2, 1, "0xed");	/* surrogate */
	bad("a = \"\xc0\xaf\"", TOML_EUTF8, 1, 6, "invalid UTF-8");	/* overlong */
	bad("\xc3\xa9\xc3\xa9\xe2\x82", TOML_EUTF8, 1, 3, "invalid UTF-8");
}

Test(toml, err_unsupported)
{
	bad("a = \"\"\"x\"\"\"", TOML_EUNSUPPORTED, 1, 5, "multi-line strings");
	bad("a = '''x'''", TOML_EUNSUPPORTED, 1, 5, "multi-line strings");
	bad("a = {x = 1}", TOML_EUNSUPPORTED, 1, 5, "inline tables");
	bad("a = [1, {}]", TOML_EUNSUPPORTED, 1, 9, "inline tables");
	bad("a = 1.5", TOML_EUNSUPPORTED, 1, 5, "floats");
	bad("a = -0.0", TOML_EUNSUPPORTED, 1, 5, "floats");
	bad("a = 1e6", TOML_EUNSUPPORTED, 1, 5, "floats");
	bad("a = 1E-6", TOML_EUNSUPPORTED, 1, 5, "floats");
	bad("a = inf", TOML_EUNSUPPORTED, 1, 5, "floats");
	bad("a = -inf", TOML_EUNSUPPORTED, 1, 5, "floats");
	bad("a = +nan", TOML_EUNSUPPORTED, 1, 5, "floats");
	bad("a = 1979-05-27", TOML_EUNSUPPORTED, 1, 5, "dates and times");
	bad("a = 1979-05-27T07:32:00Z", TOML_EUNSUPPORTED, 1, 5, "dates");
	bad("a = 1979-05-27 07:32:00", TOML_EUNSUPPORTED, 1, 5, "dates");
	bad("a = 07:32:00", TOML_EUNSUPPORTED, 1, 5, "dates and times");
	bad("a = 0x1F", TOML_EUNSUPPORTED, 1, 5, "hexadecimal");
	bad("a = 0o17", TOML_EUNSUPPORTED, 1, 5, "octal");
	bad("a = 0b101", TOML_EUNSUPPORTED, 1, 5, "binary");
	bad("a.b = 1", TOML_EUNSUPPORTED, 1, 2, "dotted keys");
	bad("a . b = 1", TOML_EUNSUPPORTED, 1, 3, "dotted keys");
	bad("\"a\".b = 1", TOML_EUNSUPPORTED, 1, 4, "dotted keys");
	bad("'a' = 1", TOML_EUNSUPPORTED, 1, 1, "literal-quoted keys");
	bad("['a']", TOML_EUNSUPPORTED, 1, 2, "literal-quoted keys");
	bad("\xef\xbb\xbf" "a = 1", TOML_EUNSUPPORTED, 1, 1, "byte order mark");
}

Test(toml, err_duplicate)
{
	bad("a = 1\na = 2", TOML_EDUPLICATE, 2, 1, "duplicate key \"a\"");
	bad("a = 1\n\"a\" = 2", TOML_EDUPLICATE, 2, 1, "duplicate key \"a\"");
	bad("[t]\nk = 1\n[u]\n[t]\n", TOML_EDUPLICATE, 4, 1,
	    "table [t] is defined twice");
	bad("[t.u]\n[t]\n[t]", TOML_EDUPLICATE, 3, 1,
	    "table [t] is defined twice");
	bad("[t.u]\n[t.u]", TOML_EDUPLICATE, 2, 1,
	    "table [t.u] is defined twice");
	bad("[t.u]\nk = 1\n[t]\nu = 2", TOML_EDUPLICATE, 4, 1,
	    "duplicate key \"u\"");
	bad("a = 1\n[a]", TOML_EDUPLICATE, 2, 1,
	    "cannot define table [a]: \"a\" is already an integer");
	bad("a = [1]\n[a.b]", TOML_EDUPLICATE, 2, 2,
	    "cannot use \"a\" as a table in [a.b]: it is already an array");
	bad("a = \"s\"\n[[a]]", TOML_EDUPLICATE, 2, 1,
	    "cannot define array of tables [[a]]: \"a\" is already a string");
	bad("a = []\n[[a]]", TOML_EDUPLICATE, 2, 1, "already an array");
	bad("[[a]]\n[a]", TOML_EDUPLICATE, 2, 1,
	    "cannot define table [a]: \"a\" is already an array of tables");
	bad("[a]\n[[a]]", TOML_EDUPLICATE, 2, 1,
	    "\"a\" is already a table");
	bad("[[a]]\nk = 1\n[[a]]\nk = 1\nk = 2", TOML_EDUPLICATE, 5, 1,
	    "duplicate key \"k\"");
	bad("[[a]]\n[a.b]\n[a.b]", TOML_EDUPLICATE, 3, 1, "defined twice");
	bad("[a]\nb = true\n[a.b.c]", TOML_EDUPLICATE, 3, 4,
	    "already a boolean");
}

Test(toml, err_syntax)
{
	bad("a", TOML_ESYNTAX, 1, 2, "expected '=' after key \"a\"");
	bad("a 1", TOML_ESYNTAX, 1, 3, "expected '='");
	bad("= 1", TOML_ESYNTAX, 1, 1, "expected a key, found '='");
	bad("a =", TOML_ESYNTAX, 1, 4, "expected a value, found end of file");
	bad("a = # c", TOML_ESYNTAX, 1, 5, "expected a value, found '#'");
	bad("a =\n1", TOML_ESYNTAX, 1, 4, "expected a value, found end of line");
	bad("a = 1 2", TOML_ESYNTAX, 1, 7, "expected end of line after value");
	bad("a = \"x\" \"y\"", TOML_ESYNTAX, 1, 9, "expected end of line");
	bad("a = hello", TOML_ESYNTAX, 1, 5, "invalid value \"hello\"");
	bad("a = True", TOML_ESYNTAX, 1, 5, "invalid value \"True\"");
	bad("a = truex", TOML_ESYNTAX, 1, 5, "invalid value");
	bad("a = =", TOML_ESYNTAX, 1, 5, "expected a value, found '='");
	bad("a = \"abc", TOML_ESYNTAX, 1, 5, "unterminated string");
	bad("a = \"abc\nb = 1", TOML_ESYNTAX, 1, 5, "unterminated string");
	bad("a = 'abc", TOML_ESYNTAX, 1, 5, "unterminated string");
	bad("a = \"a\x01\"", TOML_ESYNTAX, 1, 7,
	    "control character U+0001 in string");
	bad("a = 'a\x7f'", TOML_ESYNTAX, 1, 7,
	    "control character U+007F in string");
	bad("a = 1 # \x02", TOML_ESYNTAX, 1, 9,
	    "control character U+0002 in comment");
	bad_n("a = 1 \0", 7, TOML_ESYNTAX, 1, 7, "U+0000");
	bad("a = 1\rb = 2", TOML_ESYNTAX, 1, 6, "carriage return");
	bad("a = \"x\ry\"", TOML_ESYNTAX, 1, 7, "carriage return");
	bad("a = 01", TOML_ESYNTAX, 1, 5, "leading zeros");
	bad("a = -007", TOML_ESYNTAX, 1, 5, "leading zeros");
	bad("a = 1__0", TOML_ESYNTAX, 1, 5, "underscores");
	bad("a = 1_", TOML_ESYNTAX, 1, 5, "underscores");
	bad("a = +_1", TOML_ESYNTAX, 1, 5, "invalid value");
	bad("a = 12abc", TOML_ESYNTAX, 1, 5, "invalid integer \"12abc\"");
	bad("a = -", TOML_ESYNTAX, 1, 5, "invalid value");
	bad("a = [1 2]", TOML_ESYNTAX, 1, 8, "expected ',' or ']' in array");
	bad("a = [1,,2]", TOML_ESYNTAX, 1, 8, "expected a value, found ','");
	bad("a = [,]", TOML_ESYNTAX, 1, 6, "expected a value");
	bad("a = [1,\n", TOML_ESYNTAX, 2, 1, "expected a value, found end of file");
	bad("[a", TOML_ESYNTAX, 1, 3, "expected ']'");
	bad("[[a]", TOML_ESYNTAX, 1, 5, "expected ']]'");
	bad("[[a] ]", TOML_ESYNTAX, 1, 5, "expected ']]'");
	bad("[a]]", TOML_ESYNTAX, 1, 4, "expected end of line after table header");
	bad("[]", TOML_ESYNTAX, 1, 2, "expected a key");
	bad("[a.]", TOML_ESYNTAX, 1, 4, "expected a key");
	bad("[a] x = 1", TOML_ESYNTAX, 1, 5, "expected end of line");
	bad("a = 1 [b]", TOML_ESYNTAX, 1, 7, "expected end of line");
	bad("\xc3\xa9 = 1", TOML_ESYNTAX, 1, 1, "expected a key, found U+00E9");
}

Test(toml, err_escape)
{
	bad("a = \"\\x\"", TOML_EESCAPE, 1, 6,
	    "invalid escape sequence: backslash followed by 'x'");
	bad("a = \"\\ \"", TOML_EESCAPE, 1, 6, "invalid escape sequence");
	bad("a = \"\\e\"", TOML_EESCAPE, 1, 6, "invalid escape");
	bad("a = \"\\u12\"", TOML_EESCAPE, 1, 6, "\\u needs exactly 4 hex");
	bad("a = \"\\U0001F4\"", TOML_EESCAPE, 1, 6, "\\U needs exactly 8");
	bad("a = \"\\uD800\"", TOML_EESCAPE, 1, 6, "not a Unicode scalar");
	bad("a = \"\\U00110000\"", TOML_EESCAPE, 1, 6, "U+110000");
	bad("a = \"\\u0000\"", TOML_EESCAPE, 1, 6, "NUL");
	bad("a = \"x\\", TOML_EESCAPE, 1, 7, "backslash at end of line");
	bad("\"k\\q\" = 1", TOML_EESCAPE, 1, 3, "invalid escape");
}

Test(toml, err_range)
{
	bad("a = 9223372036854775808", TOML_ERANGE, 1, 5, "does not fit");
	bad("a = -9223372036854775809", TOML_ERANGE, 1, 5, "64 bits");
	bad("a = 99999999999999999999999", TOML_ERANGE, 1, 5, "64 bits");
}

Test(toml, err_type)
{
	bad("a = [1, \"x\"]", TOML_ETYPE, 1, 9,
	    "array mixes types: string after integer");
	bad("a = [\"x\",\n  true]", TOML_ETYPE, 2, 3,
	    "boolean after string");
	bad("a = [[1], 2]", TOML_ETYPE, 1, 11, "integer after array");
	bad("a = ['x', \"y\", 3]", TOML_ETYPE, 1, 16, "integer after string");
}

Test(toml, err_limits)
{
	char buf[70000];
	size_t n;
	int i;

	/* Arrays: 16 levels fine, 17 too deep. */
	n = (size_t)sprintf(buf, "a = ");
	for (i = 0; i < TOML_MAX_DEPTH; i++)
		buf[n++] = '[';
	for (i = 0; i < TOML_MAX_DEPTH; i++)
		buf[n++] = ']';
	buf[n] = '\0';
	toml_free(A, parse(buf));
	n = (size_t)sprintf(buf, "a = ");
	for (i = 0; i <= TOML_MAX_DEPTH; i++)
		buf[n++] = '[';
	buf[n] = '\0';
	bad(buf, TOML_ELIMIT, 1, 5 + TOML_MAX_DEPTH, "nested more than 16");

	/* Header parts. */
	strcpy(buf, "[a");
	for (i = 1; i < TOML_MAX_DEPTH; i++)
		strcat(buf, ".a");
	strcat(buf, "]");
	toml_free(A, parse(buf));
	strcpy(buf + strlen(buf) - 1, ".a]");
	bad(buf, TOML_ELIMIT, 1, 2 * TOML_MAX_DEPTH + 2,
	    "more than 16 parts");

	/* Keys. */
	memset(buf, 'k', TOML_MAX_KEY);
	strcpy(buf + TOML_MAX_KEY, " = 1");
	toml_free(A, parse(buf));
	memset(buf, 'k', TOML_MAX_KEY + 1);
	strcpy(buf + TOML_MAX_KEY + 1, " = 1");
	bad(buf, TOML_ELIMIT, 1, 1, "key longer than 256 bytes");
	buf[0] = '"';
	memset(buf + 1, 'k', TOML_MAX_KEY + 1);
	strcpy(buf + TOML_MAX_KEY + 2, "\" = 1");
	bad(buf, TOML_ELIMIT, 1, 1, "key longer than 256 bytes");

	/* Strings (an escape counts its UTF-8 bytes). */
	strcpy(buf, "s = \"");
	memset(buf + 5, 'x', TOML_MAX_STRING);
	strcpy(buf + 5 + TOML_MAX_STRING, "\"");
	toml_free(A, parse(buf));
	strcpy(buf + 5 + TOML_MAX_STRING - 1, "\\u00e9\"");
	bad(buf, TOML_ELIMIT, 1, 5, "string longer than 65535 bytes");

	/* Input size. */
	bad_n(buf, (size_t)TOML_MAX_INPUT + 1, TOML_ELIMIT, 1, 1,
	      "input larger");
}

Test(toml, err_items_limit)
{
	size_t cap = (TOML_MAX_ITEMS + 2) * 3 + 16, n;
	char *buf = malloc(cap);
	int i;

	cr_assert_not_null(buf);
	n = (size_t)sprintf(buf, "a = [");
	for (i = 0; i < TOML_MAX_ITEMS; i++)
		n += (size_t)sprintf(buf + n, "1,");
	buf[n++] = ']';
	buf[n] = '\0';
	toml_free(A, parse(buf));
	strcpy(buf + n - 1, "1]");
	bad(buf, TOML_ELIMIT, 1, 5 + 2 * TOML_MAX_ITEMS + 1,
	    "more than 65535 entries in an array");
	free(buf);
}

Test(toml, err_invalid_args)
{
	struct toml_value *r;
	struct toml_error e;

	cr_assert_eq(toml_parse(NULL, "", 0, &r, &e), TOML_EINVAL);
	cr_assert_eq(toml_parse(A, "", 0, NULL, &e), TOML_EINVAL);
	cr_assert_eq(toml_parse(A, NULL, 3, &r, NULL), TOML_EINVAL);
}

/* Every allocation failing in turn: ENOMEM, nothing leaked. */
Test(toml, err_nomem)
{
	static const char text[] =
		"top = \"x\"\n"
		"[service]\nexec = \"file:/x\"\nargs = [\"a\", \"b\", \"c\", \"d\", \"e\"]\n"
		"[service.env]\nA = \"1\"\nB = \"2\"\nC = \"3\"\nD = \"4\"\nE = \"5\"\n"
		"[a.b.c]\nn = [[1], [2]]\n[[m]]\n[[m]]\nk = true\n[m.x]\n";
	struct toml_value *r;
	struct toml_error e;
	long total, i;
	int err;

	err = toml_parse(A, text, strlen(text), &r, &e);
	cr_assert_eq(err, 0);
	toml_free(A, r);
	total = test_cnt.allocs;
	for (i = 1; i <= total; i++) {
		test_cnt.allocs = 0;
		test_cnt.fail_from = i;
		err = toml_parse(A, text, strlen(text), &r, &e);
		cr_assert_eq(err, TOML_ENOMEM, "fail at %ld: %d", i, err);
		cr_assert_null(r);
		cr_assert_eq(test_cnt.live, 0, "fail at %ld: %ld leaked", i,
			     test_cnt.live);
		cr_assert_str_eq(e.msg, "out of memory");
	}
}

/* Without an error struct the code is still right. */
Test(toml, err_without_error_struct)
{
	struct toml_value *r;

	cr_assert_eq(toml_parse(A, "a = 1\na = 2", 11, &r, NULL),
		     TOML_EDUPLICATE);
	cr_assert_null(r);
}
