/* SPDX-License-Identifier: GPL-2.0 */
/* QEMU's isa-debug-exit device at port 0xf4: exit status (value << 1) | 1. */
#ifndef _PANDA_QEMU_H
#define _PANDA_QEMU_H

#define QEMU_EXIT_SUCCESS	0x10	/* status 33 */
#define QEMU_EXIT_FAILURE	0x11	/* status 35 */

void qemu_exit(unsigned int code);

#endif
