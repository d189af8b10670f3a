// SPDX-License-Identifier: GPL-2.0
/*
 * timer_test: one-shot timer resources (kernel.md 13.3, services.md 3):
 * they fire once, never early, in deadline order; closing one cancels it;
 * a mask without EVENT_TIMER or a missing mailbox is refused.
 */
#include <panda/panda.h>

#define MS 1000000ULL

static int fail(const char *what)
{
	panda_logf("timer_test: FAIL: %s", what);
	return 1;
}

int main(int argc, char **argv, char **envp)
{
	panda_handle_t mb = PANDA_HANDLE_MAILBOX;
	long t10, t40, t80, cancelled, rec;
	uint64_t start = panda_time(), now;
	int seen = 0;

	panda_log("timer_test: starting");
	if (panda_sys_create_timer(10, mb, PANDA_EVENT_CHANNEL_READABLE) !=
	    -PANDA_ERR_INVALID_ARGUMENT)
		return fail("a mask without EVENT_TIMER was accepted");
	if (panda_sys_create_timer(10, 0x2000dead, PANDA_EVENT_TIMER) !=
	    -PANDA_ERR_INVALID_ARGUMENT)
		return fail("a timer without a mailbox was accepted");
	/* Created out of order: they must fire in deadline order. */
	t80 = panda_sys_create_timer(80, mb, PANDA_EVENT_TIMER);
	t10 = panda_sys_create_timer(10, mb, PANDA_EVENT_TIMER);
	cancelled = panda_sys_create_timer(30, mb, PANDA_EVENT_TIMER);
	t40 = panda_sys_create_timer(40, mb, PANDA_EVENT_TIMER);
	if (t10 < 0 || t40 < 0 || t80 < 0 || cancelled < 0)
		return fail("create");
	if (PANDA_HANDLE_TAG(t10) != PANDA_TAG_TIMER)
		return fail("timer handles carry the Timer tag");
	if (panda_sys_close(cancelled) != 0)
		return fail("close");
	panda_log("timer_test: three timers armed, one cancelled");
	while (seen < 3) {
		long want = seen == 0 ? t10 : seen == 1 ? t40 : t80;
		uint64_t min_ms = seen == 0 ? 10 : seen == 1 ? 40 : 80;

		rec = panda_sys_mailbox_wait(mb);
		now = panda_time();
		if (rec < 0)
			return fail("mailbox wait");
		if ((uint32_t)(rec >> 32) != (uint32_t)want ||
		    (uint32_t)rec != PANDA_EVENT_TIMER)
			return fail("events out of deadline order");
		if (now - start < min_ms * MS)
			return fail("a timer fired early");
		seen++;
	}
	/* Each fired exactly once; the cancelled one never. */
	panda_sleep_ms(60);
	if (panda_sys_mailbox_poll(mb) != 0)
		return fail("an extra event was posted");
	panda_sys_close(t10);
	panda_sys_close(t40);
	panda_sys_close(t80);
	panda_log("timer_test: timers fired once each, in order, never early");
	panda_log("timer_test: PASS");
	return 0;
}
