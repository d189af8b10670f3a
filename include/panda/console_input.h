/* SPDX-License-Identifier: GPL-2.0 */
/* Serial console input (kernel/console_input.c). */
#ifndef _PANDA_CONSOLE_INPUT_H
#define _PANDA_CONSOLE_INPUT_H

struct resource;

int console_input_init(void);
int console_input_open(struct resource **out);

#endif
