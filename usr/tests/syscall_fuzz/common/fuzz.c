// SPDX-License-Identifier: GPL-2.0
/*
 * The system call fuzzer (abi.md 1-4, kernel.md 4.3-4.5, 7).
 *
 * Every call is a raw `syscall` built by hand: RAX 0x30 (sometimes not),
 * a handle, an operation and four arguments drawn from pools of adversarial
 * values, optionally with odd RFLAGS bits (DF, AC, NT, status flags) set.
 * After every call the fuzzer checks what the kernel MUST keep (kernel.md
 * 7.2): every general-purpose register but RAX, RCX and R11, and RFLAGS.
 *
 * Value pools: 0, small integers, kernel addresses, non-canonical ones,
 * huge lengths, ranges that run from a mapped page into an unmapped one,
 * pointers into our own read-only text and rodata, scratch buffers,
 * demand-paged stack and heap pages, shared buffers (live and freed),
 * strings (URIs valid and not, too long, bad UTF-8, embedded NUL), random
 * 64-bit values; handles: 0, the well-known ones, 0xDEAD, every type tag
 * with small ids, the handles we hold, random.  Half of the calls shape
 * the arguments to the operation (a URI with its length, a writable target
 * for a read...), so that the kernel gets past its first checks.
 *
 * Nothing the kernel writes may land on live state: write targets are
 * scratch pages (our heap, ending at the break), pages nobody uses (deep
 * stack, shared buffers), read-only pages (the write must fail) or unmapped
 * ones; random values that fall on our image or the live end of the stack
 * are moved away.  A changed break is put back after the call.
 *
 * The parent (init) never blocks and never exits: channel and read flags
 * get NONBLOCK, mailbox waits become polls, PROCESS_WAIT on a live child
 * kills it first, PROCESS_EXIT is drawn again, serial input is not opened,
 * and the handles of live children are never closed.  Log and console
 * writes of our own memory are turned into harmless text so the serial
 * log stays readable, and buffers that would be granted stay small (their
 * frames are zeroed: ~12 us a page under TCG).  Children (fuzz_child) have
 * none of the parent's limits: they block, exit, kill themselves and fault;
 * the parent kills them at a random deadline and collects their exit codes.
 */
#include <panda/panda.h>
#include <stddef.h>
#include <string.h>
#include "fuzz.h"

#define PAGE		4096UL
#define USER_TOP	0x0000800000000000ULL
#define MAX_TRACKED	40
#define MAX_KIDS	3
#define MAX_BUFS	8

#define TAG(h)		((uint32_t)(h) >> 24)

struct fuzz_stats fuzz_stats;

static uint64_t rng;
static bool is_parent;

/*
 * Write targets nobody else uses: the kernel writes here freely.  The
 * scratch pages are our heap, [HEAP_BASE, break), demand-paged; a write
 * that runs past them (a read of a whole executable) faults at the break
 * instead of reaching a variable.  Nothing else uses the heap.
 */
#define SCRATCH_SIZE	(4 * PAGE)
#define scratch		((uint8_t *)(uintptr_t)PANDA_HEAP_BASE)
#define SCRATCH_END	(PANDA_HEAP_BASE + SCRATCH_SIZE)	/* our break */
/* A long URI, read-only: "file:/initrd/" and 1216 more bytes. */
#define L8		"abcdefg/"
#define L64		L8 L8 L8 L8 L8 L8 L8 L8
static const char longstr[] = "file:/initrd/" L64 L64 L64 L64 L64 L64 L64
	L64 L64 L64 L64 L64 L64 L64 L64 L64 L64 L64 L64;
#define LONGSTR_SIZE	(sizeof(longstr) - 1)
/* Log and console text: invalid UTF-8 / harmless characters. */
static uint8_t bad_utf8[256];
static char tildes[64];
static struct panda_spawn_params spawn_params;
static struct panda_buffer_info binfo;

static uint32_t tracked[MAX_TRACKED];
static int ntracked;
static uint32_t closed_recently[8];
static uint32_t max_id = 8;

struct kid {
	uint32_t h;
	uint64_t deadline;	/* in parent calls */
};
static struct kid kids[MAX_KIDS];
static int nkids;

struct ubuf {
	uint64_t addr, size;
};
static struct ubuf live_bufs[MAX_BUFS], dead_bufs[MAX_BUFS];
static int nlive_bufs, ndead_bufs;

/* ------------------------------------------------------------ PRNG */

uint64_t fuzz_rand(void)
{
	/* xorshift64* */
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545f4914f6cdd1dULL;
}

static uint32_t rn(uint32_t n)
{
	return (uint32_t)((fuzz_rand() >> 32) % n);
}

#define PICK(a)		((a)[rn(sizeof(a) / sizeof((a)[0]))])

/* ------------------------------------------------------------ the call */

struct rawcall {
	uint64_t nr, rdi, rsi, rdx, r10, r8, r9, flags_or;
	uint64_t ret, fbefore, fafter;
	uint64_t o_rdi, o_rsi, o_rdx, o_r10, o_r8, o_r9;
	uint64_t o_rbx, o_r12, o_r13, o_r14, o_r15;
};

static struct rawcall rc;

#define CANARY_RBX	0x0b0b0b0b0b0b0b0bULL
#define CANARY_R12	0x1212121212121212ULL
#define CANARY_R13	0x1313131313131313ULL
#define CANARY_R14	0x1414141414141414ULL
#define CANARY_R15	0x1515151515151515ULL
/* RFLAGS bits sysretq gives back (RF and VM excepted). */
#define FLAGS_KEPT	0x3c7fd7ULL
#define F_CF		0x1ULL
#define F_PF		0x4ULL
#define F_AF		0x10ULL
#define F_ZF		0x40ULL
#define F_SF		0x80ULL
#define F_DF		0x400ULL
#define F_OF		0x800ULL
#define F_NT		0x4000ULL
#define F_AC		0x40000ULL

#define O(f)	[f] "i"(offsetof(struct rawcall, f))

