// SPDX-License-Identifier: GPL-2.0
/* Tests for lib/elf.c: elf_check() against kernel.md section 12.2. */
#include <criterion/criterion.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <lib/elf.h>

#define PAGE 0x1000ull
#define BASE 0x400000ull

static const struct elf_policy policy = {
	.min_addr = 0x1000,
	.max_addr = 0x800000,
};

/*
 * An ELF image built in memory.  The buffer is exactly `size` bytes from
 * malloc (so 16-byte aligned, and ASan flags any read past the end); the
 * ELF header sits at 0, the program header table at e_phoff, and every
 * other byte is a payload pattern.
 */
struct img {
	uint8_t *buf;
	size_t size;
	struct elf64_ehdr *eh;
	struct elf64_phdr *ph;
};

static void img_free(struct img *im)
{
	free(im->buf);
	im->buf = NULL;
}

/* A valid header for `nph` program headers at `phoff`; phdrs zeroed. */
static struct img img_new(size_t size, unsigned int nph, uint64_t phoff)
{
	struct img im = { .size = size };
	size_t i;

	cr_assert_geq(size, sizeof(struct elf64_ehdr));
	cr_assert_leq(phoff + nph * sizeof(struct elf64_phdr), size);
	im.buf = malloc(size);
	cr_assert_not_null(im.buf);
	for (i = 0; i < size; i++)
		im.buf[i] = (uint8_t)(i * 7 + 3);
	im.eh = (struct elf64_ehdr *)im.buf;
	memset(im.eh, 0, sizeof(*im.eh));
	memcpy(im.eh->e_ident, ELF_MAGIC, 4);
	im.eh->e_ident[4] = ELFCLASS64;
	im.eh->e_ident[5] = ELFDATA2LSB;
	im.eh->e_ident[6] = EV_CURRENT;
	im.eh->e_type = ET_EXEC;
	im.eh->e_machine = EM_X86_64;
	im.eh->e_version = EV_CURRENT;
	im.eh->e_phoff = phoff;
	im.eh->e_ehsize = sizeof(struct elf64_ehdr);
	im.eh->e_phentsize = sizeof(struct elf64_phdr);
	im.eh->e_phnum = (uint16_t)nph;
	im.ph = (struct elf64_phdr *)(im.buf + phoff);
	memset(im.ph, 0, nph * sizeof(struct elf64_phdr));
	return im;
}

static void set_load(struct elf64_phdr *ph, uint32_t flags, uint64_t off,
		     uint64_t vaddr, uint64_t filesz, uint64_t memsz)
{
	*ph = (struct elf64_phdr){
		.p_type = PT_LOAD, .p_flags = flags, .p_offset = off,
		.p_vaddr = vaddr, .p_paddr = vaddr, .p_filesz = filesz,
		.p_memsz = memsz, .p_align = PAGE,
	};
}

/*
 * The standard shape (text, then data + bss on the next page):
 *   #0 R+X  off 0       vaddr 0x400000  filesz 0x1000 memsz 0x1000
 *   #1 R+W  off 0x1000  vaddr 0x401000  filesz 0x800  memsz 0x3000
 * File size 0x1800, entry 0x400100.
 */
static struct img img_std(void)
{
	struct img im = img_new(0x1800, 2, sizeof(struct elf64_ehdr));

	set_load(&im.ph[0], PF_R | PF_X, 0, BASE, PAGE, PAGE);
	set_load(&im.ph[1], PF_R | PF_W, PAGE, BASE + PAGE, 0x800, 0x3000);
	im.eh->e_entry = BASE + 0x100;
	return im;
}

static int check_pol(const struct img *im, const struct elf_policy *pol)
{
	struct elf_info info;

	return elf_check(im->buf, im->size, pol, &info);
}

static int check(const struct img *im)
{
	return check_pol(im, &policy);
}

#define EXPECT(im, err) do { \
	int r_ = check(im); \
	cr_assert_eq(r_, (err), "elf_check: %d (%s), expected %d (%s)", \
		     r_, elf_strerror(r_), (err), elf_strerror(err)); \
} while (0)

/* Run one mutation of the standard image and expect `err`. */
#define MUTATE(err, stmt) do { \
	struct img m_ = img_std(); \
	struct elf64_ehdr *eh = m_.eh; \
	struct elf64_phdr *ph = m_.ph; \
	(void)eh; (void)ph; \
	stmt; \
	EXPECT(&m_, (err)); \
	img_free(&m_); \
} while (0)

/* ------------------------------------------------------------ valid */

