/* SPDX-License-Identifier: GPL-2.0 */
/* The kernel command line: "key=value" words from \efi\cmdline.txt. */
#ifndef _PANDA_CMDLINE_H
#define _PANDA_CMDLINE_H

#include <panda/compiler.h>

void cmdline_init(const char *line);
const char *cmdline_get(void);
/* Copies the value of key into buf; true if the key is present. */
bool cmdline_value(const char *key, char *buf, size_t size);

#endif
