// SPDX-License-Identifier: GPL-2.0
/*
 * cat: show files, or pass on what comes in (userspace.md 6.3).
 *
 *	cat [FILE...]
 *
 * Each FILE (relative to the current directory, PWD) is read whole and
 * output as String Values when it is UTF-8 text, Bytes otherwise (the
 * terminal shows those as "<N bytes>"); large files go in pieces of at
 * most 3 KiB, cut between characters, so any size fits the 4096-byte
 * messages.  Without FILE, cat copies the Values arriving on STDIN to
 * its output unchanged (a pipeline stage); with neither, it says how to
 * use it.  Output goes to STDOUT in a pipeline, else to the terminal.
 */
#include <lib/path.h>
#include <lib/utf8.h>
#include <panda/panda.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PIECE	3072

static void help(void)
{
	panda_term_print("usage: cat [FILE...]\n"
			 "Show each FILE; without FILE, pass on the values "
			 "read from the pipeline.\n");
}

/* Length of the longest prefix of s[0..n) up to max bytes that ends on a
 * character boundary (s is valid UTF-8). */
static size_t piece_len(const uint8_t *s, size_t n, size_t max)
{
	size_t k;

	if (n <= max)
		return n;
	k = max;
	while (k && (s[k] & 0xc0) == 0x80)
		k--;
	return k ? k : max;
}

static int output_file(const uint8_t *data, size_t len)
{
	bool text = utf8_valid((const char *)data, len);
	size_t off = 0;
	int err = 0;

	if (!len)
		return 0;
	while (off < len && !err) {
		size_t k = text ? piece_len(data + off, len - off, PIECE) :
			   (len - off < PIECE ? len - off : PIECE);
		panda_value *v = text ?
			panda_value_string_n((const char *)data + off, k) :
			panda_value_bytes(data + off, k);

		err = panda_output_value(v);
		panda_value_free(v);
		off += k;
	}
	return err;
}

static int cat_file(const char *arg)
{
	char path[PATH_MAX_LEN], uri[PATH_MAX_LEN + 8];
	uint8_t *data;
	size_t len;
	int err;

	if (path_resolve(panda_getenv("PWD"), arg, path, sizeof(path))) {
		panda_term_errorf("cat: %s: No such file or directory", arg);
		return 1;
	}
	snprintf(uri, sizeof(uri), "file:%s", path);
	err = panda_read_whole_file(uri, &data, &len);
	if (err == -PANDA_ERR_NOT_FOUND || err == -PANDA_ERR_BAD_HANDLE) {
		panda_term_errorf("cat: %s: No such file or directory", arg);
		return 1;
	}
	if (err) {
		panda_term_errorf("cat: %s: %s", arg, panda_strerror(err));
		return 1;
	}
	err = output_file(data, len);
	free(data);
	if (err) {
		panda_term_error("cat: error writing output");
		return 1;
	}
	return 0;
}

static int copy_stdin(void)
{
	panda_value *v;
	int r;

	while ((r = panda_next_value(&v)) > 0) {
		int err = panda_output_value(v);

		panda_value_free(v);
		if (err) {
			panda_term_error("cat: error writing output");
			return 1;
		}
	}
	if (r < 0) {
		panda_term_errorf("cat: bad input: %s", panda_strerror(r));
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	int i, status = 0;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			help();
			return 0;
		}
	}
	if (argc < 2) {
		if (panda_has_stdin())
			return copy_stdin();
		panda_term_error("Usage: cat <file>");
		return 1;
	}
	for (i = 1; i < argc; i++)
		status |= cat_file(argv[i]);
	return status;
}