Test(elf, standard_image_is_valid)
{
	struct img im = img_std();
	struct elf_info info;
	const struct elf64_phdr *ph;

	memset(&info, 0xcc, sizeof(info));
	cr_assert_eq(elf_check(im.buf, im.size, &policy, &info), ELF_OK);
	cr_assert_eq(info.entry, BASE + 0x100);
	cr_assert_eq(info.lowest, BASE);
	cr_assert_eq(info.highest, BASE + PAGE + 0x3000);
	cr_assert_eq(info.nr_load, 2);
	/* info is optional */
	cr_assert_eq(elf_check(im.buf, im.size, &policy, NULL), ELF_OK);

	ph = elf_phdr(im.buf, 0);
	cr_assert_eq((const void *)ph, (const void *)(im.buf + 64));
	cr_assert_eq(ph->p_vaddr, BASE);
	ph = elf_phdr(im.buf, 1);
	cr_assert_eq((const void *)ph, (const void *)(im.buf + 64 + 56));
	cr_assert_eq(ph->p_memsz, 0x3000);
	img_free(&im);
}

Test(elf, single_segment_and_info)
{
	struct img im = img_new(0x3000, 1, 0x40);
	struct elf_info info;

	set_load(&im.ph[0], PF_R | PF_X, 0x1000, 0x7ff000, 0x1000, 0x1000);
	im.eh->e_entry = 0x7fffff;		/* last byte of the segment */
	cr_assert_eq(elf_check(im.buf, im.size, &policy, &info), ELF_OK);
	cr_assert_eq(info.entry, 0x7fffff);
	cr_assert_eq(info.lowest, 0x7ff000);
	cr_assert_eq(info.highest, 0x800000);
	cr_assert_eq(info.nr_load, 1);
	img_free(&im);
}

Test(elf, phdr_table_elsewhere_in_file)
{
	/* Table at the end of the file, ending exactly at its last byte. */
	size_t size = 0x2000;
	struct img im = img_new(size, 3, size - 3 * 56);
	struct elf_info info;

	cr_assert_eq(im.eh->e_phoff % 8, 0);
	set_load(&im.ph[0], PF_R | PF_X, 0, BASE, 0x800, 0x800);
	set_load(&im.ph[1], PF_R, 0x1000, BASE + 0x1000, 0x100, 0x100);
	set_load(&im.ph[2], PF_R | PF_W, 0x1100, BASE + 0x2100, 0, 0x10);
	im.eh->e_entry = BASE;
	cr_assert_eq(elf_check(im.buf, im.size, &policy, &info), ELF_OK);
	cr_assert_eq(info.nr_load, 3);
	cr_assert_eq(info.highest, BASE + 0x2110);
	cr_assert_eq(elf_phdr(im.buf, 2)->p_offset, 0x1100);
	img_free(&im);
}

Test(elf, non_load_headers_ignored)
{
	struct img im = img_new(0x1800, 6, 0x40);
	struct elf_info info;

	/* Garbage in every non-LOAD header: none of it may be checked. */
	im.ph[0] = (struct elf64_phdr){ .p_type = 6 /* PT_PHDR */,
		.p_offset = UINT64_MAX, .p_vaddr = 0, .p_filesz = UINT64_MAX,
		.p_memsz = 1 };
	set_load(&im.ph[1], PF_R | PF_X, 0, BASE, PAGE, PAGE);
	im.ph[2] = (struct elf64_phdr){ .p_type = 0 /* PT_NULL */,
		.p_offset = 0x123456789, .p_vaddr = 0xffffffff80000000ull,
		.p_filesz = 5, .p_memsz = 0, .p_flags = PF_X };
	im.ph[3] = (struct elf64_phdr){ .p_type = 4 /* PT_NOTE */,
		.p_offset = 7, .p_vaddr = 3, .p_filesz = 0x10000,
		.p_memsz = 0x10 };
	set_load(&im.ph[4], PF_R | PF_W, PAGE, BASE + PAGE, 0x800, 0x800);
	im.ph[5] = (struct elf64_phdr){ .p_type = 0x6474e551 /* GNU_STACK */,
		.p_flags = PF_R | PF_W | PF_X, .p_vaddr = UINT64_MAX,
		.p_memsz = UINT64_MAX };
	im.eh->e_entry = BASE + 0x10;
	cr_assert_eq(elf_check(im.buf, im.size, &policy, &info), ELF_OK);
	cr_assert_eq(info.nr_load, 2);
	cr_assert_eq(info.lowest, BASE);
	cr_assert_eq(info.highest, BASE + PAGE + 0x800);

	/* An entry inside a non-LOAD "executable" header does not count. */
	im.eh->e_entry = 0xffffffff80000000ull;
	cr_assert_eq(check(&im), ELF_EENTRY);
	img_free(&im);
}

