/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Resources and per-process handle tables (kernel.md 11).  A handle is
 * tag << 24 | index; indices start at 7 and are never reused.  A resource
 * is reference counted: each handle and each kernel user holds one, and
 * ops->destroy runs when the last goes.
 */
#ifndef _PANDA_HANDLE_H
#define _PANDA_HANDLE_H

#include <panda/compiler.h>
#include <panda/spinlock.h>
#include <uapi/panda/syscall.h>
#include <uapi/panda/types.h>

struct resource;
struct handle_entry;
struct process_info;
struct event_source;
struct blkdev;

struct resource_ops {
	const char *name;
	uint8_t tag;			/* handle type tag */
	void (*destroy)(struct resource *r);
	/* Optional interfaces: NULL when the resource lacks them. */
	int64_t (*read)(struct resource *r, struct handle_entry *h,
			void *ubuf, size_t len, uint32_t flags);
	int64_t (*write)(struct resource *r, struct handle_entry *h,
			 const void *ubuf, size_t len, uint32_t flags);
	int64_t (*size)(struct resource *r);	/* seekable files */
	int (*stat)(struct resource *r, struct panda_file_stat *st);
	int (*readdir)(struct resource *r, struct handle_entry *h,
		       struct panda_dirent *de);
	/* OP_FILE_TRUNCATE and OP_FILE_SYNC (fs.md 11). */
	int (*truncate)(struct resource *r, uint64_t size);
	int (*sync)(struct resource *r);
	/* The block device holding the data (OP_FILE_BLOCK_STATS). */
	struct blkdev *(*blkdev)(struct resource *r);
	/*
	 * A file whose bytes never change while the kernel runs (the
	 * initramfs): a key unique to it and stable for the kernel's
	 * lifetime, so that the read-only pages of an executable loaded from
	 * it can be shared (kernel/exec_cache.c).
	 */
	const void *(*immutable_key)(struct resource *r);
	struct process_info *(*process)(struct resource *r);
	/* The event source a mailbox attachment hooks into. */
	struct event_source *(*events)(struct resource *r);
	bool channel;			/* a channel endpoint (send/recv) */
};

struct resource {
	const struct resource_ops *ops;
	int refcount;
};

struct handle_entry {
	uint32_t handle;
	struct resource *res;
	uint64_t offset;		/* file position / readdir cursor */
};

/*
 * Entries are allocated one by one and never move: a pointer returned by
 * handle_lookup() stays valid until that handle is closed, even while
 * another process (the service broker) adds to the table.
 */
struct handle_table {
	struct handle_entry **entries;
	uint32_t count, capacity;
	uint32_t next_index;
	bool closed;			/* released: installs fail */
	spinlock_t lock;
};

/*
 * Kernel-internal read flag: the destination is kernel memory (spawn reads
 * an executable this way).  Userspace flags never carry bit 31.
 */
#define READ_TO_KERNEL		(1u << 31)
#define WRITE_FROM_KERNEL	(1u << 31)	/* the write source, likewise */

#define HANDLE_FIRST_INDEX	7
#define HANDLE_MAX_INDEX	0x00ffffffu

void resource_init(struct resource *r, const struct resource_ops *ops);
void resource_get(struct resource *r);
void resource_put(struct resource *r);

void handle_table_init(struct handle_table *t);
/*
 * Closes every handle (process exit).  Another process may install into
 * the table meanwhile (the service broker): from here on installs fail
 * with -ENOENT instead of leaving an entry the release would miss.
 */
void handle_table_release(struct handle_table *t);
/* Installs r under a new handle (takes a reference); returns it or -ENOMEM. */
int64_t handle_install(struct handle_table *t, struct resource *r);
/* Installs r under a fixed well-known handle value. */
int handle_install_at(struct handle_table *t, uint32_t handle,
		      struct resource *r);
/* The entry for handle, or NULL: full 32-bit match, tag included. */
struct handle_entry *handle_lookup(struct handle_table *t, uint32_t handle);
int handle_close(struct handle_table *t, uint32_t handle);
uint32_t handle_count(struct handle_table *t);

/* Copies read data to the caller, user or kernel per READ_TO_KERNEL. */
int copy_read_data(void *dst, const void *src, size_t len, uint32_t flags);
int copy_write_data(void *dst, const void *src, size_t len, uint32_t flags);

#endif
