/* SPDX-License-Identifier: GPL-2.0 */
/* Shared buffers (kernel/buffer.c). */
#ifndef _PANDA_BUFFER_H
#define _PANDA_BUFFER_H

#include <panda/handle.h>

struct buffer;
struct process;

int64_t buffer_alloc(uint64_t size, uint64_t info_ptr);
int64_t buffer_resize(struct resource *r, uint64_t size, uint64_t info_ptr);
struct buffer *resource_buffer(struct resource *r);
void buffers_release_owner(struct process *p);
/*
 * The buffer's content for kernel readers (surface blits): its logical
 * size, and the RAM-map address of byte off with the number of bytes
 * contiguous from there (to the end of its page or of the logical size),
 * or NULL at or past the end.  Only between buffer_io_lock() and
 * buffer_io_unlock(), which a resize by the owner waits for (another
 * process holding the buffer may be reading it on another CPU, or
 * sleeping in file I/O into it, while the owner resizes it).  A sleeping
 * lock: take it before any spinlock.
 */
void buffer_io_lock(struct buffer *b);
void buffer_io_unlock(struct buffer *b);
uint64_t buffer_size(struct buffer *b);
const void *buffer_kaddr(struct buffer *b, uint64_t off, uint64_t *contig);
int64_t buffer_file_io(struct resource *file, struct handle_entry *h,
		       struct resource *buf, uint64_t len, bool write);

#endif
