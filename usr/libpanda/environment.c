// SPDX-License-Identifier: GPL-2.0
/* Environment operations (userspace.md 3.3) and fs.md 11 extensions. */
#include <panda/environment.h>
#include <panda/process.h>
#include <string.h>

static int result(long r)
{
	return r < 0 ? (int)r : 0;
}

static int handle_result(long r, panda_handle_t *out)
{
	if (r < 0)
		return (int)r;
	*out = (panda_handle_t)r;
	return 0;
}

int panda_open(const char *uri, panda_handle_t mailbox, uint32_t mask,
	       panda_handle_t *out)
{
	return handle_result(panda_sys_open(uri, strlen(uri), mailbox, mask),
			     out);
}

int panda_opendir(const char *uri, panda_handle_t *out)
{
	return handle_result(panda_sys_opendir(uri, strlen(uri)), out);
}

int panda_spawn(const char *uri, panda_handle_t *out)
{
	return panda_cb_spawn_handle(panda_child_builder_new(uri), out);
}

void panda_log(const char *msg)
{
	panda_sys_log(msg, strlen(msg));
}

void panda_log_bytes(const char *msg, size_t len)
{
	panda_sys_log(msg, len);
}

uint64_t panda_time(void)
{
	return (uint64_t)panda_sys_time();
}

int panda_mount(const char *fstype, const char *mountpoint)
{
	return result(panda_sys_mount(fstype, strlen(fstype), mountpoint,
				      strlen(mountpoint)));
}

int panda_unmount(const char *mountpoint)
{
	return result(panda_sys_unmount(mountpoint, strlen(mountpoint)));
}

int panda_mount_device(const char *fstype, const char *device,
		       const char *mountpoint)
{
	struct panda_mount_params p = {
		.fstype_ptr = (uint64_t)(uintptr_t)fstype,
		.fstype_len = strlen(fstype),
		.device_ptr = (uint64_t)(uintptr_t)device,
		.device_len = strlen(device),
		.mountpoint_ptr = (uint64_t)(uintptr_t)mountpoint,
		.mountpoint_len = strlen(mountpoint),
	};

	return result(panda_sys_mount_device(&p));
}

int panda_stat_path(const char *uri, struct panda_file_stat *out)
{
	panda_handle_t h = 0;
	int err = panda_open(uri, 0, 0, &h);

	if (err)
		return err;
	err = result(panda_sys_stat(h, out));
	panda_sys_close(h);
	return err;
}

void panda_screenshot_ready(void)
{
	panda_log("<<<SCREENSHOT_READY>>>");
}

int panda_create(const char *uri, uint32_t flags, panda_handle_t *out)
{
	return handle_result(panda_sys_create(uri, strlen(uri), flags), out);
}

int panda_mkdir(const char *uri)
{
	return result(panda_sys_mkdir(uri, strlen(uri)));
}

int panda_unlink(const char *uri)
{
	return result(panda_sys_unlink(uri, strlen(uri)));
}

int panda_rmdir(const char *uri)
{
	return result(panda_sys_rmdir(uri, strlen(uri)));
}

int panda_rename(const char *from, const char *to)
{
	return result(panda_sys_rename(from, strlen(from), to, strlen(to)));
}

int panda_sync(void)
{
	return result(panda_sys_sync());
}
