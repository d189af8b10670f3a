// SPDX-License-Identifier: GPL-2.0
/* Files and directories (userspace.md 3.5). */
#include <lib/utf8.h>
#include <panda/environment.h>
#include <panda/file.h>
#include <panda/handle.h>
#include <stdlib.h>
#include <string.h>

long panda_read(panda_handle_t h, void *buf, size_t len)
{
	return panda_sys_read(h, buf, len);
}

long panda_try_read(panda_handle_t h, void *buf, size_t len)
{
	return panda_sys_try_read(h, buf, len);
}

long panda_write(panda_handle_t h, const void *buf, size_t len)
{
	return panda_sys_write(h, buf, len);
}

int64_t panda_seek(panda_handle_t h, int64_t offset, int whence)
{
	return panda_sys_seek(h, offset, whence);
}

int panda_fstat(panda_handle_t h, struct panda_file_stat *st)
{
	long r = panda_sys_stat(h, st);

	return r < 0 ? (int)r : 0;
}

int panda_block_stats(panda_handle_t h, struct panda_block_stats *st)
{
	long r = panda_sys_block_stats(h, st, sizeof(*st));

	return r < 0 ? (int)r : 0;
}

int panda_close(panda_handle_t h)
{
	long r = panda_sys_close(h);

	return r < 0 ? (int)r : 0;
}

int panda_readdir(panda_handle_t h, struct panda_dirent *ent)
{
	long r = panda_sys_readdir(h, ent);

	return r < 0 ? (int)r : r > 0;
}

size_t panda_dirent_name(const struct panda_dirent *ent, char *buf,
			 size_t cap)
{
	size_t n = ent->name_len;

	if (cap) {
		size_t k = n < cap - 1 ? n : cap - 1;

		memcpy(buf, ent->name, k);
		buf[k] = '\0';
	}
	return n;
}

/* ---------------------------------------------------------- panda_file */

int panda_file_open_mb(const char *uri, panda_handle_t mb, uint32_t mask,
		       panda_file *f)
{
	panda_handle_t h = 0;
	int err = panda_open(uri, mb, mask, &h);

	if (err)
		return err;
	if (!panda_handle_is(h, PANDA_HT_FILE)) {
		panda_sys_close(h);
		return panda_handle_is(h, PANDA_HT_DIRECTORY) ?
			-PANDA_ERR_IS_A_DIRECTORY : -PANDA_ERR_BAD_HANDLE;
	}
	f->h = h;
	return 0;
}

int panda_file_open(const char *uri, panda_file *f)
{
	return panda_file_open_mb(uri, 0, 0, f);
}

int panda_file_read(panda_file *f, void *buf, size_t len, size_t *got)
{
	long r = panda_sys_read(f->h, buf, len);

	if (r < 0)
		return (int)r;
	*got = (size_t)r;
	return 0;
}

int panda_file_read_exact(panda_file *f, void *buf, size_t len)
{
	uint8_t *p = buf;

	while (len) {
		long r = panda_sys_read(f->h, p, len);

		if (r < 0)
			return (int)r;
		if (r == 0)
			return -PANDA_ERR_IO;
		p += r;
		len -= (size_t)r;
	}
	return 0;
}

int panda_file_read_to_end(panda_file *f, uint8_t **data, size_t *len)
{
	size_t n = 0, cap = 0;
	uint8_t *buf = NULL, *nb;

	for (;;) {
		long r;

		if (cap - n < 512) {
			cap = cap ? cap * 2 : 1024;
			nb = realloc(buf, cap + 1);
			if (!nb) {
				free(buf);
				return -PANDA_ERR_NO_MEMORY;
			}
			buf = nb;
		}
		r = panda_sys_read(f->h, buf + n, 512);
		if (r < 0) {
			free(buf);
			return (int)r;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	buf[n] = '\0';	/* room kept: convenient for text */
	*data = buf;
	*len = n;
	return 0;
}

int panda_file_read_to_string(panda_file *f, char **s, size_t *len)
{
	uint8_t *data;
	size_t n;
	int err = panda_file_read_to_end(f, &data, &n);

	if (err)
		return err;
	if (!utf8_valid((const char *)data, n)) {
		free(data);
		return -PANDA_ERR_INVALID_ARGUMENT;
	}
	*s = (char *)data;
	if (len)
		*len = n;
	return 0;
}

int panda_file_write(panda_file *f, const void *buf, size_t len, size_t *put)
{
	long r = panda_sys_write(f->h, buf, len);

	if (r < 0)
		return (int)r;
	*put = (size_t)r;
	return 0;
}

int panda_file_write_all(panda_file *f, const void *buf, size_t len)
{
	const uint8_t *p = buf;

	while (len) {
		long r = panda_sys_write(f->h, p, len);

		if (r < 0)
			return (int)r;
		if (r == 0)
			return -PANDA_ERR_IO;
		p += r;
		len -= (size_t)r;
	}
	return 0;
}

int panda_file_seek(panda_file *f, int64_t off, int whence, uint64_t *pos)
{
	long r = panda_sys_seek(f->h, off, whence);

	if (r < 0)
		return (int)r;
	if (pos)
		*pos = (uint64_t)r;
	return 0;
}

int panda_file_metadata(panda_file *f, uint64_t *size, bool *is_dir)
{
	struct panda_file_stat st;
	long r = panda_sys_stat(f->h, &st);

	if (r < 0)
		return (int)r;
	if (size)
		*size = st.size;
	if (is_dir)
		*is_dir = st.is_dir != 0;
	return 0;
}

int panda_file_flush(panda_file *f)
{
	return 0;
}

panda_handle_t panda_file_handle(const panda_file *f)
{
	return f->h;
}

void panda_file_close(panda_file *f)
{
	if (f->h)
		panda_sys_close(f->h);
	f->h = 0;
}

int panda_read_whole_file(const char *uri, uint8_t **data, size_t *len)
{
	panda_file f;
	int err = panda_file_open(uri, &f);

	if (err)
		return err;
	err = panda_file_read_to_end(&f, data, len);
	panda_file_close(&f);
	return err;
}