/*
 * rc in, rc out.  The red zone is skipped before the pushes; RFLAGS bits
 * the C code must not see (DF, AC, NT) are cleared before leaving.
 */
static void raw_syscall(void)
{
	__asm__ volatile(
		"leaq -128(%%rsp), %%rsp\n\t"
		"movq %c[nr]+%[rc], %%rax\n\t"
		"movq %c[rdi]+%[rc], %%rdi\n\t"
		"movq %c[rsi]+%[rc], %%rsi\n\t"
		"movq %c[rdx]+%[rc], %%rdx\n\t"
		"movq %c[r10]+%[rc], %%r10\n\t"
		"movq %c[r8]+%[rc], %%r8\n\t"
		"movq %c[r9]+%[rc], %%r9\n\t"
		"movabsq $0x0b0b0b0b0b0b0b0b, %%rbx\n\t"
		"movabsq $0x1212121212121212, %%r12\n\t"
		"movabsq $0x1313131313131313, %%r13\n\t"
		"movabsq $0x1414141414141414, %%r14\n\t"
		"movabsq $0x1515151515151515, %%r15\n\t"
		"pushfq\n\t"
		"popq %%rcx\n\t"
		"orq %c[flags_or]+%[rc], %%rcx\n\t"
		"pushq %%rcx\n\t"
		"popfq\n\t"
		"pushfq\n\t"
		"popq %%rcx\n\t"
		"movq %%rcx, %c[fbefore]+%[rc]\n\t"
		"syscall\n\t"
		"pushfq\n\t"
		"popq %%rcx\n\t"
		"movq %%rcx, %c[fafter]+%[rc]\n\t"
		"andq $-0x44401, %%rcx\n\t"	/* clear DF, NT, AC */
		"pushq %%rcx\n\t"
		"popfq\n\t"
		"leaq 128(%%rsp), %%rsp\n\t"
		"movq %%rax, %c[ret]+%[rc]\n\t"
		"movq %%rdi, %c[o_rdi]+%[rc]\n\t"
		"movq %%rsi, %c[o_rsi]+%[rc]\n\t"
		"movq %%rdx, %c[o_rdx]+%[rc]\n\t"
		"movq %%r10, %c[o_r10]+%[rc]\n\t"
		"movq %%r8, %c[o_r8]+%[rc]\n\t"
		"movq %%r9, %c[o_r9]+%[rc]\n\t"
		"movq %%rbx, %c[o_rbx]+%[rc]\n\t"
		"movq %%r12, %c[o_r12]+%[rc]\n\t"
		"movq %%r13, %c[o_r13]+%[rc]\n\t"
		"movq %%r14, %c[o_r14]+%[rc]\n\t"
		"movq %%r15, %c[o_r15]+%[rc]"
		: [rc] "+m"(rc)
		: O(nr), O(rdi), O(rsi), O(rdx), O(r10), O(r8), O(r9),
		  O(flags_or), O(ret), O(fbefore), O(fafter), O(o_rdi),
		  O(o_rsi), O(o_rdx), O(o_r10), O(o_r8), O(o_r9), O(o_rbx),
		  O(o_r12), O(o_r13), O(o_r14), O(o_r15)
		: "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10",
		  "r11", "r12", "r13", "r14", "r15", "cc", "memory", "xmm0",
		  "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7",
		  "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14",
		  "xmm15");
}

static void abi_broken(const char *what)
{
	fuzz_stats.abi_broken++;
	if (fuzz_stats.abi_broken <= 5)
		panda_logf("syscall_fuzz: FAIL: %s not preserved (rax 0x%lx handle 0x%lx op 0x%lx args 0x%lx 0x%lx 0x%lx 0x%lx flags 0x%lx -> 0x%lx, result %ld)",
			   what, rc.nr, rc.rdi, rc.rsi, rc.rdx, rc.r10, rc.r8,
			   rc.r9, rc.fbefore, rc.fafter, (long)rc.ret);
}

/* Makes the call described by rc and checks the convention. */
static long do_call(void)
{
	long ret;

	raw_syscall();
	fuzz_stats.calls++;
	ret = (long)rc.ret;
	if (rc.o_rdi != rc.rdi || rc.o_rsi != rc.rsi || rc.o_rdx != rc.rdx ||
	    rc.o_r10 != rc.r10 || rc.o_r8 != rc.r8 || rc.o_r9 != rc.r9)
		abi_broken("argument registers");
	if (rc.o_rbx != CANARY_RBX || rc.o_r12 != CANARY_R12 ||
	    rc.o_r13 != CANARY_R13 || rc.o_r14 != CANARY_R14 ||
	    rc.o_r15 != CANARY_R15)
		abi_broken("callee-saved registers");
	if ((rc.fafter & FLAGS_KEPT) != (rc.fbefore & FLAGS_KEPT))
		abi_broken("RFLAGS");
	if (rc.nr != PANDA_SYSCALL_SEND && ret != -PANDA_ERR_NOT_SUPPORTED)
		abi_broken("NotSupported for a bad syscall number, result");
	if (ret >= 0)
		fuzz_stats.ok++;
	else if (ret >= -23)
		fuzz_stats.errs[-ret]++;
	else
		fuzz_stats.other++;
	return ret;
}

/* A plain call for the fuzzer's own bookkeeping (still checked). */
static long call(uint32_t h, uint32_t op, uint64_t a0, uint64_t a1,
		 uint64_t a2, uint64_t a3)
{
	rc.nr = PANDA_SYSCALL_SEND;
	rc.rdi = h;
	rc.rsi = op;
	rc.rdx = a0;
	rc.r10 = a1;
	rc.r8 = a2;
	rc.r9 = a3;
	rc.flags_or = 0;
	return do_call();
}

/* ------------------------------------------------------------ handles */

static void buffers_changed(void);

