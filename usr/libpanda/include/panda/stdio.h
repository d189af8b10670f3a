/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Data-plane standard I/O (userspace.md 3.12, ipc.md 6): channel
 * operations on PANDA_HANDLE_STDIN / PANDA_HANDLE_STDOUT, which exist only
 * if the parent passed them at spawn.  Value I/O (panda_write_value,
 * panda_read_value, panda_output_value ...) is in <panda/value.h>.  For
 * C's printf & co. see <stdio.h>.
 */
#ifndef _PANDA_STDIO_H
#define _PANDA_STDIO_H

#include <panda/sys.h>

/* read/write block; the try_ forms return -PANDA_ERR_WOULD_BLOCK. */
int panda_stdin_read(void *buf, size_t cap, size_t *n);
int panda_stdin_try_read(void *buf, size_t cap, size_t *n);
int panda_stdout_write(const void *buf, size_t len);
int panda_stdout_try_write(const void *buf, size_t len);

/*
 * Text as String Values on STDOUT, one message each (longer text is split
 * at UTF-8 boundaries, invalid bytes become '?'); println appends "\n"
 * inside the same message (the reference sent it as a second one).
 */
int panda_stdout_print(const char *s);
int panda_stdout_println(const char *s);

/* Presence, by a side-effect-free stat of the handle (ipc.md 6.4). */
bool panda_has_stdin(void);
bool panda_has_stdout(void);
/* true iff STDOUT exists; never sends anything. */
bool panda_is_pipeline(void);

#endif /* _PANDA_STDIO_H */
