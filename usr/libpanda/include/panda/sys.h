/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libpanda layer 1: one static inline function per ABI operation
 * (abi.md 3.2 and the numbered Panda-C extensions of abi.md 11;
 * userspace.md 2).  Each marshals its arguments into the single "send"
 * system call and returns the raw result: >= 0 success, < 0 the negated
 * PANDA_ERR_* code.  No allocation, no error translation.
 */
#ifndef _PANDA_SYS_H
#define _PANDA_SYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <uapi/panda/errno.h>
#include <uapi/panda/syscall.h>
#include <uapi/panda/types.h>

typedef uint32_t panda_handle_t;

/*
 * The system call (abi.md 1).  Argument registers and the SSE registers
 * are not preserved across a call that blocks, so all are clobbered.
 */
static inline long panda_send(uint32_t handle, uint32_t op, uint64_t a0,
			      uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t r10 __asm__("r10") = a1;
	register uint64_t r8 __asm__("r8") = a2;
	register uint64_t r9 __asm__("r9") = a3;
	uint64_t rax = PANDA_SYSCALL_SEND, rdi = handle, rsi = op, rdx = a0;

	__asm__ volatile("syscall"
			 : "+a"(rax), "+D"(rdi), "+S"(rsi), "+d"(rdx),
			   "+r"(r10), "+r"(r8), "+r"(r9)
			 :
			 : "rcx", "r11", "memory", "cc", "xmm0", "xmm1",
			   "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7",
			   "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13",
			   "xmm14", "xmm15");
	return (long)rax;
}

/* userspace.md 2 spelling of the same call. */
static inline long panda_sys_send(panda_handle_t h, uint32_t op, uintptr_t a0,
				  uintptr_t a1, uintptr_t a2, uintptr_t a3)
{
	return panda_send(h, op, a0, a1, a2, a3);
}

#define __PANDA_P(p)	((uint64_t)(uintptr_t)(p))
#define __PANDA_ENV(op, a0, a1, a2, a3) \
	panda_send(PANDA_HANDLE_ENVIRONMENT, (op), (a0), (a1), (a2), (a3))
#define __PANDA_SELF(op, a0) \
	panda_send(PANDA_HANDLE_PROCESS, (op), (a0), 0, 0, 0)

/* ---------------------------------------------------------- environment */

static inline long panda_sys_open(const char *uri, size_t len,
				  panda_handle_t mailbox, uint32_t mask)
{
	return __PANDA_ENV(PANDA_OP_ENVIRONMENT_OPEN, __PANDA_P(uri), len,
			   mailbox, mask);
}

static inline long panda_sys_spawn(const char *uri, size_t len,
				   panda_handle_t mailbox, uint32_t mask,
				   panda_handle_t stdin_h,
				   panda_handle_t stdout_h)
{
	struct panda_spawn_params p = {
		.path_ptr = __PANDA_P(uri),
		.path_len = len,
		.mailbox = mailbox,
		.event_mask = mask,
		.stdin_handle = stdin_h,
		.stdout_handle = stdout_h,
	};

	return __PANDA_ENV(PANDA_OP_ENVIRONMENT_SPAWN, __PANDA_P(&p), 0, 0, 0);
}

static inline long panda_sys_log(const char *msg, size_t len)
{
	return __PANDA_ENV(PANDA_OP_ENVIRONMENT_LOG, __PANDA_P(msg), len, 0, 0);
}

/* Nanoseconds since boot (an unsigned value returned in a long). */
static inline long panda_sys_time(void)
{
	return __PANDA_ENV(PANDA_OP_ENVIRONMENT_TIME, 0, 0, 0, 0);
}

static inline long panda_sys_opendir(const char *uri, size_t len)
{
	return __PANDA_ENV(PANDA_OP_ENVIRONMENT_OPENDIR, __PANDA_P(uri), len,
			   0, 0);
}

static inline long panda_sys_mount(const char *fstype, size_t flen,
				   const char *mountpoint, size_t mlen)
{
	return __PANDA_ENV(PANDA_OP_ENVIRONMENT_MOUNT, __PANDA_P(fstype), flen,
			   __PANDA_P(mountpoint), mlen);
}

