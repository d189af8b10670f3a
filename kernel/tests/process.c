// SPDX-License-Identifier: GPL-2.0
/*
 * process: creation from the initramfs (hello), PIDs, exit codes, no leaks,
 * shared read-only pages of initramfs programs.
 */
#include <panda/elf_load.h>
#include <panda/errno.h>
#include <panda/handle.h>
#include <panda/ktest.h>
#include <panda/mm.h>
#include <panda/process.h>
#include <panda/vfs.h>
#include <panda/vm.h>

static void *init_elf;
static size_t init_size;

static void load_init(void)
{
	if (!init_elf)
		KTEST_ASSERT_EQ(vfs_read_file("/initrd/hello", &init_elf,
					      &init_size), 0);
}

/* Frames not held by the kernel heap: a leak shows up here. */
static uint64_t frames_in_use(void)
{
	struct mem_stats st;

	mem_stats(&st);
	return st.total_frames - st.free_frames - st.heap_pages;
}

/* Takes a reference right after spawn: the process may exit at any yield. */
static struct process_info *hold(struct process *p)
{
	process_info_get(p->info);
	return p->info;
}

static int64_t run_to_exit(struct process_info *info)
{
	int64_t code;

	while (!info->exited)
		yield();
	code = info->exit_code;
	process_info_put(info);
	return code;
}

KTEST(process, pids_unique_and_monotonic)
{
	struct process_info *info[3];
	struct process *p;
	uint64_t last = 0;
	int err, i;

	load_init();
	for (i = 0; i < 3; i++) {
		p = process_spawn("ktest", init_elf, init_size, &err);
		KTEST_ASSERT(p != NULL);
		KTEST_ASSERT(p->pid > last);
		last = p->pid;
		info[i] = hold(p);
	}
	for (i = 0; i < 3; i++)
		KTEST_ASSERT_EQ(run_to_exit(info[i]), 0);
}

KTEST(process, exit_returns_every_frame)
{
	uint64_t before, after;
	struct process *p;
	int err, i;

	load_init();
	before = frames_in_use();
	for (i = 0; i < 5; i++) {
		p = process_spawn("ktest", init_elf, init_size, &err);
		KTEST_ASSERT(p != NULL);
		KTEST_ASSERT_EQ(run_to_exit(hold(p)), 0);
	}
	after = frames_in_use();
	KTEST_ASSERT_EQ(after, before);
}

KTEST(process, bad_elf_is_refused)
{
	static const char junk[128] = "\x7f" "ELF but not really";
	int err = 0;

	KTEST_ASSERT(process_spawn("junk", junk, sizeof(junk), &err) == NULL);
	KTEST_ASSERT_EQ(err, -PANDA_ERR_INVALID_ARGUMENT);
}

/*
 * An initramfs program spawned from its file shares its read-only pages
 * (kernel/exec_cache.c): the first spawn's text frame becomes the cache's
 * and two spawns after it map the same frame, read-only, each with a
 * reference of its own, while each has its own data page; their exits
 * give back every private frame and their references.
 */
KTEST(process, initramfs_read_only_pages_shared)
{
	struct process_info *info[3];
	struct resource *r[3];
	struct elf_image img;
	struct process *p;
	phys_addr_t text[3], data[3];
	uint64_t tflags[3], dflags[3], before = 0;
	int err, i;

	KTEST_ASSERT_EQ(elf_image_open("/initrd/hello", &img), 0);
	KTEST_ASSERT(img.key != NULL);
	for (i = 0; i < 3; i++) {
		p = process_spawn_child("ktest", &img, NULL, NULL, &r[i],
					&err);
		KTEST_ASSERT(p != NULL);
		info[i] = hold(p);
		/* hello: text at 0x400000 (R+X), data at 0x406000 (R+W). */
		KTEST_ASSERT_EQ(as_lookup(p->as, 0x400000, &text[i], &tflags[i]),
				0);
		KTEST_ASSERT_EQ(as_lookup(p->as, 0x406000, &data[i], &dflags[i]),
				0);
		/*
		 * No startup message: closing the parent's end lets the child
		 * go on or give up; either way it exits (its code is not
		 * checked).  The first one fills the cache and is gone before
		 * the count; the other two run side by side.
		 */
		resource_put(r[i]);
		if (!i) {
			run_to_exit(info[0]);
			before = frames_in_use();
		}
	}
	/* The cache's reference and one for each of the two running. */
	KTEST_ASSERT_EQ(frame_refcount(text[1]), 3);
	run_to_exit(info[1]);
	run_to_exit(info[2]);
	elf_image_close(&img);
	KTEST_ASSERT_EQ(frame_refcount(text[1]), 1);
	KTEST_ASSERT_EQ(text[0], text[1]);
	KTEST_ASSERT_EQ(text[1], text[2]);
	for (i = 0; i < 3; i++)
		KTEST_ASSERT_EQ(tflags[i] & (PTE_WRITE | PTE_OWNED),
				PTE_OWNED);
	KTEST_ASSERT(data[1] != data[2]);
	KTEST_ASSERT((dflags[1] & (PTE_WRITE | PTE_OWNED)) ==
		     (PTE_WRITE | PTE_OWNED));
	/* Their private frames are back; the shared ones stay cached. */
	KTEST_ASSERT_EQ(frames_in_use(), before);
}
