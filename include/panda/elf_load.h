/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _PANDA_ELF_LOAD_H
#define _PANDA_ELF_LOAD_H

#include <panda/compiler.h>

struct address_space;
struct resource;

/*
 * An executable to load: a whole file in memory, or an open file that
 * the loader reads at offsets (only its headers and the segments' bytes,
 * straight into the new pages).
 */
struct elf_image {
	const void *mem;		/* the file's bytes, or NULL */
	struct resource *file;		/* else this file (a reference) */
	uint64_t size;
	const void *key;		/* the file's immutable_key, or NULL */
};

static inline void elf_image_mem(struct elf_image *img, const void *mem,
				 size_t size)
{
	img->mem = mem;
	img->file = NULL;
	img->size = size;
	img->key = NULL;
}

/* Opens the VFS file at path (a file, not a directory) as an image. */
int elf_image_open(const char *path, struct elf_image *img);
void elf_image_close(struct elf_image *img);

/* Validates and maps a user ELF; -InvalidArgument for a bad file. */
int elf_load(struct address_space *as, const struct elf_image *img,
	     uint64_t *entry);

#endif