/* abi.md 11 / services.md 3: one-shot timer posting PANDA_EVENT_TIMER. */
static inline long panda_sys_create_timer(uint64_t ms, panda_handle_t mailbox,
					  uint32_t mask)
{
	return __PANDA_ENV(PANDA_OP_ENVIRONMENT_CREATE_TIMER, ms, mailbox,
			   mask, 0);
}

/* abi.md 11 / services.md 5: returns the broker channel end. */
static inline long panda_sys_service_register(const char *name, size_t len,
					      panda_handle_t mailbox,
					      uint32_t mask)
{
	return __PANDA_ENV(PANDA_OP_SERVICE_REGISTER, __PANDA_P(name), len,
			   mailbox, mask);
}

/* Panda-C extension: unmount the file system mounted at a path. */
static inline long panda_sys_unmount(const char *mp, size_t len)
{
	return __PANDA_ENV(PANDA_OP_ENVIRONMENT_UNMOUNT, __PANDA_P(mp), len, 0,
			   0);
}

/* abi.md 11 / services.md 13.5: mount the device a URI names. */
static inline long
panda_sys_mount_device(const struct panda_mount_params *params)
{
	return __PANDA_ENV(PANDA_OP_ENVIRONMENT_MOUNT_DEVICE,
			   __PANDA_P(params), 0, 0, 0);
}

/* fs.md 11: flags bit 0 exclusive, bit 1 truncate. */
static inline long panda_sys_create(const char *uri, size_t len,
				    uint32_t flags)
{
	return __PANDA_ENV(PANDA_OP_ENVIRONMENT_CREATE, __PANDA_P(uri), len,
			   flags, 0);
}

static inline long panda_sys_mkdir(const char *uri, size_t len)
{
	return __PANDA_ENV(PANDA_OP_ENVIRONMENT_MKDIR, __PANDA_P(uri), len,
			   0, 0);
}

static inline long panda_sys_unlink(const char *uri, size_t len)
{
	return __PANDA_ENV(PANDA_OP_ENVIRONMENT_UNLINK, __PANDA_P(uri), len,
			   0, 0);
}

static inline long panda_sys_rmdir(const char *uri, size_t len)
{
	return __PANDA_ENV(PANDA_OP_ENVIRONMENT_RMDIR, __PANDA_P(uri), len,
			   0, 0);
}

static inline long panda_sys_rename(const char *from, size_t flen,
				    const char *to, size_t tlen)
{
	return __PANDA_ENV(PANDA_OP_ENVIRONMENT_RENAME, __PANDA_P(from), flen,
			   __PANDA_P(to), tlen);
}

static inline long panda_sys_sync(void)
{
	return __PANDA_ENV(PANDA_OP_ENVIRONMENT_SYNC, 0, 0, 0, 0);
}

/* ---------------------------------------------------------- files */

static inline long panda_sys_read(panda_handle_t h, void *buf, size_t len)
{
	return panda_send(h, PANDA_OP_FILE_READ, __PANDA_P(buf), len, 0, 0);
}

/* Keyboards: 0 when no event is queued. */
static inline long panda_sys_try_read(panda_handle_t h, void *buf, size_t len)
{
	return panda_send(h, PANDA_OP_FILE_READ, __PANDA_P(buf), len,
			  PANDA_FILE_NONBLOCK, 0);
}

static inline long panda_sys_write(panda_handle_t h, const void *buf,
				   size_t len)
{
	return panda_send(h, PANDA_OP_FILE_WRITE, __PANDA_P(buf), len, 0, 0);
}

/* Whole signed offset in a0, whence (PANDA_SEEK_*) in a1. */
static inline long panda_sys_seek(panda_handle_t h, int64_t off, int whence)
{
	return panda_send(h, PANDA_OP_FILE_SEEK, (uint64_t)off,
			  (uint64_t)whence, 0, 0);
}