static void track(uint32_t h)
{
	if (PANDA_HANDLE_ID(h) > max_id && PANDA_HANDLE_ID(h) < 0x1000000)
		max_id = PANDA_HANDLE_ID(h);
	if (ntracked == MAX_TRACKED) {	/* keep the table small */
		if (call(tracked[0], PANDA_OP_FILE_CLOSE, 0, 0, 0, 0) == 0 &&
		    TAG(tracked[0]) == PANDA_TAG_BUFFER)
			buffers_changed();
		memmove(tracked, tracked + 1, sizeof(tracked[0]) * --ntracked);
	}
	tracked[ntracked++] = h;
}

static bool is_kid(uint32_t h)
{
	int i;

	for (i = 0; i < nkids; i++)
		if (kids[i].h == h)
			return true;
	return false;
}

static void forget(uint32_t h)
{
	int i;

	for (i = 0; i < ntracked; i++) {
		if (tracked[i] == h) {
			memmove(tracked + i, tracked + i + 1,
				sizeof(tracked[0]) * (ntracked - i - 1));
			ntracked--;
			break;
		}
	}
	closed_recently[rn(8)] = h;
}

static const uint32_t well_known[] = {
	0, PANDA_HANDLE_STDIN, PANDA_HANDLE_STDOUT, PANDA_HANDLE_STDERR,
	PANDA_HANDLE_PROCESS, PANDA_HANDLE_ENVIRONMENT, PANDA_HANDLE_MAILBOX,
	PANDA_HANDLE_PARENT, 0xdead, 0xffffffff, 0x00ffffff, 0x11000000,
	0x20000000, 0x7fffffff, 0x80000000,
};

static const uint8_t tags[] = {
	0x00, 0x01, 0x02, 0x10, 0x11, 0x20, 0x21, 0x30, 0x31, 0x03, 0x12,
	0x22, 0x32, 0x7f, 0x80, 0xff,
};

static uint32_t handle(void)
{
	switch (rn(12)) {
	case 0:
	case 1:
		return PICK(well_known);
	case 2:
	case 3:
	case 4:
	case 5:
		if (ntracked)
			return tracked[rn(ntracked)];
		return PICK(well_known);
	case 6:
	case 7:
		return ((uint32_t)PICK(tags) << 24) | rn(max_id + 4);
	case 8:
		if (nkids)
			return kids[rn(nkids)].h;
		return PANDA_HANDLE_MAILBOX;
	case 9:
		return closed_recently[rn(8)];
	case 10:
		return (uint32_t)fuzz_rand();
	}
	return ((uint32_t)rn(256) << 24) | rn(max_id + 4);
}

/* ------------------------------------------------------------ values */

/* Addresses that must never receive a kernel write: our image, live stack. */
static uint64_t sanitize(uint64_t v)
{
	if ((v >= 0x400000 && v < 0x2000000) ||
	    (v >= PANDA_STACK_TOP - 0x200000 && v < PANDA_STACK_TOP + PAGE))
		return v ^ (1ULL << 45);
	return v;
}

static const uint64_t smalls[] = {
	1, 2, 3, 7, 8, 15, 16, 31, 32, 63, 64, 255, 256, 257, 1023, 1024,
	1025, 4095, 4096, 4097, 8191, 8192, 65535, 65536, 0x7fffffff,
	0x80000000, 0xffffffff,
};

static const uint64_t kernel_addrs[] = {
	0xffff800000000000ULL, 0xffff800000001000ULL, 0xffff900000000000ULL,
	0xffffa00000000000ULL, 0xffffa00000000100ULL, 0xffffb00000000000ULL,
	0xffffc00000000000ULL, 0xffffc00000001000ULL, 0xffffc00000010000ULL,
	0xffffff7fbfdfe000ULL, 0xfffffffffffff000ULL, 0xffffffffffffffffULL,
	0xffffffff80000000ULL,
};

static const uint64_t noncanonical[] = {
	0x0000800000000000ULL, 0x0000800000001000ULL, 0x8000000000000000ULL,
	0x00ff000000000000ULL, 0x7fffffffffffffffULL, 0xdeadbeefdeadbeefULL,
	0x0001000000000000ULL, 0xffff7fffffffffffULL,
	/* canonical, user, never mapped */
	0x00007ffffffff000ULL, 0x00007fffffffffffULL, 0x00007ffffff00000ULL,
	0x0000000000001000ULL, 0x00000000003ff000ULL,
};

static const uint64_t huge[] = {
	0x00007fffffffffffULL, 0x0000800000000000ULL, 0x100000000ULL,
	0xffffffffULL, 0x10000000000ULL, 0x8000000000000000ULL,
	0xfffffffffffff000ULL, 0xffffffffffffffffULL, 0x7fffffffffffffffULL,
	0x1000000ULL, 0x100001ULL,
};

static uint64_t scratch_ptr(void)
{
	switch (rn(4)) {
	case 0:
		return (uint64_t)scratch;
	case 1:
		return (uint64_t)scratch + rn(SCRATCH_SIZE);
	case 2:	/* page aligned */
		return (uint64_t)scratch + PAGE * rn(SCRATCH_SIZE / PAGE);
	}
	/* near the end of a page */
	return (uint64_t)scratch + PAGE * (1 + rn(3)) - 1 - rn(16);
}

/* Deep in the stack region: demand-paged, far below any live frame. */
static uint64_t stack_deep_ptr(void)
{
	return PANDA_STACK_BASE + rn(8 << 20);
}

static uint64_t buffer_ptr(void)
{
	if (nlive_bufs && rn(3)) {
		struct ubuf *b = &live_bufs[rn(nlive_bufs)];

		return b->addr + rn((uint32_t)(b->size ? b->size : 1));
	}
	if (ndead_bufs && rn(2))
		return dead_bufs[rn(ndead_bufs)].addr;
	return PANDA_BUFFER_BASE + PAGE * rn(64);
}

