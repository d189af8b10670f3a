// SPDX-License-Identifier: GPL-2.0
/*
 * Keys from a script instead of a keyboard: the messages arriving on
 * STDIN (tests drive the terminal this way), or the lines of a file.
 * Their bytes are decoded exactly like serial input, escape sequences
 * included.
 *
 * A script is read one piece (a message, a line) at a time, and only
 * while the terminal waits for keys: at the prompt with nothing typed
 * ahead, or with an input request open.  So a piece is typed when the
 * previous command has finished, and a Ctrl+C in the same piece as the
 * command before it interrupts that command, whatever the timing.  The
 * end of the script is TERM_KEY_EOF: the terminal exits at the prompt.
 */
#include <stdlib.h>
#include <string.h>
#include "terminal.h"

static struct term_keys keys;
static bool ended;
static uint8_t *file_data;
static size_t file_len, file_pos;

static void deliver(void *arg, const struct term_key *k)
{
	terminal_key(k);
}

static void feed(const void *data, size_t n)
{
	term_keys_feed(&keys, data, n, deliver, NULL);
	/* A piece ends its keys: no ESC left waiting for more. */
	term_keys_flush(&keys, deliver, NULL);
}

static void end_of_input(void)
{
	struct term_key eof = { .code = TERM_KEY_EOF };

	if (ended)
		return;
	ended = true;
	term.input_idle = NULL;
	terminal_key(&eof);
}

static void stdin_more(void)
{
	static uint8_t buf[PANDA_MAX_MESSAGE_SIZE];
	size_t n;
	int err;

	while (!ended && terminal_wants_keys()) {
		err = panda_channel_try_recv(PANDA_HANDLE_STDIN, buf,
					     sizeof(buf), &n);
		if (err == -PANDA_ERR_WOULD_BLOCK)
			return;
		if (err || !n) {	/* closed, or an empty message: the end */
			terminal_unwatch(PANDA_HANDLE_STDIN);
			end_of_input();
			return;
		}
		feed(buf, n);
	}
}

static void stdin_event(void *arg, panda_handle_t h, uint32_t events)
{
	stdin_more();
}

int stdin_input_open(void)
{
	long r;
	int err;

	term_keys_init(&keys);
	r = panda_sys_mailbox_attach(PANDA_HANDLE_MAILBOX, PANDA_HANDLE_STDIN,
				     PANDA_EVENT_CHANNEL_READABLE |
				     PANDA_EVENT_CHANNEL_CLOSED);
	if (r < 0)
		return (int)r;
	err = terminal_watch(PANDA_HANDLE_STDIN, stdin_event, NULL);
	if (err)
		return err;
	term.input_idle = stdin_more;
	stdin_more();		/* what was sent before we listened */
	return 0;
}

static void file_more(void)
{
	while (!ended && terminal_wants_keys()) {
		uint8_t *nl;
		size_t n;

		if (file_pos >= file_len) {
			free(file_data);
			file_data = NULL;
			end_of_input();
			return;
		}
		nl = memchr(file_data + file_pos, '\n', file_len - file_pos);
		n = nl ? (size_t)(nl - (file_data + file_pos)) + 1 :
			 file_len - file_pos;
		feed(file_data + file_pos, n);
		file_pos += n;
	}
}

int script_input_open(const char *uri)
{
	int err;

	term_keys_init(&keys);
	err = panda_read_whole_file(uri, &file_data, &file_len);
	if (err)
		return err;
	term.input_idle = file_more;
	file_more();
	return 0;
}