Test(elf, ignores_section_headers_and_flags)
{
	MUTATE(ELF_OK, eh->e_shoff = UINT64_MAX);
	MUTATE(ELF_OK, eh->e_shnum = 0xffff);
	MUTATE(ELF_OK, eh->e_shentsize = 3);
	MUTATE(ELF_OK, eh->e_shstrndx = 0xfffe);
	MUTATE(ELF_OK, eh->e_flags = 0xffffffff);
	MUTATE(ELF_OK, eh->e_ident[7] = 9);	/* OSABI */
	MUTATE(ELF_OK, eh->e_ident[15] = 0xff);	/* padding */
	MUTATE(ELF_OK, ph[0].p_paddr = 0);
	MUTATE(ELF_OK, ph[0].p_align = 3);
}

/* ------------------------------------------------------------ header */

Test(elf, too_small)
{
	struct img im = img_std();
	size_t s;

	cr_assert_eq(elf_check(NULL, 0, &policy, NULL), ELF_ETOOSMALL);
	cr_assert_eq(elf_check(NULL, 4096, &policy, NULL), ELF_ETOOSMALL);
	for (s = 0; s < sizeof(struct elf64_ehdr); s++)
		cr_assert_eq(elf_check(im.buf, s, &policy, NULL),
			     ELF_ETOOSMALL, "size %zu", s);
	/* Exactly a header: the table no longer fits. */
	cr_assert_eq(elf_check(im.buf, 64, &policy, NULL), ELF_EPHDR);
	img_free(&im);
}

Test(elf, too_small_checked_first)
{
	/* A 63-byte buffer: nothing past it may be read (ASan). */
	uint8_t *b = malloc(63);

	cr_assert_not_null(b);
	memset(b, 0, 63);
	memcpy(b, ELF_MAGIC, 4);
	cr_assert_eq(elf_check(b, 63, &policy, NULL), ELF_ETOOSMALL);
	free(b);
}

Test(elf, bad_magic)
{
	int i;

	for (i = 0; i < 4; i++) {
		MUTATE(ELF_EMAGIC, eh->e_ident[i] ^= 0x20);
		MUTATE(ELF_EMAGIC, eh->e_ident[i] = 0);
	}
	MUTATE(ELF_EMAGIC, memcpy(eh->e_ident, "\x7f" "elf", 4));
	MUTATE(ELF_EMAGIC, memset(m_.buf, 0, m_.size));
}

Test(elf, class_data_version)
{
	MUTATE(ELF_ECLASS, eh->e_ident[4] = 1);		/* ELFCLASS32 */
	MUTATE(ELF_ECLASS, eh->e_ident[4] = 0);
	MUTATE(ELF_ECLASS, eh->e_ident[4] = 3);
	MUTATE(ELF_ECLASS, eh->e_ident[5] = 2);		/* big-endian */
	MUTATE(ELF_ECLASS, eh->e_ident[5] = 0);
	MUTATE(ELF_ECLASS, eh->e_ident[6] = 0);
	MUTATE(ELF_ECLASS, eh->e_ident[6] = 2);
	MUTATE(ELF_ECLASS, eh->e_version = 0);
	MUTATE(ELF_ECLASS, eh->e_version = 2);
	MUTATE(ELF_ECLASS, eh->e_version = 0xffffffff);
}

Test(elf, type_machine)
{
	MUTATE(ELF_ETYPE, eh->e_type = 0);		/* ET_NONE */
	MUTATE(ELF_ETYPE, eh->e_type = 1);		/* ET_REL */
	MUTATE(ELF_ETYPE, eh->e_type = 3);		/* ET_DYN */
	MUTATE(ELF_ETYPE, eh->e_type = 4);		/* ET_CORE */
	MUTATE(ELF_ETYPE, eh->e_type = 0x202);
	MUTATE(ELF_ETYPE, eh->e_machine = 3);		/* EM_386 */
	MUTATE(ELF_ETYPE, eh->e_machine = 183);		/* EM_AARCH64 */
	MUTATE(ELF_ETYPE, eh->e_machine = 0);
	MUTATE(ELF_ETYPE, eh->e_machine = 62 | 0x100);
}

Test(elf, phentsize_phnum)
{
	MUTATE(ELF_EPHDR, eh->e_phentsize = 0);
	MUTATE(ELF_EPHDR, eh->e_phentsize = 55);
	MUTATE(ELF_EPHDR, eh->e_phentsize = 57);
	MUTATE(ELF_EPHDR, eh->e_phentsize = 64);
	MUTATE(ELF_EPHDR, eh->e_phentsize = 32);	/* ELF32 size */
	MUTATE(ELF_EPHDR, eh->e_phnum = 0);
	MUTATE(ELF_EPHDR, eh->e_phnum = 0xffff);	/* PN_XNUM, > file */
	/* The last of two entries would end 56 bytes past the file. */
	MUTATE(ELF_EPHDR, eh->e_phoff = 0x1800 - 56; eh->e_phnum = 2);
}

