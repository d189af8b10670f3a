// SPDX-License-Identifier: GPL-2.0
/*
 * ELF64 executable validation (kernel.md section 12.2).  Every offset and
 * size in the file is checked against the file size and for overflow before
 * anything is dereferenced, so a hostile file can only produce an error.
 */
#include <lib/elf.h>

#define ELF_PAGE 4096ULL

static int add_overflows(uint64_t a, uint64_t b, uint64_t *sum)
{
	return __builtin_add_overflow(a, b, sum);
}

const struct elf64_phdr *elf_phdr(const void *file, unsigned int i)
{
	const struct elf64_ehdr *eh = file;

	return (const struct elf64_phdr *)((const uint8_t *)file + eh->e_phoff +
					   (uint64_t)i * sizeof(struct elf64_phdr));
}

static int check_header(const struct elf64_ehdr *eh, size_t size)
{
	uint64_t table_size, table_end;

	if (eh->e_ident[0] != 0x7f || eh->e_ident[1] != 'E' ||
	    eh->e_ident[2] != 'L' || eh->e_ident[3] != 'F')
		return ELF_EMAGIC;
	if (eh->e_ident[4] != ELFCLASS64 || eh->e_ident[5] != ELFDATA2LSB ||
	    eh->e_ident[6] != EV_CURRENT || eh->e_version != EV_CURRENT)
		return ELF_ECLASS;
	if (eh->e_type != ET_EXEC || eh->e_machine != EM_X86_64)
		return ELF_ETYPE;
	if (eh->e_phentsize != sizeof(struct elf64_phdr) || eh->e_phnum == 0)
		return ELF_EPHDR;
	table_size = (uint64_t)eh->e_phnum * sizeof(struct elf64_phdr);
	if (add_overflows(eh->e_phoff, table_size, &table_end) ||
	    table_end > size || eh->e_phoff % 8)
		return ELF_EPHDR;
	return ELF_OK;
}

static int check_segment(const struct elf64_phdr *ph, uint64_t size,
			 const struct elf_policy *policy)
{
	uint64_t file_end, mem_end;

	if (ph->p_filesz > ph->p_memsz)
		return ELF_ESEGFILE;
	if (add_overflows(ph->p_offset, ph->p_filesz, &file_end) ||
	    file_end > size)
		return ELF_ESEGFILE;
	if (add_overflows(ph->p_vaddr, ph->p_memsz, &mem_end))
		return ELF_ESEGADDR;
	if (ph->p_vaddr < policy->min_addr || mem_end > policy->max_addr)
		return ELF_ESEGADDR;
	if (ph->p_filesz && (ph->p_vaddr % ELF_PAGE) != (ph->p_offset % ELF_PAGE))
		return ELF_EALIGN;
	return ELF_OK;
}

int elf_check_head(const void *head, size_t head_len, uint64_t size,
		   const struct elf_policy *policy, struct elf_info *info)
{
	const struct elf64_ehdr *eh = head;
	uint64_t prev_end = 0, lowest = UINT64_MAX, highest = 0;
	int entry_ok = 0, ret;
	unsigned int i, nr_load = 0;

	if (!head || head_len < sizeof(*eh) || size < head_len)
		return ELF_ETOOSMALL;
	/* The table must lie in the bytes at hand (and so in the file). */
	ret = check_header(eh, head_len);
	if (ret)
		return ret;

	for (i = 0; i < eh->e_phnum; i++) {
		const struct elf64_phdr *ph = elf_phdr(head, i);

		if (ph->p_type != PT_LOAD)
			continue;
		ret = check_segment(ph, size, policy);
		if (ret)
			return ret;
		/*
		 * Ascending and disjoint.  Two segments may still share the
		 * page at their boundary; the loader merges its permissions.
		 */
		if (nr_load && ph->p_vaddr < prev_end)
			return ELF_EORDER;
		prev_end = ph->p_vaddr + ph->p_memsz;
		if (ph->p_vaddr < lowest)
			lowest = ph->p_vaddr;
		if (prev_end > highest)
			highest = prev_end;
		if ((ph->p_flags & PF_X) && eh->e_entry >= ph->p_vaddr &&
		    eh->e_entry < prev_end)
			entry_ok = 1;
		nr_load++;
	}
	if (!nr_load)
		return ELF_ENOLOAD;
	if (!entry_ok)
		return ELF_EENTRY;
	if (info) {
		info->entry = eh->e_entry;
		info->lowest = lowest;
		info->highest = highest;
		info->nr_load = nr_load;
	}
	return ELF_OK;
}

int elf_check(const void *file, size_t size, const struct elf_policy *policy,
	      struct elf_info *info)
{
	return elf_check_head(file, size, size, policy, info);
}

const char *elf_strerror(int err)
{
	switch (err) {
	case ELF_OK:		return "ok";
	case ELF_ETOOSMALL:	return "file too small for an ELF header";
	case ELF_EMAGIC:	return "not an ELF file (bad magic)";
	case ELF_ECLASS:	return "not a 64-bit little-endian ELF";
	case ELF_ETYPE:		return "not an x86-64 executable (ET_EXEC)";
	case ELF_EPHDR:		return "bad program header table";
	case ELF_ESEGFILE:	return "segment data outside the file";
	case ELF_ESEGADDR:	return "segment outside the allowed addresses";
	case ELF_EALIGN:	return "segment offset and address misaligned";
	case ELF_EORDER:	return "segments out of order or overlapping";
	case ELF_ENOLOAD:	return "no loadable segment";
	case ELF_EENTRY:	return "entry point not in an executable segment";
	}
	return "unknown ELF error";
}
