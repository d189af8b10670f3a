/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Files and directories (userspace.md 3.5).  The thin functions return
 * what the kernel returns (a count, a position, 0/1 for readdir, or
 * -PANDA_ERR_*); the owning panda_file follows the int-and-out-parameter
 * convention.  Offsets are kept per handle by the kernel.
 */
#ifndef _PANDA_FILE_H
#define _PANDA_FILE_H

#include <panda/sys.h>

/* userspace.md spells the directory entry struct panda_dir_entry. */
#define panda_dir_entry panda_dirent

/* 0 = end of file; try_read (keyboards): 0 = no event queued. */
long panda_read(panda_handle_t h, void *buf, size_t len);
long panda_try_read(panda_handle_t h, void *buf, size_t len);
long panda_write(panda_handle_t h, const void *buf, size_t len);
/* whence: PANDA_SEEK_SET / PANDA_SEEK_CUR / PANDA_SEEK_END */
int64_t panda_seek(panda_handle_t h, int64_t offset, int whence);
int panda_fstat(panda_handle_t h, struct panda_file_stat *st);
int panda_close(panda_handle_t h);
/* 1 = *ent filled, 0 = end of directory, < 0 error. */
int panda_readdir(panda_handle_t h, struct panda_dirent *ent);

/*
 * The counters of the block device holding h's data (a block: file or a
 * file on ext2): requests, sectors, cache hits, read-ahead, merged writes,
 * and the block layer's options (PANDA_BLOCK_F_*).  NotSupported for
 * other files.
 */
int panda_block_stats(panda_handle_t h, struct panda_block_stats *st);

/*
 * Copy an entry's name (name_len bytes, not NUL-terminated in the entry)
 * into buf as a C string, truncated to cap - 1 bytes.  Returns name_len.
 */
size_t panda_dirent_name(const struct panda_dirent *ent, char *buf,
			 size_t cap);

/* Owning file object: the handle must carry the file tag. */
typedef struct {
	panda_handle_t h;
} panda_file;

int panda_file_open(const char *uri, panda_file *f);
int panda_file_open_mb(const char *uri, panda_handle_t mb, uint32_t mask,
		       panda_file *f);
int panda_file_read(panda_file *f, void *buf, size_t len, size_t *got);
/* PANDA_ERR_IO if end of file comes first. */
int panda_file_read_exact(panda_file *f, void *buf, size_t len);
/* Reads 512-byte chunks until EOF; *data is malloc'd (free it). */
int panda_file_read_to_end(panda_file *f, uint8_t **data, size_t *len);
/* As read_to_end, NUL-terminated; PANDA_ERR_INVALID_ARGUMENT if not UTF-8. */
int panda_file_read_to_string(panda_file *f, char **s, size_t *len);
int panda_file_write(panda_file *f, const void *buf, size_t len, size_t *put);
/* PANDA_ERR_IO if a write returns 0. */
int panda_file_write_all(panda_file *f, const void *buf, size_t len);
int panda_file_seek(panda_file *f, int64_t off, int whence, uint64_t *pos);
int panda_file_metadata(panda_file *f, uint64_t *size, bool *is_dir);
int panda_file_flush(panda_file *f);	/* no-op */
panda_handle_t panda_file_handle(const panda_file *f);
void panda_file_close(panda_file *f);

/* Open, read everything, close.  *data is malloc'd. */
int panda_read_whole_file(const char *uri, uint8_t **data, size_t *len);

#endif /* _PANDA_FILE_H */
