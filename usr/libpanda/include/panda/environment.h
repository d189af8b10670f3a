/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Environment operations (userspace.md 3.3): open, opendir, spawn, log,
 * time, mount, and the file-system extensions of fs.md 11.  URIs are
 * NUL-terminated "scheme:path" strings, e.g. "file:/initrd/hello.txt".
 */
#ifndef _PANDA_ENVIRONMENT_H
#define _PANDA_ENVIRONMENT_H

#include <panda/sys.h>

/* mailbox/mask 0 = no registration. */
int panda_open(const char *uri, panda_handle_t mailbox, uint32_t mask,
	       panda_handle_t *out);
int panda_opendir(const char *uri, panda_handle_t *out);

/*
 * Spawn with all child-builder defaults (no arguments, inherited
 * environment, no mailbox, no stdio) and send the startup message;
 * *out = the process handle.  See panda/process.h for more control.
 */
int panda_spawn(const char *uri, panda_handle_t *out);

/* One kernel log record ("INFO: LOG: <msg>" on the serial console). */
void panda_log(const char *msg);
void panda_log_bytes(const char *msg, size_t len);

/* Uptime in nanoseconds (see also panda/time.h). */
uint64_t panda_time(void);

int panda_mount(const char *fstype, const char *mountpoint);
/*
 * OP_ENVIRONMENT_UNMOUNT: write back and unmount the file system mounted
 * at mountpoint.  Busy while files on it are open.
 */
int panda_unmount(const char *mountpoint);
/*
 * OP_ENVIRONMENT_MOUNT_DEVICE: mount the device named by a block: URI
 * ("block:/pci/storage/1", "block:/pci/00:05.0") at mountpoint.
 */
int panda_mount_device(const char *fstype, const char *device,
		       const char *mountpoint);

/* Open (no mailbox), stat, close. */
int panda_stat_path(const char *uri, struct panda_file_stat *out);

/* Logs the marker <<<SCREENSHOT_READY>>>. */
void panda_screenshot_ready(void);

/* fs.md 11 (file: URIs).  Create flags: PANDA_CREATE_* in the uapi. */
int panda_create(const char *uri, uint32_t flags, panda_handle_t *out);
int panda_mkdir(const char *uri);
int panda_unlink(const char *uri);
int panda_rmdir(const char *uri);
int panda_rename(const char *from, const char *to);
int panda_sync(void);

#endif /* _PANDA_ENVIRONMENT_H */
