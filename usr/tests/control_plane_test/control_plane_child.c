// SPDX-License-Identifier: GPL-2.0
/*
 * control_plane_child (tests.md 3.1), the peer of control_plane_test.
 *
 *   (no argument)  sends Write(String "hello from child"), Error(String
 *                  "test error message") and Warning(String "test warning
 *                  message") on the parent channel with the terminal
 *                  helpers, logging after each.
 *   data           has a STDOUT: writes Int 1..40 there and, on the
 *                  control plane, Progress(i, 40) after every 10th value,
 *                  an Error after value 20 and a Warning after value 30;
 *                  finally outputs String "summary" with
 *                  panda_output_value, which must go to STDOUT (ipc.md 7.3).
 */
#include <panda/panda.h>
#include <string.h>
#include "../common/check.h"

#define NVALUES	40

static int basic(void)
{
	int err;

	err = panda_term_print("hello from child");
	CHECK(!err, "control_plane_child: Write: %d (%s)", err, check_name(err));
	panda_log("control_plane_child: sent Write");
	err = panda_term_error("test error message");
	CHECK(!err, "control_plane_child: Error: %d (%s)", err, check_name(err));
	panda_log("control_plane_child: sent Error");
	err = panda_term_warning("test warning message");
	CHECK(!err, "control_plane_child: Warning: %d (%s)", err,
	      check_name(err));
	panda_log("control_plane_child: sent Warning");
	panda_log("control_plane_child: done");
	return 0;
}

static int data(void)
{
	panda_value *v;
	int i, err;

	for (i = 1; i <= NVALUES; i++) {
		v = panda_value_int(i);
		err = panda_write_value(v);
		panda_value_free(v);
		CHECK(!err, "control_plane_child: write of Int %d to STDOUT: %d (%s)",
		      i, err, check_name(err));
		if (i % 10 == 0) {
			err = panda_term_progress(i, NVALUES, "values");
			CHECK(!err, "control_plane_child: Progress %d: %d (%s)",
			      i, err, check_name(err));
		}
		if (i == 20) {
			err = panda_term_error("error while streaming");
			CHECK(!err, "control_plane_child: Error: %d (%s)", err,
			      check_name(err));
		}
		if (i == 30) {
			err = panda_term_warning("warning while streaming");
			CHECK(!err, "control_plane_child: Warning: %d (%s)",
			      err, check_name(err));
		}
	}
	v = panda_value_string("summary");
	err = panda_output_value(v);
	panda_value_free(v);
	CHECK(!err, "control_plane_child: output_value: %d (%s)", err,
	      check_name(err));
	panda_log("control_plane_child: data mode done, 40 values, 4 progress reports");
	return 0;
}

int main(int argc, char **argv, char **envp)
{
	const char *mode = argc > 1 ? argv[1] : "";

	panda_logf("control_plane_child: starting%s",
		   *mode ? " (data)" : "");
	if (!strcmp(mode, ""))
		return basic();
	if (!strcmp(mode, "data"))
		return data();
	panda_logf("FAIL: control_plane_child: unknown mode '%s'", mode);
	return 1;
}