static inline long panda_sys_stat(panda_handle_t h, struct panda_file_stat *st)
{
	return panda_send(h, PANDA_OP_FILE_STAT, __PANDA_P(st), 0, 0, 0);
}

/* Closes a handle of any kind. */
static inline long panda_sys_close(panda_handle_t h)
{
	return panda_send(h, PANDA_OP_FILE_CLOSE, 0, 0, 0, 0);
}

/* 1 = entry written, 0 = end of directory. */
static inline long panda_sys_readdir(panda_handle_t h, struct panda_dirent *ent)
{
	return panda_send(h, PANDA_OP_FILE_READDIR, __PANDA_P(ent), 0, 0, 0);
}

#ifdef PANDA_OP_FILE_TRUNCATE
static inline long panda_sys_truncate(panda_handle_t h, uint64_t size)
{
	return panda_send(h, PANDA_OP_FILE_TRUNCATE, size, 0, 0, 0);
}
#endif

#ifdef PANDA_OP_FILE_SYNC
static inline long panda_sys_fsync(panda_handle_t h)
{
	return panda_send(h, PANDA_OP_FILE_SYNC, 0, 0, 0, 0);
}
#endif

/* abi.md 11: the counters of the block device holding h's data. */
static inline long panda_sys_block_stats(panda_handle_t h,
					 struct panda_block_stats *st,
					 size_t size)
{
	return panda_send(h, PANDA_OP_FILE_BLOCK_STATS, __PANDA_P(st), size,
			  0, 0);
}

/* ---------------------------------------------------------- processes */

static inline long panda_sys_yield(void)
{
	return __PANDA_SELF(PANDA_OP_PROCESS_YIELD, 0);
}

static inline __attribute__((noreturn)) void panda_sys_exit(int code)
{
	__PANDA_SELF(PANDA_OP_PROCESS_EXIT, (uint64_t)(int64_t)code);
	for (;;)
		__asm__ volatile("int3; hlt");
}

static inline long panda_sys_getpid(void)
{
	return __PANDA_SELF(PANDA_OP_PROCESS_GET_PID, 0);
}

/* Blocks; the child's exit code (sign-extended int32) or an error. */
static inline long panda_sys_wait(panda_handle_t child)
{
	return panda_send(child, PANDA_OP_PROCESS_WAIT, 0, 0, 0, 0);
}

static inline long panda_sys_signal(panda_handle_t proc, uint32_t sig)
{
	return panda_send(proc, PANDA_OP_PROCESS_SIGNAL, sig, 0, 0, 0);
}

/* 0 queries; returns the resulting break (unchanged if refused). */
static inline long panda_sys_brk(uintptr_t addr)
{
	return __PANDA_SELF(PANDA_OP_PROCESS_BRK, addr);
}

/* ---------------------------------------------------------- buffers */

static inline long panda_sys_buffer_alloc(size_t size,
					  struct panda_buffer_info *info)
{
	return __PANDA_ENV(PANDA_OP_BUFFER_ALLOC, size, __PANDA_P(info), 0, 0);
}

static inline long panda_sys_buffer_resize(panda_handle_t buf, size_t size,
					   struct panda_buffer_info *info)
{
	return panda_send(buf, PANDA_OP_BUFFER_RESIZE, size, __PANDA_P(info),
			  0, 0);
}

static inline long panda_sys_buffer_free(panda_handle_t buf)
{
	return panda_send(buf, PANDA_OP_BUFFER_FREE, 0, 0, 0, 0);
}

static inline long panda_sys_read_into_buffer(panda_handle_t file,
					      panda_handle_t buf)
{
	return panda_send(file, PANDA_OP_FILE_READ_BUFFER, buf, 0, 0, 0);
}

static inline long panda_sys_write_from_buffer(panda_handle_t file,
					       panda_handle_t buf, size_t len)
{
	return panda_send(file, PANDA_OP_FILE_WRITE_BUFFER, buf, len, 0, 0);
}

/* ---------------------------------------------------------- surfaces */

