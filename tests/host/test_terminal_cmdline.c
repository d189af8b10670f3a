// SPDX-License-Identifier: GPL-2.0
/*
 * Tests for lib/term_cmdline.c: words, blanks, single and double quotes,
 * backslashes, pipelines, empty stages and the limits.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <lib/term_cmdline.h>

static struct term_cmdline c;

/* The parse as "[w1,w2][w3]" (one bracket per stage), or the error. */
static const char *parse(const char *s)
{
	static char out[4096];
	size_t i, j, at = 0;
	int err = term_cmdline_parse(&c, s, strlen(s));

	if (err) {
		snprintf(out, sizeof(out), "error %d at %zu", err, c.err_pos);
		return out;
	}
	out[0] = '\0';
	for (i = 0; i < c.nstages; i++) {
		at += snprintf(out + at, sizeof(out) - at, "[");
		for (j = 0; j < c.stages[i].argc; j++)
			at += snprintf(out + at, sizeof(out) - at, "%s%s",
				       j ? "," : "", c.stages[i].argv[j]);
		cr_assert_null(c.stages[i].argv[c.stages[i].argc]);
		at += snprintf(out + at, sizeof(out) - at, "]");
	}
	return out;
}

Test(term_cmdline, words)
{
	cr_assert_str_eq(parse("hello"), "[hello]");
	cr_assert_str_eq(parse("  ls   -l\t/initrd  "), "[ls,-l,/initrd]");
}

Test(term_cmdline, blank_line)
{
	cr_assert_str_eq(parse(""), "");
	cr_assert_eq(c.nstages, 0);
	cr_assert_str_eq(parse(" \t "), "");
	cr_assert_eq(c.nstages, 0);
}

Test(term_cmdline, pipelines)
{
	cr_assert_str_eq(parse("ls /initrd | grep hel"),
			 "[ls,/initrd][grep,hel]");
	cr_assert_str_eq(parse("a|b|c"), "[a][b][c]");
	cr_assert_str_eq(parse("a x| b y |c z"), "[a,x][b,y][c,z]");
	cr_assert_eq(c.nstages, 3);
	cr_assert_eq(c.stages[1].argc, 2);
}

Test(term_cmdline, single_quotes)
{
	cr_assert_str_eq(parse("echo 'a b'  'c|d'"), "[echo,a b,c|d]");
	cr_assert_str_eq(parse("echo 'a\\n\"b'"), "[echo,a\\n\"b]");
}

Test(term_cmdline, double_quotes)
{
	cr_assert_str_eq(parse("grep \"hel lo\" x"), "[grep,hel lo,x]");
	cr_assert_str_eq(parse("echo \"a \\\"q\\\" \\\\ \\$ \\n\""),
			 "[echo,a \"q\" \\ $ \\n]");
	cr_assert_str_eq(parse("echo \"x|y\"|cat"), "[echo,x|y][cat]");
}

Test(term_cmdline, joined_pieces_and_empty_words)
{
	cr_assert_str_eq(parse("echo a\"b c\"d'e'"), "[echo,ab cde]");
	cr_assert_str_eq(parse("echo \"\" ''"), "[echo,,]");
	cr_assert_eq(c.stages[0].argc, 3);
}

Test(term_cmdline, backslash)
{
	cr_assert_str_eq(parse("echo a\\ b \\| \\'"), "[echo,a b,|,']");
	cr_assert_str_eq(parse("echo \\"), "error -2 at 5");
}

Test(term_cmdline, unterminated_quotes)
{
	cr_assert_str_eq(parse("echo 'abc"), "error -1 at 5");
	cr_assert_str_eq(parse("echo \"abc"), "error -1 at 5");
	cr_assert_str_eq(parse("echo \"a\\\""), "error -1 at 5");
	cr_assert_eq(c.nstages, 0);
}

Test(term_cmdline, empty_stages)
{
	cr_assert_str_eq(parse("| a"), "error -3 at 0");
	cr_assert_str_eq(parse("a |"), "error -3 at 2");
	cr_assert_str_eq(parse("a | | b"), "error -3 at 4");
	cr_assert_str_eq(parse("a || b"), "error -3 at 3");
	cr_assert_str_eq(parse("a | ''"), "[a][]");
}

Test(term_cmdline, limits)
{
	char buf[TERM_CMD_MAX_LEN + 8];
	size_t i;

	/* Exactly TERM_CMD_MAX_WORDS words fit, one more does not. */
	for (i = 0; i < TERM_CMD_MAX_WORDS; i++) {
		buf[2 * i] = 'w';
		buf[2 * i + 1] = ' ';
	}
	buf[2 * i] = '\0';
	cr_assert_eq(term_cmdline_parse(&c, buf, strlen(buf)), 0);
	cr_assert_eq(c.stages[0].argc, TERM_CMD_MAX_WORDS);
	strcat(buf, "w");
	cr_assert_eq(term_cmdline_parse(&c, buf, strlen(buf)), TERM_CMD_E2BIG);

	/* Stages. */
	buf[0] = '\0';
	for (i = 0; i < TERM_CMD_MAX_STAGES; i++)
		strcat(buf, i ? "|a" : "a");
	cr_assert_eq(term_cmdline_parse(&c, buf, strlen(buf)), 0);
	cr_assert_eq(c.nstages, TERM_CMD_MAX_STAGES);
	strcat(buf, "|a");
	cr_assert_eq(term_cmdline_parse(&c, buf, strlen(buf)), TERM_CMD_E2BIG);

	/* Bytes. */
	memset(buf, 'x', TERM_CMD_MAX_LEN + 1);
	cr_assert_eq(term_cmdline_parse(&c, buf, TERM_CMD_MAX_LEN), 0);
	cr_assert_eq(strlen(c.stages[0].argv[0]), TERM_CMD_MAX_LEN);
	cr_assert_eq(term_cmdline_parse(&c, buf, TERM_CMD_MAX_LEN + 1),
		     TERM_CMD_E2BIG);
}

Test(term_cmdline, many_short_words_in_many_stages)
{
	char buf[TERM_CMD_MAX_LEN];
	size_t i;

	/* 8 stages x 8 words: 64 words, the most there may be. */
	buf[0] = '\0';
	for (i = 0; i < TERM_CMD_MAX_STAGES * 8; i++) {
		strcat(buf, "w");
		strcat(buf, i % 8 == 7 && i + 1 < TERM_CMD_MAX_STAGES * 8 ?
			    "|" : " ");
	}
	cr_assert_eq(term_cmdline_parse(&c, buf, strlen(buf)), 0);
	cr_assert_eq(c.nstages, TERM_CMD_MAX_STAGES);
	for (i = 0; i < c.nstages; i++)
		cr_assert_eq(c.stages[i].argc, 8);
}

Test(term_cmdline, strerror)
{
	cr_assert_str_eq(term_cmdline_strerror(TERM_CMD_EQUOTE),
			 "unterminated quote");
	cr_assert_str_eq(term_cmdline_strerror(0), "ok");
	cr_assert_str_eq(term_cmdline_strerror(-99), "syntax error");
}
