// SPDX-License-Identifier: GPL-2.0
/*
 * ls: list a directory as a Table (userspace.md 6.2).
 *
 *	ls [-l] [PATH...]
 *
 * Columns Name, Type, Size (directories: Name in blue, "dir", "-"; files:
 * "file" and the size as 17, 8K, 4M, 1G); -l adds Bytes, the exact size
 * as an Int.  Entries are sorted by name (bytes).  PATH is relative to
 * the current directory (PWD, from the terminal); without one, the
 * current directory, or /mnt when there is none.  A file as PATH lists
 * that file.
 *
 * The table goes to STDOUT in a pipeline, else to the terminal
 * (panda_output_value).  A table that does not fit one message (4096
 * bytes) is sent as several, each with the headers.
 */
#include <lib/path.h>
#include <panda/panda.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct entry {
	char name[256];
	bool is_dir;
	uint64_t size;
};

static bool long_format;

static void help(void)
{
	panda_term_print(
		"usage: ls [-l] [PATH...]\n"
		"List the entries of each directory PATH (default: the current "
		"directory)\nas a table of Name, Type and Size; -l adds Bytes, "
		"the exact size.\n");
}

static void format_size(uint64_t n, char *buf, size_t cap)
{
	if (n < 1024)
		snprintf(buf, cap, "%llu", (unsigned long long)n);
	else if (n < 1024 * 1024)
		snprintf(buf, cap, "%lluK", (unsigned long long)(n >> 10));
	else if (n < 1024 * 1024 * 1024)
		snprintf(buf, cap, "%lluM", (unsigned long long)(n >> 20));
	else
		snprintf(buf, cap, "%lluG", (unsigned long long)(n >> 30));
}

static panda_value *new_table(void)
{
	panda_value *h[4];
	unsigned cols = long_format ? 4 : 3;

	h[0] = panda_value_string("Name");
	h[1] = panda_value_string("Type");
	h[2] = panda_value_string("Size");
	h[3] = panda_value_string("Bytes");
	if (!long_format)
		panda_value_free(h[3]);
	return panda_value_table((uint16_t)cols, h);
}

static void add_row(panda_value *t, const struct entry *e)
{
	panda_value *row[4];
	char size[32];

	if (e->is_dir) {
		row[0] = panda_coloured(e->name, panda_colour_named(PANDA_BLUE));
		row[1] = panda_value_string("dir");
		row[2] = panda_value_string("-");
	} else {
		format_size(e->size, size, sizeof(size));
		row[0] = panda_value_string(e->name);
		row[1] = panda_value_string("file");
		row[2] = panda_value_string(size);
	}
	row[3] = panda_value_int((int64_t)e->size);
	if (!long_format)
		panda_value_free(row[3]);
	panda_table_push_row(t, row);
}

/* Send the rows as few tables as fit a message each (at least one). */
static int output(const struct entry *e, size_t n)
{
	size_t first = 0, i, j;
	int err;

	do {
		panda_value *t = new_table();

		for (i = first; i < n; i++) {
			add_row(t, &e[i]);
			if (i > first && value_encoded_size(t) >
					 PANDA_MAX_MESSAGE_SIZE - 64) {
				/* Too big: this row starts the next table. */
				panda_value_free(t);
				t = new_table();
				for (j = first; j < i; j++)
					add_row(t, &e[j]);
				break;
			}
		}
		err = panda_output_value(t);
		panda_value_free(t);
		if (err)
			return err;
		first = i;
	} while (first < n);
	return 0;
}

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->name,
		      ((const struct entry *)b)->name);
}

static int list(const char *arg)
{
	char path[PATH_MAX_LEN], uri[PATH_MAX_LEN + 300];
	struct panda_file_stat st;
	struct panda_dirent de;
	struct entry *e = NULL;
	size_t n = 0, cap = 0, i;
	panda_handle_t h;
	int r, err;

	if (path_resolve(panda_getenv("PWD"), arg, path, sizeof(path))) {
		panda_term_errorf("ls: cannot access '%s': No such file or "
				  "directory", arg);
		return 1;
	}
	snprintf(uri, sizeof(uri), "file:%s", path);
	if (!panda_stat_path(uri, &st) && !st.is_dir) {
		struct entry one = { .is_dir = false, .size = st.size };
		const char *slash = strrchr(path, '/');

		snprintf(one.name, sizeof(one.name), "%s",
			 slash ? slash + 1 : path);
		return output(&one, 1) ? 1 : 0;
	}
	err = panda_opendir(uri, &h);
	if (err) {
		panda_term_errorf("ls: cannot access '%s': No such file or "
				  "directory", arg);
		return 1;
	}
	while ((r = panda_readdir(h, &de)) == 1) {
		if (n == cap) {
			cap = cap ? 2 * cap : 32;
			e = realloc(e, cap * sizeof(*e));
			if (!e)
				panda_oom(cap * sizeof(*e));
		}
		panda_dirent_name(&de, e[n].name, sizeof(e[n].name));
		e[n].is_dir = de.is_dir;
		e[n].size = 0;
		n++;
	}
	panda_close(h);
	if (r < 0) {
		panda_term_error("ls: error reading directory");
		free(e);
		return 1;
	}
	qsort(e, n, sizeof(*e), cmp_entry);
	for (i = 0; i < n; i++) {
		if (e[i].is_dir)
			continue;
		snprintf(uri, sizeof(uri), "file:%s%s%s", path,
			 strcmp(path, "/") ? "/" : "", e[i].name);
		if (!panda_stat_path(uri, &st))
			e[i].size = st.size;
	}
	err = output(e, n);
	free(e);
	if (err) {
		panda_term_errorf("ls: cannot send the listing: %s",
				  panda_strerror(err));
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *paths[32];
	size_t npaths = 0, i;
	int status = 0;

	for (i = 1; i < (size_t)argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			help();
			return 0;
		} else if (!strcmp(argv[i], "-l")) {
			long_format = true;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			panda_term_errorf("ls: unknown option '%s' (try --help)",
					  argv[i]);
			return 2;
		} else if (npaths < 32) {
			paths[npaths++] = argv[i];
		}
	}
	if (!npaths) {
		const char *cwd = panda_getenv("PWD");

		paths[npaths++] = cwd ? cwd : "/mnt";
	}
	for (i = 0; i < npaths; i++) {
		if (npaths > 1) {
			char head[PATH_MAX_LEN + 8];

			snprintf(head, sizeof(head), "%s%s:\n", i ? "\n" : "",
				 paths[i]);
			panda_output_text(head);
		}
		status |= list(paths[i]);
	}
	return status;
}
