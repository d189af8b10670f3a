// SPDX-License-Identifier: GPL-2.0
/*
 * The spawn handle (tag Process): the parent's name for a child.  It keeps
 * the child's process_info alive, so wait works after the child is gone.
 * (The channel half of it arrives with the IPC work.)
 */
#include <panda/mm.h>
#include <panda/process.h>
#include <panda/syscall.h>

struct process_handle {
	struct resource res;
	struct process_info *info;
};

static void ph_destroy(struct resource *r)
{
	struct process_handle *ph = container_of(r, struct process_handle, res);

	process_info_put(ph->info);
	kfree(ph);
}

static struct process_info *ph_process(struct resource *r)
{
	return container_of(r, struct process_handle, res)->info;
}

static const struct resource_ops process_handle_ops = {
	.name = "process",
	.tag = PANDA_TAG_PROCESS,
	.destroy = ph_destroy,
	.process = ph_process,
};

struct resource *process_handle_create(struct process_info *info)
{
	struct process_handle *ph = kzalloc(sizeof(*ph));

	if (!ph)
		return NULL;
	resource_init(&ph->res, &process_handle_ops);
	process_info_get(info);
	ph->info = info;
	return &ph->res;
}