Test(elf, phoff_outside_or_overflowing)
{
	/* Table starting at or past the end of the file. */
	MUTATE(ELF_EPHDR, eh->e_phoff = 0x1800);
	MUTATE(ELF_EPHDR, eh->e_phoff = 0x1800 + 8);
	MUTATE(ELF_EPHDR, eh->e_phoff = 0x100000000ull);
	/* Straddling the end by one entry's worth and by a few bytes. */
	MUTATE(ELF_EPHDR, eh->e_phoff = 0x1800 - 56 - 8);
	MUTATE(ELF_EPHDR, eh->e_phoff = 0x1800 - 2 * 56 + 8);
	/* phoff + table size wraps around to a small number. */
	MUTATE(ELF_EPHDR, eh->e_phoff = UINT64_MAX - 7);
	MUTATE(ELF_EPHDR, eh->e_phoff = UINT64_MAX - 111);
	MUTATE(ELF_EPHDR, eh->e_phoff = UINT64_MAX & ~7ull);
	MUTATE(ELF_EPHDR, eh->e_phoff = (UINT64_MAX - 56 * 0xffffull + 64) & ~7ull;
	       eh->e_phnum = 0xffff);
	/* Not aligned for the 8-byte fields it holds. */
	MUTATE(ELF_EPHDR, eh->e_phoff = 65);
	MUTATE(ELF_EPHDR, eh->e_phoff = 68);
}

Test(elf, phdr_table_exactly_at_end_accepted)
{
	struct img m2 = img_new(0x1800, 2, 0x1800 - 2 * 56);

	set_load(&m2.ph[0], PF_R | PF_X, 0, BASE, PAGE, PAGE);
	set_load(&m2.ph[1], PF_R | PF_W, PAGE, BASE + PAGE, 0x800, 0x3000);
	m2.eh->e_entry = BASE + 0x100;
	cr_assert_eq(check(&m2), ELF_OK);
	/* The same table one byte short of the file. */
	cr_assert_eq(elf_check(m2.buf, m2.size - 1, &policy, NULL), ELF_EPHDR);
	img_free(&m2);
}

/* ------------------------------------------------------------ file ranges */

Test(elf, filesz_greater_than_memsz)
{
	MUTATE(ELF_ESEGFILE, ph[0].p_memsz = PAGE - 1);
	MUTATE(ELF_ESEGFILE, ph[1].p_filesz = 0x3001);
	MUTATE(ELF_ESEGFILE, ph[1].p_memsz = 0);
	/* filesz == memsz is fine; so is filesz 0 with memsz > 0. */
	MUTATE(ELF_OK, ph[1].p_memsz = 0x800);
	MUTATE(ELF_OK, ph[1].p_filesz = 0);
}

Test(elf, segment_outside_file)
{
	/* Ends one byte past the file. */
	MUTATE(ELF_ESEGFILE, ph[1].p_filesz = 0x801);
	/* Starts past the file. */
	MUTATE(ELF_ESEGFILE, ph[1].p_offset = 0x2000; ph[1].p_vaddr = BASE + 0x2000;
	       ph[1].p_filesz = 1);
	MUTATE(ELF_ESEGFILE, ph[0].p_filesz = 0x1801; ph[0].p_memsz = 0x2000);
	/* Ends exactly at the end of the file: fine. */
	MUTATE(ELF_OK, ph[1].p_filesz = 0x800);
	/* Even with nothing to read, the offset may not lie past the end. */
	MUTATE(ELF_ESEGFILE, ph[1].p_offset = 0x2000; ph[1].p_vaddr = BASE + 0x2000;
	       ph[1].p_filesz = 0);
}

Test(elf, segment_file_range_overflows)
{
	/* offset + filesz wraps to a value inside the file. */
	MUTATE(ELF_ESEGFILE, ph[1].p_offset = UINT64_MAX - 0xfff;
	       ph[1].p_vaddr = BASE + 0x1000;	/* congruent mod 4096 */
	       ph[1].p_filesz = 0x1001; ph[1].p_memsz = 0x2000);
	MUTATE(ELF_ESEGFILE, ph[1].p_offset = UINT64_MAX; ph[1].p_filesz = 1);
	MUTATE(ELF_ESEGFILE, ph[1].p_offset = 0x1000; ph[1].p_filesz = UINT64_MAX;
	       ph[1].p_memsz = UINT64_MAX);
	MUTATE(ELF_ESEGFILE, ph[1].p_offset = 0x8000000000000000ull;
	       ph[1].p_filesz = 0x8000000000000000ull;
	       ph[1].p_memsz = 0x8000000000000000ull);
}

/* ------------------------------------------------------------ addresses */

