/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ELF64 definitions and a validator that trusts nothing in the file.
 * Shared by the UEFI boot stage (the kernel ELF), the kernel (user programs)
 * and host tests.
 */
#ifndef _LIB_ELF_H
#define _LIB_ELF_H

#include <stddef.h>
#include <stdint.h>

#define ELF_MAGIC	"\x7f" "ELF"
#define ELFCLASS64	2
#define ELFDATA2LSB	1
#define EV_CURRENT	1
#define ET_EXEC		2
#define EM_X86_64	62
#define PT_LOAD		1
#define PF_X		1
#define PF_W		2
#define PF_R		4

struct elf64_ehdr {
	uint8_t e_ident[16];
	uint16_t e_type;
	uint16_t e_machine;
	uint32_t e_version;
	uint64_t e_entry;
	uint64_t e_phoff;
	uint64_t e_shoff;
	uint32_t e_flags;
	uint16_t e_ehsize;
	uint16_t e_phentsize;
	uint16_t e_phnum;
	uint16_t e_shentsize;
	uint16_t e_shnum;
	uint16_t e_shstrndx;
};

struct elf64_phdr {
	uint32_t p_type;
	uint32_t p_flags;
	uint64_t p_offset;
	uint64_t p_vaddr;
	uint64_t p_paddr;
	uint64_t p_filesz;
	uint64_t p_memsz;
	uint64_t p_align;
};

/* Reasons a file is rejected (negative return values of elf_check). */
enum elf_error {
	ELF_OK = 0,
	ELF_ETOOSMALL = -1,	/* shorter than the ELF header */
	ELF_EMAGIC = -2,	/* not an ELF file */
	ELF_ECLASS = -3,	/* not 64-bit little-endian version 1 */
	ELF_ETYPE = -4,		/* not ET_EXEC for x86-64 */
	ELF_EPHDR = -5,		/* program header table malformed or outside file */
	ELF_ESEGFILE = -6,	/* segment file range outside the file / filesz > memsz */
	ELF_ESEGADDR = -7,	/* segment outside the allowed address window */
	ELF_EALIGN = -8,	/* vaddr and offset disagree modulo the page size */
	ELF_EORDER = -9,	/* segments unordered or overlapping */
	ELF_ENOLOAD = -10,	/* no PT_LOAD segment */
	ELF_EENTRY = -11,	/* entry point not in an executable segment */
};

/* Where segments may live: [min_addr, max_addr). */
struct elf_policy {
	uint64_t min_addr;
	uint64_t max_addr;
};

struct elf_info {
	uint64_t entry;
	uint64_t lowest;	/* lowest p_vaddr of a PT_LOAD */
	uint64_t highest;	/* highest p_vaddr + p_memsz */
	unsigned int nr_load;
};

int elf_check(const void *file, size_t size, const struct elf_policy *policy,
	      struct elf_info *info);
/*
 * The same checks when only the first head_len bytes of a file of size
 * bytes are at hand (a loader that reads segments from the file): the
 * program header table must lie in them, segments within size.
 */
int elf_check_head(const void *head, size_t head_len, uint64_t size,
		   const struct elf_policy *policy, struct elf_info *info);
/* The i-th program header (caller checked the file with elf_check first). */
const struct elf64_phdr *elf_phdr(const void *file, unsigned int i);
const char *elf_strerror(int err);

#endif /* _LIB_ELF_H */
