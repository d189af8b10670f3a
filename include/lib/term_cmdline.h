/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Command lines of the terminal: words, quotes and pipelines.  Pure and
 * freestanding, host-tested.
 *
 *	ls /initrd | grep "hel lo" | cat
 *
 * is three stages: {"ls", "/initrd"}, {"grep", "hel lo"}, {"cat"}.
 *
 * Rules (a small subset of the POSIX shell's):
 *   - Words are separated by blanks (space, tab); '|' outside quotes ends
 *     a stage (no blanks needed around it).
 *   - '...' quotes everything up to the next ', literally.
 *   - "..." quotes too, but a backslash before " \ $ or ` stands for that
 *     character (before anything else it stays a backslash).
 *   - Outside quotes a backslash makes the next character literal.
 *   - Quoted and unquoted pieces next to each other form one word
 *     (a"b c"d is "ab cd"); "" is an empty word.
 *   - There is no expansion, globbing, redirection or ';'.
 *
 * Errors: an unterminated quote, a trailing backslash, an empty stage
 * ("| a", "a |", "a || b"), or too many words, stages or bytes.  A line
 * of only blanks parses to zero stages.
 */
#ifndef _LIB_TERM_CMDLINE_H
#define _LIB_TERM_CMDLINE_H

#include <stddef.h>

#define TERM_CMD_MAX_LEN	1024	/* bytes in the line */
#define TERM_CMD_MAX_WORDS	64	/* in all stages */
#define TERM_CMD_MAX_STAGES	8

#define TERM_CMD_EQUOTE		(-1)	/* unterminated quote */
#define TERM_CMD_EESCAPE	(-2)	/* backslash at the end */
#define TERM_CMD_EEMPTY_STAGE	(-3)	/* nothing between two '|' ... */
#define TERM_CMD_E2BIG		(-4)	/* too many words / stages / bytes */

struct term_stage {
	size_t argc;
	char **argv;		/* argc words, then NULL */
};

struct term_cmdline {
	size_t nstages;
	struct term_stage stages[TERM_CMD_MAX_STAGES];
	size_t err_pos;		/* byte offset of the problem, on error */
	char *slots[TERM_CMD_MAX_WORDS + TERM_CMD_MAX_STAGES];
	char text[TERM_CMD_MAX_LEN + TERM_CMD_MAX_WORDS];
};

/* Parse line[0..len).  0 (c->nstages may be 0) or a TERM_CMD_E* code. */
int term_cmdline_parse(struct term_cmdline *c, const char *line, size_t len);

/* "unterminated quote", ... */
const char *term_cmdline_strerror(int err);

#endif /* _LIB_TERM_CMDLINE_H */
