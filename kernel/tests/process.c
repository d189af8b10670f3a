// SPDX-License-Identifier: GPL-2.0
/* process: creation from the initramfs (hello), PIDs, exit codes, no leaks. */
#include <panda/errno.h>
#include <panda/ktest.h>
#include <panda/mm.h>
#include <panda/process.h>
#include <panda/vfs.h>

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