/* Starts mapped, ends unmapped (or the other way round). */
static uint64_t crossing_ptr(void)
{
	uint64_t k = PICK(smalls) & 0x1fff;

	switch (rn(5)) {
	case 0:	/* heap scratch runs into the break */
		return SCRATCH_END - (k % 64 + 1);
	case 1:	/* below the heap into it */
		return PANDA_HEAP_BASE - 1 - rn(16);
	case 2:	/* below the stack region into it */
		return PANDA_STACK_BASE - 1 - rn(16);
	case 3:	/* end of a live buffer */
		if (nlive_bufs) {
			struct ubuf *b = &live_bufs[rn(nlive_bufs)];
			uint64_t end = b->addr + ((b->size + PAGE - 1) & ~(PAGE - 1));

			return end - 1 - rn(16);
		}
		return PANDA_BUFFER_BASE - 1 - rn(16);
	}
	/* the last user page into the non-canonical hole */
	return USER_TOP - 1 - rn(64);
}

static uint64_t text_ptr(void)
{
	static const char rodata[] = "read-only data in the fuzzer";

	switch (rn(3)) {
	case 0:
		return (uint64_t)(uintptr_t)&fuzz_step;
	case 1:
		return (uint64_t)(uintptr_t)&raw_syscall + rn(64);
	}
	return (uint64_t)(uintptr_t)rodata;
}

/* ------------------------------------------------------------ strings */

struct str {
	const char *p;
	size_t len;
};

static const char serial_input[] = "console:/serial/0/input";

#define S(x)	{ x, sizeof(x) - 1 }
static struct str strs[] = {
	S("file:/initrd/hello.txt"),
	S("file:/initrd/hello.txt"),
	S("file:/initrd"),
	S("file:/initrd/"),
	S("file:/"),
	S("file:"),
	S("file:/initrd/../initrd/hello.txt"),
	S("file://initrd///./hello.txt"),
	S("file:/initrd/hello.txt/"),
	S("file:/initrd/hello.txt/x"),
	S("file:/initrd/nonexistent"),
	S("file:/initrd/fuzz_child"),
	S("file:/.."),
	S("file:/../../.."),
	S("file:initrd/hello.txt"),
	S("console:/serial/0"),
	S("console:/serial"),
	S("console:/"),
	S("console:/serial/1"),
	{ serial_input, sizeof(serial_input) - 1 },
	S("service:/"),
	S("service:/ext2"),
	S("console:"),
	S("*:/initrd"),
	S("*:/"),
	S("service:/fuzz"),
	S("nope:/x"),
	S(":"),
	S("::::"),
	S(""),
	S("a"),
	S("averyveryverylongschemenamethatgoesonandon:/x"),
	S("file:/initrd/\xff\xfe"),
	S("file:/initrd/\xc0\xaf"),
	S("file:/initrd/\xe0\x80\xaf"),
	S("file:/initrd/\xed\xa0\x80"),
	S("file:/initrd/hello\xe2\x82"),
	S("file:/initrd\0/hello.txt"),
	S("file:/initrd/hello.txt\0"),
	S("ext2"),
	S("tarfs"),
	S("/mnt"),
	S("/initrd"),
	S("\xf0\x9f\x90\xbc"),
	{ longstr, 255 },
	{ longstr, 1023 },
	{ longstr, 1024 },
	{ longstr, 1025 },
	{ longstr, LONGSTR_SIZE },
	{ longstr + 600, 300 },
};

static void string_arg(uint64_t *p, uint64_t *len)
{
	const struct str *s = &PICK(strs);

	*p = (uint64_t)(uintptr_t)s->p;
	switch (rn(8)) {
	case 0:
		*len = s->len ? s->len - 1 : 0;
		break;
	case 1:
		*len = s->len + 1 + rn(8);
		break;
	case 2:
		*len = rn(2) ? 0 : PICK(huge);
		break;
	default:
		*len = s->len;
	}
}

/* ------------------------------------------------------------ arguments */

static uint64_t value(void)
{
	switch (rn(20)) {
	case 0:
		return 0;
	case 1:
		return rn(18);
	case 2:
	case 3:
		return PICK(smalls);
	case 4:
		return PICK(kernel_addrs);
	case 5:
		return PICK(noncanonical);
	case 6:
		return PICK(huge);
	case 7:
		return crossing_ptr();
	case 8:
		return text_ptr();
	case 9:
	case 10:
		return scratch_ptr();
	case 11:
		return stack_deep_ptr();
	case 12:
		return scratch_ptr();
	case 13:
		return buffer_ptr();
	case 14:
		return (uint64_t)(uintptr_t)PICK(strs).p;
	case 15:
		return handle();
	case 16:
		return sanitize(fuzz_rand());
	case 17:
		return sanitize(fuzz_rand() & 0x00007fffffffffffULL);
	case 18:
		return (uint64_t)-(int64_t)rn(4097);
	}
	return sanitize(fuzz_rand() >> rn(64));
}

/* Somewhere the kernel may write: scratch, fresh pages, or a bad place. */
static uint64_t write_target(void)
{
	switch (rn(10)) {
	case 0:
	case 1:
	case 2:
	case 3:
		return scratch_ptr();
	case 4:
		return scratch_ptr();
	case 5:
		return stack_deep_ptr();
	case 6:
		return buffer_ptr();
	case 7:
		return crossing_ptr();
	case 8:
		return text_ptr();
	}
	return value();
}

static uint64_t read_source(void)
{
	return rn(4) ? write_target() : (uint64_t)(uintptr_t)PICK(strs).p;
}

static uint64_t length(void)
{
	switch (rn(6)) {
	case 0:
		return 0;
	case 1:
	case 2:
		return rn(300);
	case 3:
		return PICK(smalls);
	case 4:
		return PICK(huge);
	}
	return rn(2 * PAGE);
}

static uint64_t buffer_size(void)
{
	switch (rn(10)) {
	case 0:
		return 0;
	case 1:
		return 1 + rn(PAGE);
	case 2:
		return PAGE;
	case 3:
		return PAGE + 1;
	case 4:
		return 1 + rn(16 * PAGE);
	case 5:
		return PICK(huge);
	case 6:
		return rn(64) ? 1ULL << (12 + rn(9)) : 0x100000000ULL;
	}
	return 1 + rn(4 * PAGE);
}

/* ------------------------------------------------------------ operations */

