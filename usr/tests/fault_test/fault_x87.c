// SPDX-License-Identifier: GPL-2.0
/*
 * fault_test helper: x87 divide by zero, unmasked in the control word (#MF):
 * exit -8.
 */
#include <panda/panda.h>

int main(int argc, char **argv, char **envp)
{
	uint16_t cw;

	__asm__ volatile("fnstcw %0" : "=m"(cw));
	cw &= ~(uint16_t)(1u << 2);	/* unmask ZM */
	__asm__ volatile("fldcw %0\n\t"
			 "fld1\n\t"
			 "fldz\n\t"
			 "fdivrp\n\t"	/* st(0) = 1 / 0 */
			 "fwait\n\t"
			 "fstp %%st(0)"
			 : : "m"(cw) : "memory", "st");
	return 99;	/* not reached */
}
