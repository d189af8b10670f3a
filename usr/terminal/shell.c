// SPDX-License-Identifier: GPL-2.0
/*
 * Command lines (userspace.md 5.5): parsing (lib/term_cmdline.c), the
 * builtins help, clear, cd, pwd, history and exit, and command lookup:
 * a word with a '/' is a path (relative to the current directory),
 * anything else is looked up in the directories of PATH (/mnt, then
 * /initrd).
 */
#include <lib/path.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "terminal.h"

bool shell_abspath(const char *path, char *out, size_t cap)
{
	return !path_resolve(term.cwd, path, out, cap);
}

static int stat_path(const char *path, struct panda_file_stat *st)
{
	char uri[TERM_URI_MAX];

	snprintf(uri, sizeof(uri), "file:%s", path);
	return panda_stat_path(uri, st);
}

static bool is_program(const char *path)
{
	struct panda_file_stat st;

	return !stat_path(path, &st) && !st.is_dir;
}

bool shell_resolve(const char *word, char *uri, size_t cap)
{
	char path[TERM_PATH_MAX], dir[TERM_PATH_MAX];
	const char *p, *end;

	if (strchr(word, '/')) {
		if (!shell_abspath(word, path, sizeof(path)) ||
		    !is_program(path))
			return false;
		snprintf(uri, cap, "file:%s", path);
		return true;
	}
	p = panda_getenv("PATH");
	if (!p)
		p = "/mnt:/initrd";
	while (*p) {
		end = strchr(p, ':');
		if (!end)
			end = p + strlen(p);
		if (end > p && (size_t)(end - p) < sizeof(dir)) {
			memcpy(dir, p, end - p);
			dir[end - p] = '\0';
			snprintf(path, sizeof(path), "%s/%s", dir, word);
			if (is_program(path)) {
				snprintf(uri, cap, "file:%s", path);
				return true;
			}
		}
		p = *end ? end + 1 : end;
	}
	return false;
}

/* ------------------------------------------------------------ builtins */