static const uint32_t ops[] = {
	0x10000, 0x10001, 0x10002, 0x10003, 0x10004, 0x10005, 0x10006,
	0x10007, 0x10008, 0x20000, 0x20001, 0x20002, 0x20003, 0x20004,
	0x20005, 0x30000, 0x30001, 0x30002, 0x30003, 0x30004, 0x30005,
	0x30006, 0x30007, 0x30008, 0x30009, 0x3000a, 0x3000b, 0x3000c,
	0x3000d, 0x3000e, 0x3000f, 0x40000, 0x40002, 0x40003, 0x50000,
	0x50001, 0x60000, 0x60001, 0x60002, 0x60003, 0x60004, 0x70000,
	0x70001, 0x70002, 0x70003, 0x71000, 0x71001, 0x71002,
};

static uint32_t operation(void)
{
	switch (rn(16)) {
	case 0:	/* unassigned codes next to assigned ones */
		return PICK(ops) + 1 + rn(3);
	case 1:
		return rn(2) ? (uint32_t)fuzz_rand()
			     : (rn(16) << 16) | rn(16);
	case 2:
		return PICK(ops) | (rn(2) ? 0x80000000u : 0x01000000u);
	}
	return PICK(ops);
}

/* Arguments shaped to the operation (the kernel gets past its checks). */
static void shape(uint32_t op)
{
	struct panda_spawn_params *sp = &spawn_params;

	switch (op) {
	case PANDA_OP_FILE_READ:
	case PANDA_OP_CHANNEL_RECV:
		rc.rdx = write_target();
		rc.r10 = length();
		rc.r8 = rn(4) ? rn(2) : fuzz_rand();
		break;
	case PANDA_OP_FILE_WRITE:
	case PANDA_OP_CHANNEL_SEND:
	case PANDA_OP_ENVIRONMENT_LOG:
		rc.rdx = read_source();
		rc.r10 = length();
		rc.r8 = rn(4) ? rn(2) : fuzz_rand();
		break;
	case PANDA_OP_FILE_SEEK:
		rc.rdx = rn(2) ? rn(64) : value();
		rc.r10 = rn(8) ? rn(4) : value();
		break;
	case PANDA_OP_FILE_STAT:
	case PANDA_OP_FILE_READDIR:
	case PANDA_OP_CHANNEL_CREATE:
	case PANDA_OP_SURFACE_INFO:
		rc.rdx = write_target();
		break;
	case PANDA_OP_FILE_BLOCK_STATS:
		rc.rdx = write_target();
		rc.r10 = rn(2) ? sizeof(struct panda_block_stats) : length();
		break;
	case PANDA_OP_PROCESS_SIGNAL:
		rc.rdx = rn(2) ? PANDA_SIGKILL : value();
		break;
	case PANDA_OP_PROCESS_BRK:
		switch (rn(6)) {
		case 0:
			rc.rdx = 0;
			break;
		case 1:
			rc.rdx = PANDA_HEAP_BASE + rn(8 * PAGE);
			break;
		case 2:
			rc.rdx = PANDA_BUFFER_BASE - rn(2);
			break;
		case 3:
			rc.rdx = PANDA_HEAP_BASE + ((uint64_t)rn(1 << 20) << 12);
			break;
		case 4:
			rc.rdx = PANDA_HEAP_BASE - rn(2);
			break;
		default:
			rc.rdx = value();
		}
		break;
	case PANDA_OP_ENVIRONMENT_OPEN:
	case PANDA_OP_ENVIRONMENT_OPENDIR:
	case PANDA_OP_SERVICE_REGISTER:
	case PANDA_OP_ENVIRONMENT_CREATE:
	case PANDA_OP_ENVIRONMENT_MKDIR:
	case PANDA_OP_ENVIRONMENT_UNLINK:
	case PANDA_OP_ENVIRONMENT_RMDIR:
	case PANDA_OP_ENVIRONMENT_UNMOUNT:
		string_arg(&rc.rdx, &rc.r10);
		rc.r8 = rn(3) ? PANDA_HANDLE_MAILBOX : handle();
		rc.r9 = rn(4) ? (uint32_t)fuzz_rand() : rn(2);
		break;
	case PANDA_OP_ENVIRONMENT_MOUNT:
	case PANDA_OP_ENVIRONMENT_RENAME:
		string_arg(&rc.rdx, &rc.r10);
		string_arg(&rc.r8, &rc.r9);
		break;
	case PANDA_OP_ENVIRONMENT_SPAWN:
		if (rn(3)) {
			uint64_t p, l;

			string_arg(&p, &l);
			sp->path_ptr = p;
			sp->path_len = l;
			sp->mailbox = rn(2) ? 0 : handle();
			sp->event_mask = rn(2) ? 0 : (uint32_t)fuzz_rand();
			sp->stdin_handle = rn(2) ? 0 : handle();
			sp->stdout_handle = rn(2) ? 0 : handle();
			rc.rdx = (uint64_t)(uintptr_t)sp;
		} else {
			rc.rdx = read_source();
		}
		break;
	case PANDA_OP_ENVIRONMENT_CREATE_TIMER:
		rc.rdx = rn(2) ? rn(20) : value();
		rc.r10 = rn(3) ? PANDA_HANDLE_MAILBOX : handle();
		rc.r8 = rn(3) ? PANDA_EVENT_TIMER : (uint32_t)fuzz_rand();
		break;
	case PANDA_OP_ENVIRONMENT_MOUNT_DEVICE:
		rc.rdx = rn(2) ? scratch_ptr() : value();
		break;
	case PANDA_OP_BUFFER_ALLOC:
		rc.rdx = buffer_size();
		rc.r10 = rn(2) ? (uint64_t)(uintptr_t)&binfo : write_target();
		break;
	case PANDA_OP_BUFFER_RESIZE:
		rc.rdx = buffer_size();
		rc.r10 = rn(2) ? (uint64_t)(uintptr_t)&binfo : write_target();
		break;
	case PANDA_OP_FILE_READ_BUFFER:
	case PANDA_OP_FILE_WRITE_BUFFER:
		rc.rdx = handle();
		rc.r10 = length();
		break;
	case PANDA_OP_SURFACE_BLIT:
	case PANDA_OP_SURFACE_FILL:
	case PANDA_OP_SURFACE_FLUSH:
	case PANDA_OP_SURFACE_UPDATE_PARAMS:
		rc.rdx = read_source();
		break;
	case PANDA_OP_MAILBOX_ATTACH:
		rc.rdx = handle();
		rc.r10 = rn(4) ? (uint32_t)fuzz_rand() : rn(2);
		break;
	case PANDA_OP_PROCESS_EXIT:
		rc.rdx = rn(2) ? rn(256) : value();
		break;
	}
}