Test(elf, segment_address_overflows)
{
	static const struct elf_policy all = { 0x1000, UINT64_MAX };
	struct img im = img_std();

	/* Wide-open policy, so only the overflow check can reject. */
	im.ph[1].p_vaddr = UINT64_MAX - 0xfff;
	im.ph[1].p_memsz = 0x1000;		/* end = 2^64: wraps to 0 */
	cr_assert_eq(check_pol(&im, &all), ELF_ESEGADDR);
	im.ph[1].p_memsz = UINT64_MAX;
	cr_assert_eq(check_pol(&im, &all), ELF_ESEGADDR);
	im.ph[1].p_vaddr = BASE + PAGE;
	im.ph[1].p_memsz = UINT64_MAX - BASE;	/* wraps by PAGE - 1 */
	cr_assert_eq(check_pol(&im, &all), ELF_ESEGADDR);
	/* One byte less does not wrap and fits the open window. */
	im.ph[1].p_vaddr = UINT64_MAX - 0xfff;
	im.ph[1].p_memsz = 0xfff;
	cr_assert_eq(check_pol(&im, &all), ELF_OK);
	img_free(&im);

	MUTATE(ELF_ESEGADDR, ph[1].p_vaddr = UINT64_MAX - 0xfff;
	       ph[1].p_memsz = 0x1001);
}

Test(elf, segment_below_window)
{
	/* Text at 0 (the null page), offset congruent. */
	MUTATE(ELF_ESEGADDR, ph[0].p_vaddr = 0; eh->e_entry = 0x100);
	/* Straddling the minimum. */
	MUTATE(ELF_ESEGADDR, ph[0].p_vaddr = 0xf00; ph[0].p_offset = 0xf00;
	       ph[0].p_filesz = 0x100; ph[0].p_memsz = 0x1000;
	       eh->e_entry = 0x1000);
	/* Starting one page below the minimum, ending above it. */
	{
		static const struct elf_policy p = { BASE + PAGE, 0x800000 };
		struct img im = img_std();

		cr_assert_eq(check_pol(&im, &p), ELF_ESEGADDR);
		/* Exactly at the minimum is fine. */
		im.ph[0].p_type = 0;
		im.ph[1].p_flags |= PF_X;
		im.eh->e_entry = BASE + PAGE;
		cr_assert_eq(check_pol(&im, &p), ELF_OK);
		img_free(&im);
	}
	/* bss-only segment below the window. */
	MUTATE(ELF_ESEGADDR, ph[1].p_type = 0; ph[0].p_filesz = 0;
	       ph[0].p_vaddr = 0x0; ph[0].p_memsz = 0x2000; eh->e_entry = 0x1800);
}

Test(elf, segment_above_window)
{
	/* Ending one byte past max_addr. */
	MUTATE(ELF_ESEGADDR, ph[1].p_vaddr = 0x7fd000; ph[1].p_memsz = 0x3001);
	/* Ending exactly at max_addr: fine. */
	MUTATE(ELF_OK, ph[1].p_vaddr = 0x7fd000; ph[1].p_memsz = 0x3000);
	/* Entirely above it. */
	MUTATE(ELF_ESEGADDR, ph[1].p_vaddr = 0x801000);
	MUTATE(ELF_ESEGADDR, ph[1].p_vaddr = 0x800000);
	MUTATE(ELF_ESEGADDR, ph[1].p_vaddr = 0xffff800000001000ull);
	/* A kernel-half text segment. */
	MUTATE(ELF_ESEGADDR, ph[0].p_vaddr = 0xffffffff80000000ull;
	       eh->e_entry = 0xffffffff80000100ull);
}

/* ------------------------------------------------------------ alignment */

Test(elf, misaligned_vaddr_offset)
{
	/* vaddr moved off the page grain, offset not. */
	MUTATE(ELF_EALIGN, ph[1].p_vaddr = BASE + PAGE + 0x10);
	MUTATE(ELF_EALIGN, ph[1].p_vaddr = BASE + PAGE + 0xfff);
	/* offset moved, vaddr not. */
	MUTATE(ELF_EALIGN, ph[1].p_offset = PAGE + 8; ph[1].p_filesz = 0x700);
	MUTATE(ELF_EALIGN, ph[0].p_offset = 8; ph[0].p_filesz = 0x800);
	/* Both unaligned but different. */
	MUTATE(ELF_EALIGN, ph[1].p_offset = 0x1234; ph[1].p_vaddr = BASE + 0x1235;
	       ph[1].p_filesz = 0x100);
	/* Congruent mod 4096 while not page aligned: fine. */
	MUTATE(ELF_OK, ph[1].p_offset = 0x1234; ph[1].p_vaddr = BASE + 0x1234;
	       ph[1].p_filesz = 0x100);
	MUTATE(ELF_OK, ph[1].p_offset = 0x0234; ph[1].p_vaddr = BASE + 0x5234;
	       ph[1].p_filesz = 0x100);
	/* Only the page offset matters, not whole pages. */
	MUTATE(ELF_OK, ph[1].p_offset = 0; ph[1].p_filesz = 0x10;
	       ph[1].p_vaddr = BASE + 0x7000);
}

