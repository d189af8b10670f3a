// SPDX-License-Identifier: GPL-2.0
/* copy_from_user / copy_to_user and the exception table. */
#include <asm/cpu.h>
#include <asm/ptrace.h>
#include <lib/string.h>
#include <lib/utf8.h>
#include <panda/errno.h>
#include <panda/uaccess.h>
#include <panda/vm.h>

struct extable_entry {
	uint64_t insn, fixup;
};

extern const struct extable_entry __start___ex_table[], __stop___ex_table[];
extern uint64_t __copy_user(void *dst, const void *src, uint64_t len);

static bool smap;

void uaccess_init(void)
{
	smap = read_cr4() & X86_CR4_SMAP;
}

bool access_ok(uint64_t addr, uint64_t len)
{
	uint64_t end;

	if (!len)
		return true;
	if (__builtin_add_overflow(addr, len, &end))
		return false;
	return end <= PANDA_USER_TOP;
}

static uint64_t copy_user(void *dst, const void *src, uint64_t len)
{
	uint64_t left;

	if (smap)
		__asm__ volatile("stac" : : : "memory");
	left = __copy_user(dst, src, len);
	if (smap)
		__asm__ volatile("clac" : : : "memory");
	return left;
}

int copy_from_user(void *dst, const void *usrc, size_t len)
{
	if (!access_ok((uint64_t)usrc, len))
		return -EINVAL;
	return copy_user(dst, usrc, len) ? -EINVAL : 0;
}

int copy_to_user(void *udst, const void *src, size_t len)
{
	if (!access_ok((uint64_t)udst, len))
		return -EINVAL;
	return copy_user(udst, src, len) ? -EINVAL : 0;
}

int copy_string_from_user(char *dst, size_t dst_size, uint64_t usrc,
			  uint64_t len)
{
	int ret;

	if (len >= dst_size)
		return -EINVAL;
	ret = copy_from_user(dst, (const void *)usrc, len);
	if (ret)
		return ret;
	dst[len] = '\0';
	if (!utf8_valid(dst, len) || strlen(dst) != len)
		return -EINVAL;	/* invalid UTF-8 or an embedded NUL */
	return 0;
}

bool fixup_exception(struct pt_regs *regs)
{
	const struct extable_entry *e;

	for (e = __start___ex_table; e < __stop___ex_table; e++) {
		if (e->insn == regs->rip) {
			regs->rip = e->fixup;
			return true;
		}
	}
	return false;
}