/* ------------------------------------------------------------ safety */

static bool user_memory(uint64_t p)
{
	return p >= PAGE && p < USER_TOP;
}

/*
 * Keeps the parent alive and unblocked, and the serial log readable.
 * Returns false to draw the call again.
 */
static bool make_safe(uint32_t op)
{
	uint32_t h = (uint32_t)rc.rdi;
	size_t i;

	switch (op) {
	case PANDA_OP_ENVIRONMENT_LOG:	/* only failing logs, but all paths */
		if (!rc.r10)
			rc.r10 = 1 + rn(8);
		if (user_memory(rc.rdx))
			rc.rdx = (uint64_t)(uintptr_t)bad_utf8;
		break;
	case PANDA_OP_BUFFER_ALLOC:
	case PANDA_OP_BUFFER_RESIZE:
		/*
		 * A buffer that is granted costs the zeroing and mapping of
		 * its frames (~12 us a page under TCG): keep those up to
		 * 256 KiB.  Refused sizes (0, more than the 1 GiB of RAM,
		 * more than 4 GiB) stay as they are.
		 */
		if (rc.rdx > (256 << 10) && rc.rdx <= (1ULL << 30))
			rc.rdx &= (256 << 10) - 1;
		break;
	case PANDA_OP_FILE_WRITE:	/* the console prints what it gets */
		if (TAG(h) == PANDA_TAG_FILE && user_memory(rc.rdx)) {
			rc.rdx = (uint64_t)(uintptr_t)tildes;
			if (rc.r10 > 16)
				rc.r10 = rn(17);
		}
		break;
	case PANDA_OP_FILE_WRITE_BUFFER:
		if (TAG(h) == PANDA_TAG_FILE && rc.r10 > 16)
			rc.r10 = rn(17);
		break;
	}
	if (!is_parent) {
		/* No grandchildren: nobody would kill them. */
		if (op == PANDA_OP_ENVIRONMENT_SPAWN &&
		    rc.rdx == (uint64_t)(uintptr_t)&spawn_params)
			spawn_params.path_len = 0;
		/* A child goes on long enough to meet its own deadline. */
		if (op == PANDA_OP_PROCESS_EXIT ||
		    (op == PANDA_OP_PROCESS_SIGNAL && h == PANDA_HANDLE_PROCESS &&
		     rc.rdx == PANDA_SIGKILL))
			return rn(64) == 0;
		return true;
	}
	switch (op) {
	case PANDA_OP_PROCESS_EXIT:
		return false;
	case PANDA_OP_FILE_READ:
	case PANDA_OP_CHANNEL_SEND:
	case PANDA_OP_CHANNEL_RECV:
		rc.r8 |= PANDA_CHANNEL_NONBLOCK;	/* == FILE_NONBLOCK */
		break;
	case PANDA_OP_MAILBOX_WAIT:
		rc.rsi = (rc.rsi & ~0xffffffffULL) | PANDA_OP_MAILBOX_POLL;
		break;
	case PANDA_OP_PROCESS_WAIT:
		if (is_kid(h)) {	/* it could run forever: kill it first */
			struct rawcall fuzzed = rc;

			call(h, PANDA_OP_PROCESS_SIGNAL, PANDA_SIGKILL, 0, 0, 0);
			rc = fuzzed;
		}
		break;
	case PANDA_OP_FILE_CLOSE:
	case PANDA_OP_BUFFER_FREE:
		if (is_kid(h))
			return false;
		break;
	case PANDA_OP_ENVIRONMENT_OPEN:
		/*
		 * Serial input: READ_BUFFER has no NONBLOCK flag and would
		 * wait for a key forever.  Children may have it.
		 */
		if (rc.rdx == (uint64_t)(uintptr_t)serial_input &&
		    rc.r10 == sizeof(serial_input) - 1)
			rc.r10--;
		/*
		 * service:/<name> waits while the registrant's broker queue
		 * is full (services.md 5), forever if we registered the name
		 * ourselves: only the listing, service:/, stays.
		 */
		for (i = 0; i < sizeof(strs) / sizeof(strs[0]); i++)
			if (rc.rdx == (uint64_t)(uintptr_t)strs[i].p &&
			    strs[i].len > 9 && rc.r10 > 9 &&
			    !memcmp(strs[i].p, "service:/", 9))
				rc.r10 = 9;
		break;
	case PANDA_OP_ENVIRONMENT_SPAWN:
		/* Only fuzz_child may start, and only in a free slot. */
		if (rc.rdx == (uint64_t)(uintptr_t)&spawn_params &&
		    nkids == MAX_KIDS)
			spawn_params.path_len = 0;
		break;
	}
	return true;
}

/* ------------------------------------------------------------ results */

static void note_buffer(uint64_t info_ptr)
{
	struct panda_buffer_info *bi = (void *)(uintptr_t)info_ptr;

	if (!info_ptr || nlive_bufs == MAX_BUFS)
		return;
	live_bufs[nlive_bufs].addr = bi->addr;
	live_bufs[nlive_bufs].size = bi->size;
	nlive_bufs++;
}

/* Every live buffer range goes stale when any buffer goes (simple). */
static void buffers_changed(void)
{
	int i;

	for (i = 0; i < nlive_bufs; i++)
		dead_bufs[rn(MAX_BUFS)] = live_bufs[i];
	ndead_bufs = MAX_BUFS;
	nlive_bufs = 0;
}

