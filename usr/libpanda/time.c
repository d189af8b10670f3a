// SPDX-License-Identifier: GPL-2.0
/* Uptime and sleeping (kernel.md 13.1, services.md 3). */
#include <panda/sys.h>
#include <panda/time.h>

uint64_t panda_time_ns(void)
{
	return (uint64_t)panda_sys_time();
}

uint64_t panda_time_us(void)
{
	return panda_time_ns() / 1000;
}

uint64_t panda_time_ms(void)
{
	return panda_time_ns() / 1000000;
}

int panda_timer_create(uint64_t ms, panda_handle_t mailbox,
		       panda_handle_t *out)
{
	long r = panda_sys_create_timer(ms, mailbox, PANDA_EVENT_TIMER);

	if (r < 0)
		return (int)r;
	*out = (panda_handle_t)r;
	return 0;
}

static panda_handle_t sleep_mailbox;

/* Wait for a one-shot timer; false if timers are not available. */
static bool timer_sleep(uint64_t ms)
{
	panda_handle_t h, src;
	uint32_t ev;
	long r;

	if (!sleep_mailbox) {
		r = panda_sys_mailbox_create();
		if (r < 0)
			return false;
		sleep_mailbox = (panda_handle_t)r;
	}
	r = panda_sys_create_timer(ms, sleep_mailbox, PANDA_EVENT_TIMER);
	if (r < 0)
		return false;
	h = (panda_handle_t)r;
	do {
		/* Skip stale events of timers closed earlier. */
		r = panda_sys_mailbox_wait(sleep_mailbox);
		if (r < 0)
			break;
		panda_mailbox_unpack(r, &src, &ev);
	} while (src != h);
	panda_sys_close(h);
	return r >= 0;
}

void panda_sleep_ns(uint64_t ns)
{
	uint64_t start = panda_time_ns();

	/* Timers have millisecond resolution: round up. */
	if (ns >= 1000000 && timer_sleep((ns + 999999) / 1000000))
		return;
	while (panda_time_ns() - start < ns)
		panda_sys_yield();
}

void panda_sleep_ms(uint64_t ms)
{
	panda_sleep_ns(ms * 1000000);
}
