// SPDX-License-Identifier: GPL-2.0
/*
 * Tab completion at the prompt.  The word before the cursor is completed
 * as a command (builtins and the programs in PATH) when it starts a stage
 * and has no '/', else as a path (relative to the current directory;
 * directories get a '/').  One candidate: it is completed, with a space
 * after a command or file.  Several: their common prefix is added, and a
 * second Tab lists them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "terminal.h"

#define MAX_CANDIDATES	256

static struct {
	char *name[MAX_CANDIDATES];
	bool dir[MAX_CANDIDATES];
	size_t n;
} cand;

static const char *const builtin_names[] = {
	"cd", "clear", "exit", "help", "history", "pwd",
};

static void add(const char *name, size_t len, bool dir)
{
	size_t i;

	for (i = 0; i < cand.n; i++)
		if (strlen(cand.name[i]) == len &&
		    !memcmp(cand.name[i], name, len))
			return;
	if (cand.n < MAX_CANDIDATES) {
		cand.name[cand.n] = strndup(name, len);
		cand.dir[cand.n] = dir;
		if (cand.name[cand.n])
			cand.n++;
	}
}

static void reset(void)
{
	size_t i;

	for (i = 0; i < cand.n; i++)
		free(cand.name[i]);
	cand.n = 0;
}

/* Entries of dir starting with prefix[0..plen). */
static void scan_dir(const char *dir, const char *prefix, size_t plen,
		     bool programs_only)
{
	char uri[TERM_URI_MAX], name[256];
	struct panda_dirent e;
	panda_handle_t h;

	snprintf(uri, sizeof(uri), "file:%s", dir);
	if (panda_opendir(uri, &h))
		return;
	while (panda_readdir(h, &e) == 1) {
		size_t n = panda_dirent_name(&e, name, sizeof(name));

		if (n < plen || memcmp(name, prefix, plen))
			continue;
		if (programs_only && e.is_dir)
			continue;
		add(name, n, e.is_dir);
	}
	panda_close(h);
}

static void commands(const char *prefix, size_t plen)
{
	const char *p = panda_getenv("PATH"), *end;
	char dir[TERM_PATH_MAX];
	size_t i;

	for (i = 0; i < sizeof(builtin_names) / sizeof(builtin_names[0]); i++)
		if (!strncmp(builtin_names[i], prefix, plen))
			add(builtin_names[i], strlen(builtin_names[i]), false);
	if (!p)
		p = "/mnt:/initrd";
	while (*p) {
		end = strchr(p, ':');
		if (!end)
			end = p + strlen(p);
		snprintf(dir, sizeof(dir), "%.*s", (int)(end - p), p);
		p = *end ? end + 1 : end;
		scan_dir(dir, prefix, plen, true);
	}
}

static void paths(const char *word, size_t wlen, size_t *base_off)
{
	char dir[TERM_PATH_MAX], abs[TERM_PATH_MAX];
	const char *slash = NULL;
	size_t i;

	for (i = 0; i < wlen; i++)
		if (word[i] == '/')
			slash = word + i;
	if (slash) {
		size_t dlen = (size_t)(slash - word) + 1;

		snprintf(dir, sizeof(dir), "%.*s", (int)dlen, word);
		*base_off = dlen;
	} else {
		strcpy(dir, ".");
		*base_off = 0;
	}
	if (!shell_abspath(dir, abs, sizeof(abs)))
		return;
	scan_dir(abs, word + *base_off, wlen - *base_off, false);
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list(void)
{
	size_t i, col = 0, width = 0;
	char *sorted[MAX_CANDIDATES];

	memcpy(sorted, cand.name, cand.n * sizeof(char *));
	qsort(sorted, cand.n, sizeof(char *), cmp_name);
	for (i = 0; i < cand.n; i++)
		if (strlen(sorted[i]) > width)
			width = strlen(sorted[i]);
	width += 2;
	term_line_end(&term.line);
	edit_redraw(&term.line, false);
	term_screen_newline(&term.screen);
	for (i = 0; i < cand.n; i++) {
		if (col && col + width > term.screen.cols) {
			say(&attr_plain, "\n");
			col = 0;
		}
		say(&attr_plain, "%-*s", (int)width, sorted[i]);
		col += width;
	}
	if (col)
		say(&attr_plain, "\n");
}

void complete(bool twice)
{
	struct term_line *l = &term.line;
	size_t start = l->pos, base_off = 0, plen, common, i;
	bool command = true, listed = false;
	const char *word;

	while (start && l->buf[start - 1] != ' ' && l->buf[start - 1] != '|')
		start--;
	for (i = start; i > 0; i--) {
		char c = l->buf[i - 1];

		if (c == '|')
			break;
		if (c != ' ' && c != '\t') {
			command = false;
			break;
		}
	}
	word = l->buf + start;
	if (command && !memchr(word, '/', l->pos - start))
		commands(word, l->pos - start);
	else
		paths(word, l->pos - start, &base_off);
	plen = l->pos - start - base_off;

	if (cand.n == 1) {
		term_line_insert_text(l, cand.name[0] + plen,
				      strlen(cand.name[0]) - plen);
		term_line_insert(l, cand.dir[0] ? '/' : ' ');
	} else if (cand.n > 1) {
		common = strlen(cand.name[0]);
		for (i = 1; i < cand.n; i++) {
			size_t k = 0;

			while (k < common && cand.name[i][k] == cand.name[0][k])
				k++;
			common = k;
		}
		if (common > plen)
			term_line_insert_text(l, cand.name[0] + plen,
					      common - plen);
		else if (twice)
			list(), listed = true;
	}
	reset();
	if (listed)
		show_prompt();
	else
		edit_redraw(l, false);
}