Test(elf, misalignment_allowed_without_file_data)
{
	/* filesz == 0: the offset is irrelevant. */
	MUTATE(ELF_OK, ph[1].p_filesz = 0; ph[1].p_offset = 0x7;
	       ph[1].p_vaddr = BASE + PAGE + 0x10);
	MUTATE(ELF_OK, ph[1].p_filesz = 0; ph[1].p_offset = 0x1800;
	       ph[1].p_vaddr = BASE + PAGE + 0x123);
	/* ... but it still takes filesz > 0 into account with one byte. */
	MUTATE(ELF_EALIGN, ph[1].p_filesz = 1; ph[1].p_offset = 0x7;
	       ph[1].p_vaddr = BASE + PAGE + 0x10);
}

/* ------------------------------------------------------------ ordering */

Test(elf, unordered_segments)
{
	/* Swap the two segments (entry still in the text). */
	MUTATE(ELF_EORDER, struct elf64_phdr t = ph[0]; ph[0] = ph[1]; ph[1] = t);
	/* Equal start addresses, both non-empty. */
	MUTATE(ELF_EORDER, ph[1].p_vaddr = BASE; ph[1].p_offset = 0x1000);
	/* Ordering is checked between PT_LOADs across other headers. */
	{
		struct img im = img_new(0x1800, 3, 0x40);

		set_load(&im.ph[0], PF_R | PF_W, PAGE, BASE + PAGE, 0x800, 0x800);
		im.ph[1].p_type = 4;
		set_load(&im.ph[2], PF_R | PF_X, 0, BASE, PAGE, PAGE);
		im.eh->e_entry = BASE;
		EXPECT(&im, ELF_EORDER);
		img_free(&im);
	}
	/* Three segments where only the last is out of order. */
	{
		struct img im = img_new(0x3000, 3, 0x40);

		set_load(&im.ph[0], PF_R | PF_X, 0, BASE, PAGE, PAGE);
		set_load(&im.ph[1], PF_R, PAGE, BASE + 0x5000, PAGE, PAGE);
		set_load(&im.ph[2], PF_R | PF_W, 0x2000, BASE + 0x2000, PAGE, PAGE);
		im.eh->e_entry = BASE;
		EXPECT(&im, ELF_EORDER);
		im.ph[1].p_vaddr = BASE + 0x1000;
		EXPECT(&im, ELF_OK);
		img_free(&im);
	}
}

Test(elf, overlapping_segments)
{
	/* The text runs one byte into the data segment. */
	MUTATE(ELF_EORDER, ph[0].p_memsz = PAGE + 1);
	/* Data starts inside the text. */
	MUTATE(ELF_EORDER, ph[1].p_vaddr = BASE + 0x800; ph[1].p_offset = 0x800);
	MUTATE(ELF_EORDER, ph[1].p_vaddr = BASE + PAGE - 1;
	       ph[1].p_offset = PAGE - 1);
	/* Data entirely inside the text. */
	MUTATE(ELF_EORDER, ph[1].p_vaddr = BASE + 0x100; ph[1].p_offset = 0x100;
	       ph[1].p_filesz = 0x10; ph[1].p_memsz = 0x10);
	/* A large text swallowing the data. */
	MUTATE(ELF_EORDER, ph[0].p_memsz = 0x10000);
}

Test(elf, segments_sharing_a_boundary_page)
{
	struct img im = img_new(0x1000, 3, 0x40);
	struct elf_info info;

	/* Text ends mid-page; rodata and data continue in the same page. */
	set_load(&im.ph[0], PF_R | PF_X, 0, BASE, 0x800, 0x800);
	set_load(&im.ph[1], PF_R, 0x800, BASE + 0x800, 0x100, 0x100);
	set_load(&im.ph[2], PF_R | PF_W, 0x900, BASE + 0x900, 0x100, 0x2000);
	im.eh->e_entry = BASE + 0x7ff;
	cr_assert_eq(elf_check(im.buf, im.size, &policy, &info), ELF_OK);
	cr_assert_eq(info.lowest, BASE);
	cr_assert_eq(info.highest, BASE + 0x2900);
	cr_assert_eq(info.nr_load, 3);
	/* Entry in the data part of the shared page is not executable. */
	im.eh->e_entry = BASE + 0x800;
	cr_assert_eq(check(&im), ELF_EENTRY);
	/* One byte of real overlap is rejected. */
	im.eh->e_entry = BASE;
	im.ph[1].p_vaddr = BASE + 0x7ff;
	im.ph[1].p_offset = 0x7ff;
	cr_assert_eq(check(&im), ELF_EORDER);
	img_free(&im);
}