void shell_clear(void)
{
	term_screen_clear(&term.screen, TERM_CLEAR_SCREEN);
	if (term.display->query_size)
		term.display->query_size(term.display);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Names of the programs in the PATH directories, sorted, unique. */
static void list_programs(void)
{
	char *names[128], dir[TERM_PATH_MAX], uri[TERM_URI_MAX];
	size_t n = 0, i, col = 0;
	const char *p = panda_getenv("PATH"), *end;

	if (!p)
		p = "/mnt:/initrd";
	while (*p && n < 128) {
		struct panda_dirent e;
		panda_handle_t h;

		end = strchr(p, ':');
		if (!end)
			end = p + strlen(p);
		snprintf(dir, sizeof(dir), "%.*s", (int)(end - p), p);
		p = *end ? end + 1 : end;
		snprintf(uri, sizeof(uri), "file:%s", dir);
		if (panda_opendir(uri, &h))
			continue;
		while (n < 128 && panda_readdir(h, &e) == 1) {
			char name[256];
			bool dup = false;

			panda_dirent_name(&e, name, sizeof(name));
			if (e.is_dir || strchr(name, '.') ||
			    !strcmp(name, "init") || !strcmp(name, "terminal"))
				continue;
			for (i = 0; i < n; i++)
				dup |= !strcmp(names[i], name);
			if (!dup && (names[n] = strdup(name)))
				n++;
		}
		panda_close(h);
	}
	qsort(names, n, sizeof(names[0]), cmp_str);
	for (i = 0; i < n; i++) {
		size_t w = strlen(names[i]) + 2;

		if (col && col + w > term.screen.cols) {
			say(&attr_plain, "\n");
			col = 0;
		}
		say(&attr_plain, "  %s", names[i]);
		col += w;
		free(names[i]);
	}
	if (col)
		say(&attr_plain, "\n");
}

static void builtin_help(void)
{
	static const char *const lines[][2] = {
		{ "help", "this text" },
		{ "clear", "clear the screen (also Ctrl+L)" },
		{ "cd [dir]", "change the current directory (default /)" },
		{ "pwd", "print the current directory" },
		{ "history", "list the commands entered so far" },
		{ "exit [code]", "leave the terminal" },
	};
	size_t i;

	say(&attr_prompt, "Builtins:\n");
	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		say(&attr_plain, "  %-12s %s\n", lines[i][0], lines[i][1]);
	say(&attr_prompt, "Programs");
	say(&attr_plain, " (in %s):\n",
	    panda_getenv("PATH") ? panda_getenv("PATH") : "/mnt:/initrd");
	list_programs();
	say(&attr_prompt, "Keys:\n");
	say(&attr_plain,
	    "  Left/Right Home/End Backspace/Delete edit, Up/Down history,\n"
	    "  Ctrl+A/E/K/U/W as in readline, PageUp/PageDown scroll back,\n"
	    "  Ctrl+C interrupts the running command.\n");
	say(&attr_plain, "Commands run with arguments and connect with '|': "
			 "ls /initrd | grep hel\n");
}

static void builtin_cd(size_t argc, char **argv)
{
	const char *target = argc > 1 ? argv[1] : panda_getenv("HOME");
	struct panda_file_stat st;
	char path[TERM_PATH_MAX];
	int err;

	if (argc > 2) {
		say(&attr_error, "cd: too many arguments\n");
		return;
	}
	if (!target)
		target = "/";
	if (!shell_abspath(target, path, sizeof(path))) {
		say(&attr_error, "cd: %s: invalid path\n", target);
		return;
	}
	err = stat_path(path, &st);
	if (err) {
		say(&attr_error, "cd: %s: No such file or directory\n", target);
		return;
	}
	if (!st.is_dir) {
		say(&attr_error, "cd: %s: Not a directory\n", target);
		return;
	}
	strcpy(term.cwd, path);
	panda_setenv("PWD", term.cwd);
}

static void builtin_history(void)
{
	size_t k;

	for (k = term.history.count; k >= 1; k--)
		say(&attr_plain, "%4zu  %s\n", term.history.count - k + 1,
		    term_history_get(&term.history, k));
}

static void builtin_exit(size_t argc, char **argv)
{
	char *end;
	long code = 0;

	if (argc > 1) {
		code = strtol(argv[1], &end, 10);
		if (*end || !*argv[1]) {
			say(&attr_error, "exit: %s: numeric argument required\n",
			    argv[1]);
			return;
		}
	}
	term.exit_code = (int)code;
	term.exiting = true;
}

static const char *const builtins[] = {
	"help", "clear", "cd", "pwd", "history", "exit",
};

static bool is_builtin(const char *w)
{
	size_t i;

	for (i = 0; i < sizeof(builtins) / sizeof(builtins[0]); i++)
		if (!strcmp(w, builtins[i]))
			return true;
	return false;
}

static void run_builtin(size_t argc, char **argv)
{
	const char *w = argv[0];

	if (!strcmp(w, "help"))
		builtin_help();
	else if (!strcmp(w, "clear"))
		shell_clear();
	else if (!strcmp(w, "cd"))
		builtin_cd(argc, argv);
	else if (!strcmp(w, "pwd"))
		say(&attr_plain, "%s\n", term.cwd);
	else if (!strcmp(w, "history"))
		builtin_history();
	else if (!strcmp(w, "exit"))
		builtin_exit(argc, argv);
}

/* ------------------------------------------------------------ running */

static struct term_cmdline cmdline;
static char uris[TERM_CMD_MAX_STAGES][TERM_URI_MAX];

void shell_run(const char *line)
{
	struct term_cmdline *c = &cmdline;
	size_t i;
	int err;

	err = term_cmdline_parse(c, line, strlen(line));
	if (err) {
		say(&attr_error, "syntax error: %s (at column %zu)\n",
		    term_cmdline_strerror(err), c->err_pos + 1);
		return;
	}
	if (!c->nstages)
		return;
	if (c->nstages == 1 && is_builtin(c->stages[0].argv[0])) {
		run_builtin(c->stages[0].argc, c->stages[0].argv);
		return;
	}
	for (i = 0; i < c->nstages; i++) {
		const char *w = c->stages[i].argv[0];

		if (is_builtin(w)) {
			say(&attr_error, "%s: a builtin cannot be part of a "
				"pipeline\n", w);
			return;
		}
		if (!shell_resolve(w, uris[i], sizeof(uris[i]))) {
			say(&attr_error, "%s: command not found\n", w);
			return;
		}
	}
	job_start(c, uris);
}
