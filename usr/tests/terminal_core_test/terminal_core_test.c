// SPDX-License-Identifier: GPL-2.0
/*
 * terminal_core_test: the terminal end to end, driven like a serial terminal.
 *
 * As init, this program starts /initrd/terminal with "--input stdin
 * --transcript --size 80x24" and types into it through a channel given
 * as its STDIN: the bytes a serial terminal would send, escape sequences
 * for the arrow keys included, one message per step.  It sends them all
 * at once; the terminal reads a message only when it waits for keys (at
 * the prompt, or for an input request), so each step meets the state it
 * was written for.  The terminal draws on the serial console as usual
 * and also logs every finished screen line as "tty: <line>", which
 * expected.txt checks.
 *
 * Covered: a program (hello), a pipeline (ls | grep, a table filtered),
 * every Value variant and message kind (helper "values"), an unknown
 * command, line editing (Home, arrows, Delete, Backspace), history
 * recall with Up, Tab completion, cd/pwd and relative paths, cat, a
 * syntax error, input requests of every kind (helper "asker"), Ctrl+C
 * interrupting a program and a second Ctrl+C killing one that ignores
 * it (helper "spinner"), and exit with a status.
 */
#include <panda/panda.h>
#include <string.h>

static const char *const keys[] = {
	"hello\r",
	"ls /initrd | grep hel\r",
	"values\r",
	"nosuchcmd\r",
	/* Editing: "ecXho byee", Home, Right x2, Delete (X), End,
	 * Backspace (e): "echo bye". */
	"ecXho byee\x1b[H\x1b[C\x1b[C\x1b[3~\x1b[F\x7f\r",
	"echo one two three | grep two\r",
	/* Up x5: back to "ls /initrd | grep hel". */
	"\x1b[A\x1b[A\x1b[A\x1b[A\x1b[A\r",
	"cd /initrd\r",
	"pwd\r",
	"ls | grep txt\r",
	/* Tab completion: "cat " then "hello.txt ". */
	"ca\thello.\t\r",
	/* Two candidates (echo, exit): the second Tab lists them. */
	"e\t\tcho tab\r",
	"cd nowhere\r",
	"cd ..\r",
	"pwd\r",
	"echo 'unterminated\r",
	"asker\r",
	"Panda\r", "y", "xyz\r", "2\r", "q",
	"spinner\r\x03",
	"spinner --stubborn\r\x03\x03",
	"exit 7\r",
};

/*
 * Spawn the terminal with args, its STDIN the far end of a new channel;
 * *keys is the end to type into.
 */
static int spawn_terminal(const char *const *args, size_t n, panda_child *child,
			  panda_handle_t *keys)
{
	panda_handle_t a;
	panda_child_builder *cb;
	int err;

	err = panda_channel_create(&a, keys);
	if (err) {
		panda_logf("terminal_core_test: channel: %s", panda_strerror(err));
		return err;
	}
	cb = panda_child_builder_new("file:/initrd/terminal");
	panda_cb_args(cb, args, n);
	panda_cb_stdin(cb, a);
	err = panda_cb_spawn(cb, child);
	panda_close(a);
	if (err) {
		panda_logf("terminal_core_test: spawn: %s", panda_strerror(err));
		panda_close(*keys);
	}
	return err;
}

/*
 * A terminal waiting for keys that never come stops when its parent
 * sends Terminate (services.md 2.2: how the service manager stops it),
 * with code 0.
 */
static int terminate_idle_terminal(void)
{
	static const char *const args[] = {
		"terminal", "--input", "stdin", "--size", "80x24",
	};
	panda_handle_t b;
	panda_child child;
	int err, code;

	if (spawn_terminal(args, sizeof(args) / sizeof(args[0]), &child, &b))
		return 1;
	panda_log("terminal_core_test: sending Terminate to an idle terminal");
	err = panda_term_signal_send(child.h, PANDA_TERM_SIG_TERMINATE);
	if (err) {
		panda_logf("terminal_core_test: Terminate: %s",
			   panda_strerror(err));
		return 1;
	}
	err = panda_child_wait(&child, &code);
	panda_child_release(&child);
	panda_close(b);
	if (err) {
		panda_logf("terminal_core_test: wait: %s", panda_strerror(err));
		return 1;
	}
	panda_logf("terminal_core_test: terminated terminal exited with code %d",
		   code);
	return code;
}

int main(int argc, char **argv)
{
	static const char *const args[] = {
		"terminal", "--input", "stdin", "--transcript", "--size",
		"80x24",
	};
	panda_handle_t b;
	panda_child child;
	size_t i;
	int err, code;

	panda_log("terminal_core_test: started");
	if (spawn_terminal(args, sizeof(args) / sizeof(args[0]), &child, &b))
		return 1;
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		err = panda_channel_send(b, keys[i], strlen(keys[i]));
		if (err) {
			panda_logf("terminal_core_test: send: %s",
				   panda_strerror(err));
			return 1;
		}
	}
	panda_close(b);		/* the end of the input */
	err = panda_child_wait(&child, &code);
	panda_child_release(&child);
	if (err) {
		panda_logf("terminal_core_test: wait: %s", panda_strerror(err));
		return 1;
	}
	panda_logf("terminal_core_test: terminal exited with code %d", code);
	if (code != 7)
		return 1;
	return terminate_idle_terminal();
}
