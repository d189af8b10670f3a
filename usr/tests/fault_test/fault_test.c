// SPDX-License-Identifier: GPL-2.0
/*
 * fault_test: init spawns helpers that each do one bad thing, waits for
 * each and checks the exit code the kernel reports (kernel.md 4.4): -11 for
 * page faults, #GP and anything else (a single-step #DB included), -4 for
 * #UD, -8 for #DE and x87 errors; int3 is no fault.  Then it kills a child
 * spinning in user mode, lets another child enter the kernel with RFLAGS.NT
 * set while that spinner waits to be resumed by iretq, and finally runs a
 * well-behaved program to show the system still works.  One log line per
 * case; exit 0 if all matched.  (SSE exceptions and icebp are left out:
 * QEMU's TCG raises neither.)
 */
#include <panda/panda.h>
#include <string.h>

struct fault_case {
	const char *name;	/* as logged */
	const char *prog;	/* helper in the initramfs */
	long want;		/* exit code */
};

static const struct fault_case cases[] = {
	{ "null_read", "fault_null", -11 },
	{ "null_write", "fault_null_write", -11 },
	{ "text_write", "fault_text_write", -11 },
	{ "rodata_write", "fault_rodata_write", -11 },
	{ "kernel_jump", "fault_kernel_jump", -11 },
	{ "kernel_read", "fault_kernel_read", -11 },
	{ "kernel_write", "fault_kernel_write", -11 },
	{ "nx_stack", "fault_nx_stack", -11 },
	{ "nx_data", "fault_nx_data", -11 },
	{ "nx_heap", "fault_nx_heap", -11 },
	{ "divide_by_zero", "fault_div0", -8 },
	{ "divide_overflow", "fault_div_overflow", -8 },
	{ "ud2", "fault_ud2", -4 },
	{ "hlt", "fault_hlt", -11 },
	{ "cli", "fault_cli", -11 },
	{ "mov_cr3", "fault_cr3", -11 },
	{ "port_out", "fault_outb", -11 },
	{ "int_0x80", "fault_int80", -11 },
	{ "int_14", "fault_int_pf", -11 },
	{ "noncanonical_read", "fault_noncanon", -11 },
	{ "noncanonical_jump", "fault_noncanon_jump", -11 },
	{ "stack_overflow", "fault_stack_overflow", -11 },
	{ "x87_divide", "fault_x87", -8 },
	{ "single_step", "fault_single_step", -11 },
	{ "int3", "fault_int3", 0 },
	{ "exit_code", "fault_exit_code", -1234 },
};

static int failures;

/* libpanda's spawn: the child's runtime gets its startup message. */
static int spawn(const char *prog, panda_handle_t *h)
{
	char uri[64] = "file:/initrd/";
	int err;

	strlcat(uri, prog, sizeof(uri));
	err = panda_spawn(uri, h);
	if (err) {
		panda_logf("fault_test: cannot spawn %s: %d: FAIL", uri, err);
		failures++;
	}
	return err;
}

/* what: "exit" for a wait's exit code, "returned" for other calls. */
static void check(const char *name, const char *what, long got, long want)
{
	if (got == want) {
		panda_logf("fault_test: %s: %s %ld, ok", name, what, got);
	} else {
		panda_logf("fault_test: %s: %s %ld, expected %ld: FAIL", name,
			   what, got, want);
		failures++;
	}
}

/* Spawn, wait, close; the exit code is checked. */
static void run_case(const struct fault_case *c)
{
	panda_handle_t h;

	if (spawn(c->prog, &h))
		return;
	check(c->name, "exit", panda_sys_wait(h), c->want);
	/* Waiting again gives the same code; then the handle goes. */
	if (panda_sys_wait(h) != c->want || panda_sys_close(h) != 0) {
		panda_logf("fault_test: %s: second wait or close failed: FAIL",
			   c->name);
		failures++;
	}
}

/*
 * A child spinning in user mode is killed with signal 9 (exit -9).  While
 * it waits, preempted, to go back to user mode through iretq, another child
 * enters the kernel with RFLAGS.NT set and yields to it.
 */
static void spinner_cases(void)
{
	panda_handle_t spin, nt;
	int i;

	if (spawn("fault_spinner", &spin))
		return;
	for (i = 0; i < 3; i++)	/* let it run and be preempted */
		panda_sys_yield();
	if (!spawn("fault_nt_yield", &nt)) {
		check("nt_flag_yield", "exit", panda_sys_wait(nt), 0);
		panda_sys_close(nt);
	}
	check("kill_spinner", "signal 9 returned",
	      panda_sys_signal(spin, PANDA_SIGKILL), 0);
	check("spinner_killed", "exit", panda_sys_wait(spin), -PANDA_SIGKILL);
	/* Killing what is already dead is no error; the code stays. */
	if (panda_sys_signal(spin, PANDA_SIGKILL) != 0 ||
	    panda_sys_wait(spin) != -PANDA_SIGKILL) {
		panda_log("fault_test: signal or wait after death: FAIL");
		failures++;
	}
	panda_sys_close(spin);
}

int main(int argc, char **argv, char **envp)
{
	panda_handle_t h;
	size_t i;

	panda_log("fault_test: starting");
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_case(&cases[i]);
	spinner_cases();
	/* The system still works: a normal program runs and exits 0. */
	if (!spawn("fault_ok", &h)) {
		check("well_behaved", "exit", panda_sys_wait(h), 0);
		panda_sys_close(h);
	}
	if (failures) {
		panda_logf("fault_test: %d case(s) failed", failures);
		return 1;
	}
	panda_log("fault_test: all cases passed");
	return 0;
}
