/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _PANDA_ELF_LOAD_H
#define _PANDA_ELF_LOAD_H

#include <panda/compiler.h>

struct address_space;

/* Validates and maps a user ELF; -InvalidArgument for a bad file. */
int elf_load(struct address_space *as, const void *file, size_t size,
	     uint64_t *entry);

#endif
