/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _PANDA_SERIAL_H
#define _PANDA_SERIAL_H

#include <panda/compiler.h>

void serial_init(void);
void serial_putc(char c);

#endif
