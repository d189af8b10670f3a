// SPDX-License-Identifier: GPL-2.0
/*
 * terminal_core_test helper: runs until the terminal interrupts it.  It waits
 * for events from its terminal; Signal(Interrupt) (Ctrl+C) ends it with
 * status 130.  With --stubborn it ignores every event, so only the
 * terminal's second Ctrl+C (a kill) ends it.
 */
#include <panda/panda.h>
#include <string.h>

int main(int argc, char **argv)
{
	bool stubborn = argc > 1 && !strcmp(argv[1], "--stubborn");
	struct panda_term_event ev;

	panda_term_println("spinner: waiting for Ctrl+C");
	while (!panda_term_next_event(&ev, true)) {
		bool stop = ev.kind == PANDA_TERM_EV_SIGNAL &&
			    ev.u.signal == PANDA_TERM_SIG_INTERRUPT &&
			    !stubborn;

		panda_term_event_free(&ev);
		if (stop) {
			panda_term_println("spinner: interrupted");
			return 130;
		}
	}
	return 1;
}
