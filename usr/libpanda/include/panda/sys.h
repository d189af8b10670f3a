/* SPDX-License-Identifier: GPL-2.0 */
/* libpanda, low layer: the raw operations of abi.md as C functions. */
#ifndef _PANDA_SYS_H
#define _PANDA_SYS_H

#include <stddef.h>
#include <stdint.h>
#include <uapi/panda/errno.h>
#include <uapi/panda/syscall.h>

long panda_send(uint32_t handle, uint32_t op, uint64_t a0, uint64_t a1,
		uint64_t a2, uint64_t a3);
long panda_log(const char *msg, size_t len);
void panda_exit(int code) __attribute__((noreturn));

#endif
