// SPDX-License-Identifier: GPL-2.0
/* Data-plane stdin/stdout helpers (userspace.md 3.12, ipc.md 6). */
#include <panda/handle.h>
#include <panda/stdio.h>

static int count_result(long r, size_t *n)
{
	if (r < 0)
		return (int)r;
	*n = (size_t)r;
	return 0;
}

int panda_stdin_read(void *buf, size_t cap, size_t *n)
{
	return count_result(panda_sys_channel_recv(PANDA_HANDLE_STDIN, buf,
						   cap), n);
}

int panda_stdin_try_read(void *buf, size_t cap, size_t *n)
{
	return count_result(panda_sys_channel_try_recv(PANDA_HANDLE_STDIN,
						       buf, cap), n);
}

int panda_stdout_write(const void *buf, size_t len)
{
	long r = panda_sys_channel_send(PANDA_HANDLE_STDOUT, buf, len);

	return r < 0 ? (int)r : 0;
}

int panda_stdout_try_write(const void *buf, size_t len)
{
	long r = panda_sys_channel_try_send(PANDA_HANDLE_STDOUT, buf, len);

	return r < 0 ? (int)r : 0;
}

bool panda_has_stdin(void)
{
	return panda_handle_exists(PANDA_HANDLE_STDIN);
}

bool panda_has_stdout(void)
{
	return panda_handle_exists(PANDA_HANDLE_STDOUT);
}

bool panda_is_pipeline(void)
{
	return panda_has_stdout();
}