static inline long panda_sys_surface_info(panda_handle_t s,
					  struct panda_surface_info *out)
{
	return panda_send(s, PANDA_OP_SURFACE_INFO, __PANDA_P(out), 0, 0, 0);
}

static inline long panda_sys_surface_blit(panda_handle_t s,
					  const struct panda_blit_params *p)
{
	return panda_send(s, PANDA_OP_SURFACE_BLIT, __PANDA_P(p), 0, 0, 0);
}

static inline long panda_sys_surface_fill(panda_handle_t s,
					  const struct panda_fill_params *p)
{
	return panda_send(s, PANDA_OP_SURFACE_FILL, __PANDA_P(p), 0, 0, 0);
}

/* rect NULL = the whole surface. */
static inline long
panda_sys_surface_flush(panda_handle_t s, const struct panda_surface_rect *rect)
{
	return panda_send(s, PANDA_OP_SURFACE_FLUSH, __PANDA_P(rect), 0, 0, 0);
}

static inline long
panda_sys_surface_update_params(panda_handle_t s,
				const struct panda_update_params *p)
{
	return panda_send(s, PANDA_OP_SURFACE_UPDATE_PARAMS, __PANDA_P(p),
			  0, 0, 0);
}

/* ---------------------------------------------------------- mailboxes */

static inline long panda_sys_mailbox_create(void)
{
	return panda_send(0, PANDA_OP_MAILBOX_CREATE, 0, 0, 0, 0);
}

/* Blocks; (handle << 32) | events. */
static inline long panda_sys_mailbox_wait(panda_handle_t mb)
{
	return panda_send(mb, PANDA_OP_MAILBOX_WAIT, 0, 0, 0, 0);
}

/* As wait, but 0 when nothing is pending. */
static inline long panda_sys_mailbox_poll(panda_handle_t mb)
{
	return panda_send(mb, PANDA_OP_MAILBOX_POLL, 0, 0, 0, 0);
}

#ifdef PANDA_OP_MAILBOX_ATTACH
/* ipc.md 2.6: mask 0 detaches. */
static inline long panda_sys_mailbox_attach(panda_handle_t mb,
					    panda_handle_t h, uint32_t mask)
{
	return panda_send(mb, PANDA_OP_MAILBOX_ATTACH, h, mask, 0, 0);
}
#endif

/* Split a packed mailbox result (check for r < 0 first). */
static inline void panda_mailbox_unpack(long r, panda_handle_t *h,
					uint32_t *events)
{
	*h = (panda_handle_t)((uint64_t)r >> 32);
	*events = (uint32_t)r;
}

/* ---------------------------------------------------------- channels */

/* out[0] = endpoint A, out[1] = endpoint B. */
static inline long panda_sys_channel_create(panda_handle_t out[2])
{
	return panda_send(0, PANDA_OP_CHANNEL_CREATE, __PANDA_P(out), 0, 0, 0);
}

static inline long panda_sys_channel_send(panda_handle_t ch, const void *msg,
					  size_t len)
{
	return panda_send(ch, PANDA_OP_CHANNEL_SEND, __PANDA_P(msg), len, 0, 0);
}

static inline long panda_sys_channel_try_send(panda_handle_t ch,
					      const void *msg, size_t len)
{
	return panda_send(ch, PANDA_OP_CHANNEL_SEND, __PANDA_P(msg), len,
			  PANDA_CHANNEL_NONBLOCK, 0);
}

/* Message length (0 is a valid empty message) or an error. */
static inline long panda_sys_channel_recv(panda_handle_t ch, void *buf,
					  size_t cap)
{
	return panda_send(ch, PANDA_OP_CHANNEL_RECV, __PANDA_P(buf), cap, 0, 0);
}

static inline long panda_sys_channel_try_recv(panda_handle_t ch, void *buf,
					      size_t cap)
{
	return panda_send(ch, PANDA_OP_CHANNEL_RECV, __PANDA_P(buf), cap,
			  PANDA_CHANNEL_NONBLOCK, 0);
}

#endif /* _PANDA_SYS_H */
