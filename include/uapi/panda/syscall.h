/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The system call convention and operation codes (abi.md sections 1-3).
 * Shared by the kernel and userspace; the numbers are the ABI.
 */
#ifndef _UAPI_PANDA_SYSCALL_H
#define _UAPI_PANDA_SYSCALL_H

#define PANDA_SYSCALL_SEND		0x30

/* Well-known handles (abi.md 2.5). */
#define PANDA_HANDLE_STDIN		0x10000000u
#define PANDA_HANDLE_STDOUT		0x10000001u
#define PANDA_HANDLE_STDERR		0x10000002u
#define PANDA_HANDLE_PROCESS		0x11000003u
#define PANDA_HANDLE_ENVIRONMENT	0x00000004u
#define PANDA_HANDLE_MAILBOX		0x20000005u
#define PANDA_HANDLE_PARENT		0x10000006u

/* Operations implemented so far (abi.md 3.2); more arrive with their issue. */
#define PANDA_OP_PROCESS_YIELD		0x20000
#define PANDA_OP_PROCESS_EXIT		0x20001
#define PANDA_OP_ENVIRONMENT_LOG	0x30002
#define PANDA_OP_ENVIRONMENT_TIME	0x30003

#endif