Test(elf, empty_segments_and_order)
{
	/* A zero-size PT_LOAD right at the end of the previous one. */
	{
		struct img im = img_new(0x1800, 3, 0x40);
		struct elf_info info;

		set_load(&im.ph[0], PF_R | PF_X, 0, BASE, PAGE, PAGE);
		set_load(&im.ph[1], PF_R, 0, BASE + PAGE, 0, 0);
		set_load(&im.ph[2], PF_R | PF_W, PAGE, BASE + PAGE, 0x800, 0x800);
		im.eh->e_entry = BASE;
		cr_assert_eq(elf_check(im.buf, im.size, &policy, &info), ELF_OK);
		cr_assert_eq(info.nr_load, 3);
		cr_assert_eq(info.highest, BASE + PAGE + 0x800);
		img_free(&im);
	}
	/* An empty segment far up still orders the ones after it. */
	MUTATE(ELF_EORDER, set_load(&ph[0], PF_R, 0, 0x600000, 0, 0);
	       ph[1].p_flags |= PF_X; eh->e_entry = BASE + PAGE);
}

/* ------------------------------------------------------------ load, entry */

Test(elf, no_load_segment)
{
	MUTATE(ELF_ENOLOAD, ph[0].p_type = 0; ph[1].p_type = 0);
	MUTATE(ELF_ENOLOAD, ph[0].p_type = 4; ph[1].p_type = 0x6474e551);
	MUTATE(ELF_ENOLOAD, ph[0].p_type = 2; ph[1].p_type = 3);	/* DYNAMIC, INTERP */
	MUTATE(ELF_ENOLOAD, ph[0].p_type = PT_LOAD | 0x100; ph[1].p_type = 0);
	MUTATE(ELF_ENOLOAD, eh->e_phnum = 1; ph[0].p_type = 7);
}

Test(elf, entry_outside_segments)
{
	MUTATE(ELF_EENTRY, eh->e_entry = 0);
	MUTATE(ELF_EENTRY, eh->e_entry = BASE - 1);
	MUTATE(ELF_EENTRY, eh->e_entry = BASE + 0x4000);	/* == highest */
	MUTATE(ELF_EENTRY, eh->e_entry = BASE + 0x100000);
	MUTATE(ELF_EENTRY, eh->e_entry = UINT64_MAX);
	/* In a gap between two executable segments. */
	MUTATE(ELF_EENTRY, ph[1].p_flags |= PF_X; ph[1].p_vaddr = BASE + 0x3000;
	       eh->e_entry = BASE + 0x2000);
	/* The boundaries of the text. */
	MUTATE(ELF_OK, eh->e_entry = BASE);
	MUTATE(ELF_OK, eh->e_entry = BASE + PAGE - 1);
}

Test(elf, entry_in_non_executable_segment)
{
	/* In the data segment's file part and in its bss. */
	MUTATE(ELF_EENTRY, eh->e_entry = BASE + PAGE);
	MUTATE(ELF_EENTRY, eh->e_entry = BASE + PAGE + 0x2000);
	/* R only, W only or R+W text. */
	MUTATE(ELF_EENTRY, ph[0].p_flags = PF_R);
	MUTATE(ELF_EENTRY, ph[0].p_flags = PF_W);
	MUTATE(ELF_EENTRY, ph[0].p_flags = 0);
	MUTATE(ELF_EENTRY, ph[0].p_flags = PF_R | PF_W | 0xf0);
	/* X alone and W+X count as executable. */
	MUTATE(ELF_OK, ph[0].p_flags = PF_X);
	MUTATE(ELF_OK, ph[0].p_flags = PF_R | PF_W | PF_X);
	/* An executable data segment holding the entry. */
	MUTATE(ELF_OK, ph[1].p_flags |= PF_X; eh->e_entry = BASE + PAGE + 0x2fff);
	/* Entry in an executable but empty segment. */
	MUTATE(ELF_EENTRY, ph[0].p_flags = PF_R;
	       set_load(&ph[1], PF_R | PF_X, PAGE, BASE + PAGE, 0, 0);
	       eh->e_entry = BASE + PAGE);
}

/* ------------------------------------------------------------ misc */

Test(elf, every_error_reachable_in_order_of_checks)
{
	/* A file with several faults reports the first check that fails. */
	MUTATE(ELF_EMAGIC, eh->e_ident[0] = 0; eh->e_type = 3; eh->e_phnum = 0);
	MUTATE(ELF_ECLASS, eh->e_ident[4] = 1; eh->e_type = 3);
	MUTATE(ELF_ETYPE, eh->e_type = 3; eh->e_phnum = 0);
	MUTATE(ELF_EPHDR, eh->e_phnum = 0; eh->e_entry = 0);
	MUTATE(ELF_ESEGFILE, ph[1].p_filesz = 0x801; ph[1].p_vaddr = 0);
}

