// SPDX-License-Identifier: GPL-2.0
/*
 * The serial console as the terminal's display and keyboard: cells go out
 * as ANSI escape sequences (lib/term_ansi.c) on console:/serial/0, keys
 * come in as bytes on console:/serial/0/input (decoded by
 * lib/term_keys.c).  The device's size is asked for with a cursor
 * position report; until the answer comes it is 80 x 24.
 *
 * A lone ESC byte might be the Escape key or the start of a sequence
 * whose rest has not arrived yet: a 50 ms timer decides.
 */
#include <string.h>
#include <lib/term_ansi.h>
#include "terminal.h"

#define SERIAL_OUT	"console:/serial/0"
#define SERIAL_IN	"console:/serial/0/input"
#define ESC_WAIT_MS	50

static struct term_ansi ansi;
static struct term_display display;
static panda_handle_t out_h, in_h, timer_h;
static struct term_keys keys;

static void serial_write(void *ctx, const char *buf, size_t n)
{
	while (n) {
		long w = panda_write(out_h, buf, n);

		if (w <= 0)
			return;
		buf += w;
		n -= (size_t)w;
	}
}

static void serial_query_size(struct term_display *d)
{
	term_ansi_query_size(&ansi);
	term_ansi_flush(&ansi);
}

static void serial_close(struct term_display *d)
{
	term_ansi_finish(&ansi);
}

int serial_display_open(struct term_display **out, unsigned cols,
			unsigned rows, bool query_size)
{
	int err = panda_open(SERIAL_OUT, 0, 0, &out_h);

	if (err)
		return err;
	term_ansi_init(&ansi, cols, rows, serial_write, NULL);
	display.renderer = &ansi.r;
	display.query_size = query_size ? serial_query_size : NULL;
	display.close = serial_close;
	if (query_size)
		serial_query_size(&display);
	*out = &display;
	return 0;
}

static void deliver(void *arg, const struct term_key *k)
{
	terminal_key(k);
}

static void esc_timeout(void *arg, panda_handle_t h, uint32_t events)
{
	terminal_unwatch(timer_h);
	panda_close(timer_h);
	timer_h = 0;
	term_keys_flush(&keys, deliver, NULL);
}

static void serial_readable(void *arg, panda_handle_t h, uint32_t events)
{
	char buf[256];
	long n;

	while ((n = panda_try_read(in_h, buf, sizeof(buf))) > 0)
		term_keys_feed(&keys, buf, (size_t)n, deliver, NULL);
	if (term_keys_pending(&keys) && !timer_h) {
		long t = panda_sys_create_timer(ESC_WAIT_MS,
						PANDA_HANDLE_MAILBOX,
						PANDA_EVENT_TIMER);

		if (t > 0) {
			timer_h = (panda_handle_t)t;
			terminal_watch(timer_h, esc_timeout, NULL);
		}
	}
}

int serial_input_open(void)
{
	int err;

	term_keys_init(&keys);
	err = panda_open(SERIAL_IN, PANDA_HANDLE_MAILBOX,
			 PANDA_EVENT_CHANNEL_READABLE, &in_h);
	if (err)
		return err;
	err = terminal_watch(in_h, serial_readable, NULL);
	if (err)
		return err;
	serial_readable(NULL, in_h, 0);	/* typed before we listened */
	return 0;
}