static void add_kid(uint32_t h)
{
	if (nkids == MAX_KIDS) {	/* no room: it goes at once */
		call(h, PANDA_OP_PROCESS_SIGNAL, PANDA_SIGKILL, 0, 0, 0);
		call(h, PANDA_OP_PROCESS_WAIT, 0, 0, 0, 0);
		call(h, PANDA_OP_FILE_CLOSE, 0, 0, 0, 0);
		return;
	}
	kids[nkids].h = h;
	kids[nkids].deadline = fuzz_stats.calls + 200 + rn(4000);
	nkids++;
	fuzz_stats.spawned++;
}

static void after(uint32_t op, long ret, uint64_t a0, uint64_t a1)
{
	uint32_t h = (uint32_t)rc.rdi;

	if (ret < 0)
		return;
	switch (op) {
	case PANDA_OP_ENVIRONMENT_OPEN:
	case PANDA_OP_ENVIRONMENT_OPENDIR:
	case PANDA_OP_ENVIRONMENT_CREATE_TIMER:
	case PANDA_OP_SERVICE_REGISTER:
	case PANDA_OP_ENVIRONMENT_CREATE:
	case PANDA_OP_MAILBOX_CREATE:
		track((uint32_t)ret);
		break;
	case PANDA_OP_BUFFER_ALLOC:
		note_buffer(a1);	/* before track() may close a buffer */
		track((uint32_t)ret);
		break;
	case PANDA_OP_BUFFER_RESIZE:
		buffers_changed();
		note_buffer(a1);
		break;
	case PANDA_OP_CHANNEL_CREATE: {
		/* The kernel wrote both ends there: it is mapped memory. */
		uint32_t ends[2];

		memcpy(ends, (const void *)(uintptr_t)a0, sizeof(ends));
		track(ends[0]);
		track(ends[1]);
		break;
	}
	case PANDA_OP_ENVIRONMENT_SPAWN:
		if (is_parent)
			add_kid((uint32_t)ret);
		else
			track((uint32_t)ret);
		break;
	case PANDA_OP_FILE_CLOSE:
	case PANDA_OP_BUFFER_FREE:
		if (TAG(h) == PANDA_TAG_BUFFER)
			buffers_changed();
		forget(h);
		break;
	}
}

/* ------------------------------------------------------------ children */

static void spawn_kid(void)
{
	static const char uri[] = "file:/initrd/fuzz_child";
	struct panda_spawn_params *sp = &spawn_params;
	uint8_t msg[64];
	uint32_t i, n;
	long h;

	sp->path_ptr = (uint64_t)(uintptr_t)uri;
	sp->path_len = sizeof(uri) - 1;
	sp->mailbox = rn(2) ? PANDA_HANDLE_MAILBOX : 0;
	sp->event_mask = rn(2) ? 0xff : 0;
	sp->stdin_handle = rn(3) || !ntracked ? 0 : tracked[rn(ntracked)];
	sp->stdout_handle = rn(3) || !ntracked ? 0 : tracked[rn(ntracked)];
	if (rn(4) == 0 && nkids)	/* a sibling's process handle */
		sp->stdin_handle = kids[rn(nkids)].h;
	h = call(0, PANDA_OP_ENVIRONMENT_SPAWN, (uint64_t)(uintptr_t)sp, 0, 0, 0);
	if (h < 0)
		return;
	add_kid((uint32_t)h);
	/* The startup message: empty, or garbage the runtime must survive. */
	n = rn(3) ? 0 : rn(sizeof(msg));
	for (i = 0; i < n; i++)
		msg[i] = (uint8_t)fuzz_rand();
	if (n >= 2 && rn(2)) {
		msg[0] = 1;	/* version 1, then random counts */
		msg[1] = 0;
	}
	call((uint32_t)h, PANDA_OP_CHANNEL_SEND, (uint64_t)(uintptr_t)msg, n,
	     PANDA_CHANNEL_NONBLOCK, 0);
}

static void reap(int i)
{
	uint32_t h = kids[i].h;
	long code;

	if (call(h, PANDA_OP_PROCESS_SIGNAL, PANDA_SIGKILL, 0, 0, 0) == 0)
		fuzz_stats.killed++;
	code = call(h, PANDA_OP_PROCESS_WAIT, 0, 0, 0, 0);
	call(h, PANDA_OP_FILE_CLOSE, 0, 0, 0, 0);
	closed_recently[rn(8)] = h;
	kids[i] = kids[--nkids];
	switch (code) {
	case 0:
		fuzz_stats.kid_exit[0]++;
		break;
	case -PANDA_SIGKILL:
		fuzz_stats.kid_exit[1]++;
		break;
	case -11:
		fuzz_stats.kid_exit[2]++;
		break;
	case -4:
	case -8:
		fuzz_stats.kid_exit[3]++;
		break;
	case FUZZ_EXIT_ABI_BROKEN:
		fuzz_stats.kid_exit[4]++;
		abi_broken("a child's registers (it said so)");
		break;
	default:
		fuzz_stats.kid_exit[5]++;
	}
}

void fuzz_reap_all(void)
{
	while (nkids)
		reap(nkids - 1);
}

static void manage_kids(void)
{
	int i;

	for (i = 0; i < nkids; i++)
		if (kids[i].deadline <= fuzz_stats.calls)
			reap(i--);
	if (nkids < MAX_KIDS && rn(1200) == 0)
		spawn_kid();
}

/* ------------------------------------------------------------ the step */

static const uint64_t bad_numbers[] = {
	0, 1, 0x2f, 0x31, 0x130, 0x100000030ULL, 0xffffffffffffffffULL,
	0x80000030ULL, 0x3000000000000030ULL,
};

