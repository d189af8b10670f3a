// SPDX-License-Identifier: GPL-2.0
/*
 * buffer_child: the parts of buffer_test that end a process.  Argument 1:
 *
 *   leave       allocate three buffers (one of 1 MiB, one resized), write
 *               to every page, and exit 0 without freeing anything: the
 *               kernel must release them (the leak check at halt).
 *   touch-freed allocate a buffer, write to it, BUFFER_FREE it, then read
 *               its old address: the page is gone, so the process must be
 *               killed by the page fault (exit code -11).  Exit 1 if the
 *               read survives.
 */
#include <panda/panda.h>
#include <string.h>
#include "../common/check.h"

static int fill(const struct panda_buffer_info *bi)
{
	memset((void *)(uintptr_t)bi->addr, 0x5A, bi->size);
	return 0;
}

static int leave(void)
{
	struct panda_buffer_info bi;
	long h;

	h = panda_sys_buffer_alloc(1 << 20, &bi);
	CHECK(h > 0, "buffer_child: 1 MiB alloc: %ld (%s)", h, check_name(h));
	TRY(fill(&bi));
	h = panda_sys_buffer_alloc(100, &bi);
	CHECK(h > 0, "buffer_child: 100-byte alloc: %ld (%s)", h,
	      check_name(h));
	TRY(fill(&bi));
	CHECK_EQ("buffer_child: resize to 3 pages",
		 panda_sys_buffer_resize((panda_handle_t)h, 3 * 4096, &bi), 0);
	TRY(fill(&bi));
	h = panda_sys_buffer_alloc(4096, &bi);
	CHECK(h > 0, "buffer_child: 4096-byte alloc: %ld (%s)", h,
	      check_name(h));
	TRY(fill(&bi));
	panda_log("buffer_child: exiting with three buffers allocated");
	return 0;
}

static int touch_freed(void)
{
	struct panda_buffer_info bi;
	volatile uint8_t *p;
	long h;

	h = panda_sys_buffer_alloc(4096, &bi);
	CHECK(h > 0, "buffer_child: alloc: %ld (%s)", h, check_name(h));
	p = (volatile uint8_t *)(uintptr_t)bi.addr;
	p[0] = 1;
	CHECK_EQ("buffer_child: free", panda_sys_buffer_free((panda_handle_t)h),
		 0);
	panda_log("buffer_child: reading a freed buffer");
	(void)p[0];
	panda_logf("FAIL: buffer_child: freed buffer at 0x%lx is still mapped",
		   (unsigned long)bi.addr);
	return 1;
}

int main(int argc, char **argv, char **envp)
{
	const char *mode = argc > 1 ? argv[1] : "";

	if (!strcmp(mode, "leave"))
		return leave();
	if (!strcmp(mode, "touch-freed"))
		return touch_freed();
	panda_logf("FAIL: buffer_child: unknown mode '%s'", mode);
	return 1;
}
