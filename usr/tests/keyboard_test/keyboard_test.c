// SPDX-License-Identifier: GPL-2.0
/*
 * keyboard_test (tests.md 3, devices.md 9, 11.4; keyboard-driven): opens
 * keyboard:/pci/00:03.0 without a mailbox and reads key events with
 * blocking 8-byte reads until it has 10, logging each as
 * "Key '<c>' pressed|released|repeat" (the unshifted US character, '?'
 * if none).  monitor.txt sends a, b, c, d, e once the keyboard is open.
 *
 * Also checked: the class path keyboard:/pci/input/0 opens the same
 * device; a non-blocking read with nothing queued returns 0; a short read
 * truncates; a read into a bad buffer fails and loses no event; "*:"
 * discovery of /pci/input/0 names keyboard; write, seek and unknown paths fail with their codes; the
 * device namespace listing of keyboard:/pci/input has "0".
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

static const char *what(uint32_t value)
{
	switch (value) {
	case KEY_VALUE_RELEASE:
		return "released";
	case KEY_VALUE_PRESS:
		return "pressed";
	case KEY_VALUE_REPEAT:
		return "repeat";
	}
	return "?";
}

static int check_other_paths(void)
{
	struct panda_input_event ev;
	struct panda_dirent de;
	char name[16];
	long h, d, r;
	int found = 0;

	h = panda_sys_open("keyboard:/pci/input/0", 21, 0, 0);
	if (h < 0)
		FAIL("open keyboard:/pci/input/0: %ld", h);
	r = panda_sys_try_read((panda_handle_t)h, &ev, sizeof(ev));
	if (r != 0)
		FAIL("non-blocking read with no key queued: %ld", r);
	r = panda_sys_write((panda_handle_t)h, "x", 1);
	if (r != -PANDA_ERR_NOT_SUPPORTED)
		FAIL("write on a keyboard: %ld", r);
	r = panda_sys_seek((panda_handle_t)h, 0, PANDA_SEEK_SET);
	if (r != -PANDA_ERR_NOT_SEEKABLE)
		FAIL("seek on a keyboard: %ld", r);
	panda_sys_close((panda_handle_t)h);
	r = panda_sys_open("keyboard:/pci/00:02.0", 21, 0, 0);	/* the mouse */
	if (r != -PANDA_ERR_NOT_FOUND)
		FAIL("open of the (unbound) mouse: %ld", r);
	r = panda_sys_open("keyboard:/pci/input/1", 21, 0, 0);
	if (r != -PANDA_ERR_NOT_FOUND)
		FAIL("open keyboard:/pci/input/1: %ld", r);
	d = panda_sys_opendir("keyboard:/pci/input", 19);
	if (d < 0)
		FAIL("opendir keyboard:/pci/input: %ld", d);
	while (panda_readdir((panda_handle_t)d, &de) == 1) {
		panda_dirent_name(&de, name, sizeof(name));
		found += !strcmp(name, "0");
	}
	panda_sys_close((panda_handle_t)d);
	if (found != 1)
		FAIL("keyboard:/pci/input lists 0");
	/* Discovery names the keyboard: scheme for the keyboard (11.7). */
	d = panda_sys_opendir("*:/pci/input/0", 14);
	if (d < 0)
		FAIL("opendir *:/pci/input/0: %ld", d);
	found = 0;
	while (panda_readdir((panda_handle_t)d, &de) == 1) {
		panda_dirent_name(&de, name, sizeof(name));
		found += !strcmp(name, "keyboard");
		if (!strcmp(name, "surface") || !strcmp(name, "block"))
			FAIL("*:/pci/input/0 lists %s", name);
	}
	panda_sys_close((panda_handle_t)d);
	if (found != 1)
		FAIL("*:/pci/input/0 lists keyboard");
	return 0;
}

int main(void)
{
	struct panda_input_event ev;
	long kb, r;
	int n;

	panda_log("Keyboard test starting");
	if (check_other_paths())
		return 1;
	kb = panda_sys_open("keyboard:/pci/00:03.0", 21, 0, 0);
	if (kb < 0)
		FAIL("open keyboard:/pci/00:03.0: %ld", kb);
	if (panda_handle_tag((panda_handle_t)kb) != PANDA_TAG_FILE)
		FAIL("keyboard handle 0x%lx is not a file handle", kb);
	panda_log("Keyboard opened successfully!");
	/* Waits for the first key, cannot deliver it: it stays queued. */
	r = panda_sys_read((panda_handle_t)kb, (void *)8, sizeof(ev));
	if (r != -PANDA_ERR_INVALID_ARGUMENT)
		FAIL("read into a bad buffer: %ld", r);
	for (n = 0; n < 10; n++) {
		char c;

		memset(&ev, 0xff, sizeof(ev));
		/* The first read is short: 4 bytes, type and code only. */
		r = panda_sys_read((panda_handle_t)kb, &ev,
				   n == 0 ? 4 : sizeof(ev));
		if (r != (n == 0 ? 4 : 8))
			FAIL("blocking read %d returned %ld", n, r);
		if (ev.type != EV_KEY)
			FAIL("event type %u", ev.type);
		if (n == 0) {
			if (ev.value != 0xffffffffu)
				FAIL("a 4-byte read wrote 8 bytes");
			ev.value = KEY_VALUE_PRESS;	/* 'a' is pressed first */
		}
		c = keymap_char(ev.code, false);
		panda_logf("Key '%c' %s", c ? c : '?', what(ev.value));
	}
	panda_sys_close((panda_handle_t)kb);
	panda_log("Keyboard test passed");
	return 0;
}
