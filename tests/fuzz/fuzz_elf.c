// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for lib/elf.c: validate arbitrary bytes as an ELF
 * executable and, when elf_check accepts them, walk every program header
 * the way a loader would, checking the guarantees of kernel.md 12.2.
 */
#include <stdint.h>
#include <stddef.h>
#include <lib/elf.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond) do { if (!(cond)) __builtin_trap(); } while (0)

/* A user address space like the kernel's: above the null page, below 128 TiB. */
static const struct elf_policy policy = {
	.min_addr = 0x1000,
	.max_addr = 0x800000000000ull,
};

static volatile uint64_t sink;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct elf64_ehdr *eh = (const void *)data;
	struct elf_info info;
	uint64_t prev_end = 0, lowest = UINT64_MAX, highest = 0;
	unsigned int i, nr_load = 0;
	int entry_ok = 0, ret;
	const char *msg;

	ret = elf_check(data, size, &policy, &info);
	CHECK(ret <= ELF_OK && ret >= ELF_EENTRY);
	msg = elf_strerror(ret);
	CHECK(msg && msg[0]);
	CHECK(elf_check(data, size, &policy, NULL) == ret);
	if (ret)
		return 0;

	CHECK(size >= sizeof(*eh));
	CHECK(eh->e_phentsize == sizeof(struct elf64_phdr) && eh->e_phnum);
	for (i = 0; i < eh->e_phnum; i++) {
		const struct elf64_phdr *ph = elf_phdr(data, i);
		const uint8_t *p = (const uint8_t *)ph;
		uint64_t end;

		/* The header itself lies inside the file. */
		CHECK(p >= data &&
		      p + sizeof(*ph) <= data + size);
		sink = ph->p_type ^ ph->p_flags ^ ph->p_offset ^ ph->p_vaddr ^
		       ph->p_paddr ^ ph->p_filesz ^ ph->p_memsz ^ ph->p_align;
		if (ph->p_type != PT_LOAD)
			continue;

		CHECK(ph->p_filesz <= ph->p_memsz);
		CHECK(ph->p_offset <= size && ph->p_filesz <= size - ph->p_offset);
		if (ph->p_filesz) {
			/* What a loader copies: let ASan see both ends. */
			sink = data[ph->p_offset];
			sink = data[ph->p_offset + ph->p_filesz - 1];
			CHECK(ph->p_vaddr % 4096 == ph->p_offset % 4096);
		}
		CHECK(!__builtin_add_overflow(ph->p_vaddr, ph->p_memsz, &end));
		CHECK(ph->p_vaddr >= policy.min_addr && end <= policy.max_addr);
		if (nr_load)
			CHECK(ph->p_vaddr >= prev_end);
		prev_end = end;
		if (ph->p_vaddr < lowest)
			lowest = ph->p_vaddr;
		if (end > highest)
			highest = end;
		if ((ph->p_flags & PF_X) && eh->e_entry >= ph->p_vaddr &&
		    eh->e_entry < end)
			entry_ok = 1;
		nr_load++;
	}
	CHECK(nr_load && entry_ok);
	CHECK(info.nr_load == nr_load);
	CHECK(info.entry == eh->e_entry);
	CHECK(info.lowest == lowest && info.highest == highest);
	CHECK(info.lowest <= info.entry && info.entry < info.highest);
	return 0;
}