Test(elf, strerror_distinct)
{
	static const int codes[] = {
		ELF_OK, ELF_ETOOSMALL, ELF_EMAGIC, ELF_ECLASS, ELF_ETYPE,
		ELF_EPHDR, ELF_ESEGFILE, ELF_ESEGADDR, ELF_EALIGN,
		ELF_EORDER, ELF_ENOLOAD, ELF_EENTRY,
	};
	const size_t n = sizeof(codes) / sizeof(codes[0]);
	const char *unknown = elf_strerror(-12);
	size_t i, j;

	cr_assert_not_null(unknown);
	cr_assert_str_eq(elf_strerror(1), unknown);
	cr_assert_str_eq(elf_strerror(-1000), unknown);
	cr_assert_str_eq(elf_strerror(ELF_EENTRY - 1), unknown);
	for (i = 0; i < n; i++) {
		const char *s = elf_strerror(codes[i]);

		cr_assert_not_null(s);
		cr_assert_gt(strlen(s), 0);
		cr_assert_str_neq(s, unknown, "code %d", codes[i]);
		for (j = 0; j < i; j++)
			cr_assert_str_neq(s, elf_strerror(codes[j]),
					  "codes %d and %d", codes[i], codes[j]);
	}
	/* The codes themselves are the documented distinct values. */
	for (i = 0; i < n; i++)
		cr_assert_eq(codes[i], -(int)i);
}

Test(elf, random_mutations_never_crash)
{
	/* Flip bytes of the header and table; any result must be a code. */
	uint64_t s = 0x9e3779b97f4a7c15ull;
	int iter;

	for (iter = 0; iter < 20000; iter++) {
		struct img im = img_std();
		struct elf_info info;
		int k, r;

		for (k = 0; k < 1 + iter % 4; k++) {
			size_t pos;

			s ^= s << 13;
			s ^= s >> 7;
			s ^= s << 17;
			pos = (size_t)(s % (64 + 2 * 56));
			im.buf[pos] = (uint8_t)(s >> 40);
		}
		r = elf_check(im.buf, im.size, &policy, &info);
		cr_assert(r <= 0 && r >= ELF_EENTRY, "result %d", r);
		if (r == ELF_OK) {
			cr_assert_geq(info.lowest, policy.min_addr);
			cr_assert_leq(info.highest, policy.max_addr);
			cr_assert(info.entry >= info.lowest &&
				  info.entry < info.highest);
			cr_assert(info.nr_load >= 1 &&
				  info.nr_load <= im.eh->e_phnum);
		}
		img_free(&im);
	}
}

/* ------------------------------------------------------------ head only */

/*
 * elf_check_head: only the first bytes are at hand (a loader reading the
 * headers of a file): the table must lie in them, segments in the file.
 */
Test(elf, head_only_checks_segments_against_the_file)
{
	struct img im = img_std();
	size_t head = sizeof(struct elf64_ehdr) + 2 * sizeof(struct elf64_phdr);
	struct elf_info info;
	uint8_t *h = malloc(head);	/* exactly the head: ASan sees overreads */

	cr_assert_not_null(h);
	memcpy(h, im.buf, head);
	cr_assert_eq(elf_check_head(h, head, im.size, &policy, &info), ELF_OK);
	cr_assert_eq(info.entry, BASE + 0x100);
	cr_assert_eq(info.nr_load, 2);
	/* The data segment ends at 0x1800: a file one byte shorter lacks it. */
	cr_assert_eq(elf_check_head(h, head, im.size - 1, &policy, NULL),
		     ELF_ESEGFILE);
	/* One byte of the table missing from the head. */
	cr_assert_eq(elf_check_head(h, head - 1, im.size, &policy, NULL),
		     ELF_EPHDR);
	/* A head larger than the file is a caller error. */
	cr_assert_eq(elf_check_head(h, head, head - 1, &policy, NULL),
		     ELF_ETOOSMALL);
	cr_assert_eq(elf_check_head(NULL, 0, im.size, &policy, NULL),
		     ELF_ETOOSMALL);
	free(h);
	img_free(&im);
}

Test(elf, head_only_table_beyond_head)
{
	/* The table at 0x100 of a 0x1800-byte file, head of 0x100 bytes. */
	struct img im = img_new(0x1800, 2, 0x100);

	set_load(&im.ph[0], PF_R | PF_X, 0, BASE, PAGE, PAGE);
	set_load(&im.ph[1], PF_R | PF_W, PAGE, BASE + PAGE, 0x800, 0x3000);
	im.eh->e_entry = BASE + 0x100;
	cr_assert_eq(elf_check(im.buf, im.size, &policy, NULL), ELF_OK);
	cr_assert_eq(elf_check_head(im.buf, 0x100, im.size, &policy, NULL),
		     ELF_EPHDR);
	cr_assert_eq(elf_check_head(im.buf, 0x170, im.size, &policy, NULL),
		     ELF_OK);
	img_free(&im);
}
