// SPDX-License-Identifier: GPL-2.0
/*
 * mailbox_keyboard_test (tests.md 3, devices.md 9.2, abi.md 6;
 * keyboard-driven): opens keyboard:/pci/00:03.0 attached to the default
 * mailbox for PANDA_EVENT_KEYBOARD_KEY, waits on the mailbox, and on each
 * keyboard event drains the keyboard with non-blocking reads until it
 * has logged 10 key events.  monitor.txt sends a, b, c, d, e.
 *
 * Also checked: every mailbox record names the keyboard's handle and
 * carries exactly PANDA_ENCODE_KEY_EVENT(code, value), and the records
 * arrive in the order the reads return the events; a second keyboard
 * handle attached to its own mailbox sees every event too (the ring is
 * shared, the events are posted to every attached resource).
 */
#include <panda/panda.h>
#include <lib/keymap.h>
#include <panda/input_keys.h>
#include <string.h>

#define FAIL(...)							\
	do {								\
		panda_logf("FAIL: " __VA_ARGS__);			\
		return 1;						\
	} while (0)

#define URI "keyboard:/pci/00:03.0"

static const char *what(uint32_t value)
{
	return value == KEY_VALUE_RELEASE ? "released" :
	       value == KEY_VALUE_PRESS ? "pressed" :
	       value == KEY_VALUE_REPEAT ? "repeat" : "?";
}

int main(void)
{
	uint32_t posted[32], second[32], got[10];
	int nposted = 0, nread = 0, nsecond = 0, i;
	long kb, kb2, mb2, r;

	panda_log("Mailbox keyboard test starting");
	kb = panda_sys_open(URI, strlen(URI), PANDA_HANDLE_MAILBOX,
			    PANDA_EVENT_KEYBOARD_KEY);
	if (kb < 0)
		FAIL("open " URI " with the mailbox: %ld", kb);
	/* A second handle on its own mailbox, never read from. */
	mb2 = panda_sys_mailbox_create();
	if (mb2 < 0)
		FAIL("mailbox create: %ld", mb2);
	kb2 = panda_sys_open(URI, strlen(URI), (panda_handle_t)mb2,
			     PANDA_EVENT_KEYBOARD_KEY);
	if (kb2 < 0)
		FAIL("second open: %ld", kb2);
	panda_log("Keyboard opened with mailbox attachment");

	while (nread < 10) {
		struct panda_input_event ev;
		uint32_t h, e;

		r = panda_sys_mailbox_wait(PANDA_HANDLE_MAILBOX);
		if (r < 0)
			FAIL("mailbox wait: %ld", r);
		h = (uint32_t)((uint64_t)r >> 32);
		e = (uint32_t)r;
		if (h != (uint32_t)kb)
			FAIL("record for handle 0x%x, not the keyboard 0x%lx", h, kb);
		if (!(e & PANDA_EVENT_KEYBOARD_KEY) || (e & 0xfc0000efu))
			FAIL("event word 0x%08x", e);
		if (nposted < 32)
			posted[nposted++] = e;
		while (nread < 10) {
			char c;

			r = panda_sys_try_read((panda_handle_t)kb, &ev, sizeof(ev));
			if (r == 0)
				break;
			if (r != 8 || ev.type != EV_KEY)
				FAIL("non-blocking read: %ld, type %u", r, ev.type);
			got[nread] = PANDA_ENCODE_KEY_EVENT(ev.code, ev.value);
			c = keymap_char(ev.code, false);
			panda_logf("Key '%c' %s", c ? c : '?', what(ev.value));
			nread++;
		}
	}
	/* Records for events read in the same drain are still queued. */
	while (nposted < 10) {
		r = panda_sys_mailbox_poll(PANDA_HANDLE_MAILBOX);
		if (r <= 0)
			FAIL("%d mailbox records for 10 events", nposted);
		posted[nposted++] = (uint32_t)r;
	}
	for (i = 0; i < 10; i++)
		if (posted[i] != got[i])
			FAIL("mailbox record %d is 0x%08x, the read gave 0x%08x",
			     i, posted[i], got[i]);
	/* The second handle's mailbox saw the same ten events. */
	while ((r = panda_sys_mailbox_poll((panda_handle_t)mb2)) > 0 && nsecond < 32)
		second[nsecond++] = (uint32_t)r;
	if (nsecond != 10 || memcmp(second, posted, sizeof(uint32_t) * 10))
		FAIL("second mailbox got %d records", nsecond);
	for (i = 0; i < 10; i++)
		if (PANDA_DECODE_KEY_VALUE(posted[i]) != (i % 2 ? 0 : 1))
			FAIL("record %d value %u", i, PANDA_DECODE_KEY_VALUE(posted[i]));
	panda_sys_close((panda_handle_t)kb2);
	panda_sys_close((panda_handle_t)mb2);
	panda_sys_close((panda_handle_t)kb);
	panda_log("Mailbox keyboard test passed");
	return 0;
}