void fuzz_step(void)
{
	uint32_t op;
	long ret;

	if (is_parent)
		manage_kids();
	do {
		op = operation();
		rc.nr = rn(64) ? PANDA_SYSCALL_SEND : PICK(bad_numbers);
		rc.rdi = handle();
		rc.rsi = op;
		if (rn(16) == 0)	/* only the low halves count */
			rc.rdi |= fuzz_rand() << 32;
		if (rn(16) == 0)
			rc.rsi |= fuzz_rand() << 32;
		rc.rdx = value();
		rc.r10 = value();
		rc.r8 = value();
		rc.r9 = value();
		if (rn(2))
			shape(op);
		rc.flags_or = 0;
		if (rn(4) == 0)
			rc.flags_or = (rn(2) ? F_DF : 0) | (rn(2) ? F_NT : 0) |
				      (rn(2) ? F_AC : 0) |
				      (fuzz_rand() & (F_CF | F_PF | F_AF | F_ZF |
						      F_SF | F_OF));
	} while (!make_safe(op));
	op = (uint32_t)rc.rsi;
	ret = do_call();
	if (rc.nr == PANDA_SYSCALL_SEND)
		after(op, ret, rc.rdx, rc.r10);
	if (op == PANDA_OP_PROCESS_BRK)	/* the scratch pages come back */
		call(PANDA_HANDLE_PROCESS, PANDA_OP_PROCESS_BRK, SCRATCH_END, 0,
		     0, 0);
	if (rn(512) == 0)	/* fresh garbage for the kernel to read */
		for (ret = 0; ret < 64; ret++)
			((uint64_t *)scratch)[rn(SCRATCH_SIZE / 8)] =
				fuzz_rand();
}

/* ------------------------------------------------------------ set-up */

void fuzz_init(uint64_t seed, bool parent)
{
	size_t i;

	rng = seed ? seed : 1;
	is_parent = parent;
	memset(bad_utf8, 0xff, sizeof(bad_utf8));
	memset(tildes, '~', sizeof(tildes));
	/* The break first: the scratch pages are the heap. */
	call(PANDA_HANDLE_PROCESS, PANDA_OP_PROCESS_BRK, SCRATCH_END, 0, 0, 0);
	for (i = 0; i < SCRATCH_SIZE / 8; i++)
		((uint64_t *)scratch)[i] = fuzz_rand();
}

/* ------------------------------------------------------------ prelude */

/*
 * Handle-table growth while a call also names a mailbox: every open and
 * timer below attaches to the default mailbox at 8, 16, 32... entries,
 * where the table is reallocated.
 */
static void prelude_attach_growth(void)
{
	static const char uri[] = "file:/initrd/hello.txt";
	uint32_t hs[48];
	int i, n = 0;
	long h;

	for (i = 0; i < 48; i++) {
		if (i % 2)
			h = call(PANDA_HANDLE_ENVIRONMENT,
				 PANDA_OP_ENVIRONMENT_OPEN,
				 (uint64_t)(uintptr_t)uri, sizeof(uri) - 1,
				 PANDA_HANDLE_MAILBOX, 0xff);
		else
			h = call(PANDA_HANDLE_ENVIRONMENT,
				 PANDA_OP_ENVIRONMENT_CREATE_TIMER,
				 1000000 + i, PANDA_HANDLE_MAILBOX,
				 PANDA_EVENT_TIMER, 0);
		if (h >= 0)
			hs[n++] = (uint32_t)h;
	}
	for (i = 0; i < n; i++)
		call(hs[i], PANDA_OP_FILE_CLOSE, 0, 0, 0, 0);
}

/* Copies that start on a good page and run into a bad one. */
static void prelude_crossing(void)
{
	static const char uri[] = "file:/initrd/hello.txt";
	uint64_t end = SCRATCH_END;
	struct panda_file_stat *st = (void *)(uintptr_t)(end - 8);
	long h;

	h = call(0, PANDA_OP_ENVIRONMENT_OPEN, (uint64_t)(uintptr_t)uri,
		 sizeof(uri) - 1, 0, 0);
	if (h < 0)
		return;
	call((uint32_t)h, PANDA_OP_FILE_READ, end - 5, 64, 0, 0);
	call((uint32_t)h, PANDA_OP_FILE_STAT, (uint64_t)(uintptr_t)st, 0, 0, 0);
	call(PANDA_HANDLE_ENVIRONMENT, PANDA_OP_ENVIRONMENT_LOG, end - 3, 64,
	     0, 0);
	call((uint32_t)h, PANDA_OP_FILE_READ, PANDA_STACK_BASE - 4, 64, 0, 0);
	call((uint32_t)h, PANDA_OP_FILE_READ, USER_TOP - 4, 8, 0, 0);
	call((uint32_t)h, PANDA_OP_FILE_READ, (uint64_t)(uintptr_t)&fuzz_step,
	     8, 0, 0);
	call((uint32_t)h, PANDA_OP_FILE_CLOSE, 0, 0, 0, 0);
}

/* The break far up and back: the whole heap range is walked. */
static void prelude_brk(void)
{
	call(PANDA_HANDLE_PROCESS, PANDA_OP_PROCESS_BRK, PANDA_BUFFER_BASE, 0,
	     0, 0);
	call(PANDA_HANDLE_PROCESS, PANDA_OP_PROCESS_BRK, SCRATCH_END, 0, 0, 0);
}

void fuzz_prelude(void)
{
	prelude_attach_growth();
	prelude_crossing();
	prelude_brk();
}

/* ------------------------------------------------------------ children */

__attribute__((noreturn)) void fuzz_child_finale(void)
{
	if (fuzz_stats.abi_broken)
		panda_sys_exit(FUZZ_EXIT_ABI_BROKEN);
	switch (rn(8)) {
	case 0:
		call(PANDA_HANDLE_PROCESS, PANDA_OP_PROCESS_SIGNAL,
		     PANDA_SIGKILL, 0, 0, 0);
		break;
	case 1:
		__asm__ volatile("movq 0, %%rax" : : : "rax", "memory");
		break;
	case 2:
		__asm__ volatile("ud2");
		break;
	case 3: {
		int32_t code = (int32_t)fuzz_rand();

		panda_sys_exit(code == FUZZ_EXIT_ABI_BROKEN ? 1 : code);
	}
	case 4:
		__asm__ volatile("int3");
		break;
	}
	panda_sys_exit(0);
}
