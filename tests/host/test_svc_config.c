// SPDX-License-Identifier: GPL-2.0
/*
 * Tests for lib/svc_config.c: service configs (services.md 6.2 defaults,
 * 6.3 validation with every problem reported, 6.5 equality, services.md
 * 12.2's list of cases) and the mount configuration (section 13).
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "testutil.h"
#include <lib/svc_config.h>

/* ---------------------------------------------------------------- alloc */

static const struct panda_value_alloc *A = &test_heap;

static void setup(void)
{
	memset(&test_cnt, 0, sizeof(test_cnt));
}

static void teardown(void)
{
	cr_expect_eq(test_cnt.live, 0, "%ld blocks leaked", test_cnt.live);
}

TestSuite(config, .init = setup, .fini = teardown);
TestSuite(fstab, .init = setup, .fini = teardown);

/* ---------------------------------------------------------------- helpers */

static void ok(const char *name, const char *text, struct svc_config *c)
{
	int err = svc_config_parse(A, name, NULL, text, strlen(text), c);

	cr_assert_eq(err, 0, "error %d, first problem: %s", err,
		     c->n_problems ? c->problems[0] : "-");
	cr_assert_eq(c->n_problems, 0);
	cr_assert_str_eq(c->name, name);
}

/* Parse an invalid config; the problems must be exactly want[]. */
static void bad_src(const char *source, const char *text,
		    const char *const *want, size_t n)
{
	struct svc_config c;
	int err = svc_config_parse(A, "svc", source, text, strlen(text), &c);
	size_t i;

	cr_assert_eq(err, SVC_CONFIG_EINVALID, "got %d for:\n%s", err, text);
	for (i = 0; i < c.n_problems && i < n; i++)
		cr_assert_str_eq(c.problems[i], want[i], "problem %zu:\n got  %s\n want %s",
				 i, c.problems[i], want[i]);
	cr_assert_eq(c.n_problems, n, "%zu problems, want %zu (last: %s)",
		     c.n_problems, n,
		     c.n_problems ? c.problems[c.n_problems - 1] : "-");
	cr_assert_str_eq(c.name, "svc");
	cr_assert_eq(svc_config_check(&c, NULL, NULL), n);
	svc_config_free(A, &c);
}

#define BAD(text, ...)                                                       \
	do {                                                                 \
		static const char *const w_[] = { __VA_ARGS__ };             \
		bad_src(NULL, text, w_, sizeof(w_) / sizeof(w_[0]));         \
	} while (0)

/* ---------------------------------------------------------------- configs */

Test(config, minimal_and_defaults)
{
	struct svc_config c;

	ok("terminal", "[service]\nexec = \"file:/mnt/terminal\"\n", &c);
	cr_assert_str_eq(c.exec, "file:/mnt/terminal");
	cr_assert_eq(c.n_args, 0);
	cr_assert_null(c.args);
	cr_assert_eq(c.stdout_mode, SVC_STDOUT_INHERIT);
	cr_assert_eq(c.n_env, 0);
	cr_assert_eq(c.n_after, 0);
	cr_assert_eq(c.policy, SVC_RESTART_NO);
	cr_assert_eq(c.delay_ms, 1000);
	cr_assert_eq(c.max_attempts, 10);
	cr_assert_eq(svc_config_check(&c, NULL, NULL), 0);
	svc_config_free(A, &c);
	cr_assert_null(c.name);
}

Test(config, full)
{
	struct svc_config c;

	ok("networkd",
	   "[service]\n"
	   "exec = \"file:/mnt/networkd\"      # required, string\n"
	   "args = [\"--interface\", \"virtio0\"]\n"
	   "stdout = \"log\"\n"
	   "\n"
	   "[service.env]\n"
	   "LOG_LEVEL = \"info\"\n"
	   "\"A_FIRST\" = \"x y\"\n"
	   "\n"
	   "[dependencies]\n"
	   "after = [\"block-ready\", \"fs.mount\", \"a_b\"]\n"
	   "\n"
	   "[restart]\n"
	   "policy = \"always\"\n"
	   "delay_ms = 250\n"
	   "max_attempts = 3\n",
	   &c);
	cr_assert_str_eq(c.exec, "file:/mnt/networkd");
	cr_assert_eq(c.n_args, 2);
	cr_assert_str_eq(c.args[0], "--interface");
	cr_assert_str_eq(c.args[1], "virtio0");
	cr_assert_eq(c.stdout_mode, SVC_STDOUT_LOG);
	cr_assert_eq(c.n_env, 2);
	/* Sorted by key. */
	cr_assert_str_eq(c.env[0].key, "A_FIRST");
	cr_assert_str_eq(c.env[0].value, "x y");
	cr_assert_str_eq(c.env[1].key, "LOG_LEVEL");
	cr_assert_str_eq(c.env[1].value, "info");
	cr_assert_eq(c.n_after, 3);
	cr_assert_str_eq(c.after[0], "block-ready");
	cr_assert_str_eq(c.after[1], "fs.mount");
	cr_assert_str_eq(c.after[2], "a_b");
	cr_assert_eq(c.policy, SVC_RESTART_ALWAYS);
	cr_assert_eq(c.delay_ms, 250);
	cr_assert_eq(c.max_attempts, 3);
	svc_config_free(A, &c);
}

Test(config, sections_in_any_order_and_empty)
{
	struct svc_config c;

	ok("x",
	   "[restart]\n[dependencies]\nafter = []\n[service.env]\n"
	   "[service]\nexec = 'a:b'\nargs = []\n",
	   &c);
	cr_assert_str_eq(c.exec, "a:b");
	cr_assert_eq(c.n_env, 0);
	cr_assert_eq(c.n_after, 0);
	cr_assert_eq(c.n_args, 0);
	svc_config_free(A, &c);
}

Test(config, empty_env_table)
{
	struct svc_config c;

	ok("e", "[service]\nexec = \"file:/e\"\n[service.env]\n", &c);
	cr_assert_eq(c.n_env, 0);
	cr_assert_null(c.env);
	svc_config_free(A, &c);
}

Test(config, each_restart_policy)
{
	static const struct {
		const char *text;
		enum svc_restart_policy p;
	} t[] = {
		{ "no", SVC_RESTART_NO },
		{ "on-failure", SVC_RESTART_ON_FAILURE },
		{ "always", SVC_RESTART_ALWAYS },
	};
	char text[128];
	size_t i;

	for (i = 0; i < 3; i++) {
		struct svc_config c;

		snprintf(text, sizeof(text),
			 "[service]\nexec = \"f:x\"\n[restart]\npolicy = \"%s\"\n",
			 t[i].text);
		ok("p", text, &c);
		cr_assert_eq(c.policy, t[i].p);
		cr_assert_str_eq(svc_restart_policy_name(c.policy), t[i].text);
		svc_config_free(A, &c);
	}
}

Test(config, each_stdout_mode)
{
	static const struct {
		const char *text;
		enum svc_stdout_mode m;
	} t[] = {
		{ "inherit", SVC_STDOUT_INHERIT },
		{ "log", SVC_STDOUT_LOG },
		{ "null", SVC_STDOUT_NULL },
		{ "console", SVC_STDOUT_CONSOLE },
	};
	char text[128];
	size_t i;

	for (i = 0; i < 4; i++) {
		struct svc_config c;

		snprintf(text, sizeof(text),
			 "[service]\nexec = \"f:x\"\nstdout = \"%s\"\n",
			 t[i].text);
		ok("s", text, &c);
		cr_assert_eq(c.stdout_mode, t[i].m);
		cr_assert_str_eq(svc_stdout_mode_name(c.stdout_mode),
				 t[i].text);
		svc_config_free(A, &c);
	}
}

Test(config, integer_ranges)
{
	struct svc_config c;

	ok("r",
	   "[service]\nexec = \"f:x\"\n[restart]\ndelay_ms = 0\n"
	   "max_attempts = 0\n",
	   &c);
	cr_assert_eq(c.delay_ms, 0);
	cr_assert_eq(c.max_attempts, 0);
	svc_config_free(A, &c);
	ok("r",
	   "[service]\nexec = \"f:x\"\n[restart]\n"
	   "delay_ms = 9223372036854775807\nmax_attempts = 4294967295\n",
	   &c);
	cr_assert_eq(c.delay_ms, INT64_MAX);
	cr_assert_eq(c.max_attempts, UINT32_MAX);
	svc_config_free(A, &c);

	BAD("[service]\nexec = \"f:x\"\n[restart]\ndelay_ms = -1\n",
	    "line 4, column 12: restart.delay_ms must be at least 0, not -1");
	BAD("[service]\nexec = \"f:x\"\n[restart]\nmax_attempts = 4294967296\n",
	    "line 4, column 16: restart.max_attempts must be between 0 and 4294967295, not 4294967296");
	BAD("[service]\nexec = \"f:x\"\n[restart]\nmax_attempts = -1\n",
	    "line 4, column 16: restart.max_attempts must be between 0 and 4294967295, not -1");
}

Test(config, missing_exec)
{
	BAD("[service]\nargs = [\"a\"]\n",
	    "missing required key \"exec\" in [service]");
	BAD("# nothing\n", "missing [service] table");
	BAD("[restart]\npolicy = \"no\"\n", "missing [service] table");
	BAD("[service]\nexec = \"\"\n",
	    "line 2, column 8: service.exec is empty");
	BAD("[service]\nexec = \"/mnt/terminal\"\n",
	    "line 2, column 8: service.exec \"/mnt/terminal\" is not a URI (no ':')");
	BAD("[service]\nexec = 5\n",
	    "line 2, column 8: service.exec must be a string, not an integer");
	BAD("[service]\nexec = [\"f:x\"]\n",
	    "line 2, column 8: service.exec must be a string, not an array");
}

Test(config, unknown_keys_and_tables)
{
	BAD("[service]\nexec = \"f:x\"\n[restart]\ndelay = 1000\n",
	    "line 4, column 1: unknown key \"delay\" in [restart]");
	BAD("name = \"x\"\n[service]\nexec = \"f:x\"\n",
	    "line 1, column 1: unknown key \"name\"");
	BAD("[service]\nexec = \"f:x\"\n[install]\n",
	    "line 3, column 2: unknown table [install]");
	BAD("[service]\nexec = \"f:x\"\n[[hooks]]\n",
	    "line 3, column 3: unknown table [hooks]");
	BAD("[service]\nexec = \"f:x\"\nuser = \"root\"\n[service.limits]\n",
	    "line 3, column 1: unknown key \"user\" in [service]",
	    "line 4, column 10: unknown table [service.limits]");
	BAD("[service]\nexec = \"f:x\"\n[dependencies]\nbefore = [\"y\"]\n"
	    "[dependencies.x]\n",
	    "line 4, column 1: unknown key \"before\" in [dependencies]",
	    "line 5, column 15: unknown table [dependencies.x]");
}

Test(config, wrong_types)
{
	BAD("[service]\nexec = \"f:x\"\nargs = \"-v\"\n",
	    "line 3, column 8: service.args must be an array of strings, not a string");
	BAD("[service]\nexec = \"f:x\"\nargs = [1, 2]\n",
	    "line 3, column 8: service.args must be an array of strings, not an array");
	BAD("[service]\nexec = \"f:x\"\nstdout = true\n",
	    "line 3, column 10: service.stdout must be a string, not a boolean");
	BAD("[service]\nexec = \"f:x\"\nenv = \"A=1\"\n",
	    "line 3, column 7: service.env must be a table, not a string");
	BAD("[service]\nexec = \"f:x\"\n[service.env]\nN = 1\nB = [\"x\"]\n",
	    "line 4, column 5: service.env.N must be a string, not an integer",
	    "line 5, column 5: service.env.B must be a string, not an array");
	BAD("[service]\nexec = \"f:x\"\n[dependencies]\nafter = \"a\"\n",
	    "line 4, column 9: dependencies.after must be an array of strings, not a string");
	BAD("[service]\nexec = \"f:x\"\n[restart]\npolicy = 1\ndelay_ms = \"1s\"\n"
	    "max_attempts = true\n",
	    "line 4, column 10: restart.policy must be a string, not an integer",
	    "line 5, column 12: restart.delay_ms must be an integer, not a string",
	    "line 6, column 16: restart.max_attempts must be an integer, not a boolean");
	BAD("service = 1\n", "line 1, column 11: service must be a table, not an integer");
	BAD("[[service]]\nexec = \"f:x\"\n",
	    "line 1, column 1: service must be a table, not an array of tables");
	BAD("dependencies = []\nrestart = \"no\"\n[service]\nexec = \"f:x\"\n",
	    "line 1, column 16: dependencies must be a table, not an array",
	    "line 2, column 11: restart must be a table, not a string");
}

Test(config, bad_enumerations)
{
	BAD("[service]\nexec = \"f:x\"\nstdout = \"file\"\n",
	    "line 3, column 10: service.stdout must be \"inherit\", \"log\", \"null\" or \"console\", not \"file\"");
	BAD("[service]\nexec = \"f:x\"\n[restart]\npolicy = \"sometimes\"\n",
	    "line 4, column 10: restart.policy must be \"no\", \"on-failure\" or \"always\", not \"sometimes\"");
	BAD("[service]\nexec = \"f:x\"\n[restart]\npolicy = \"Always\"\n",
	    "line 4, column 10: restart.policy must be \"no\", \"on-failure\" or \"always\", not \"Always\"");
}

Test(config, names)
{
	struct svc_config c;
	char name[80];

	cr_assert(svc_name_valid("a", 1));
	cr_assert(svc_name_valid("A.b_c-9", 7));
	cr_assert(svc_name_valid("...", 3));
	cr_assert_not(svc_name_valid("", 0));
	cr_assert_not(svc_name_valid(".", 1));
	cr_assert_not(svc_name_valid("..", 2));
	cr_assert_not(svc_name_valid("a b", 3));
	cr_assert_not(svc_name_valid("a/b", 3));
	cr_assert_not(svc_name_valid("caf\xc3\xa9", 5));
	memset(name, 'n', 64);
	cr_assert(svc_name_valid(name, 64));
	cr_assert_not(svc_name_valid(name, 65));
	cr_assert_not(svc_name_valid(NULL, 1));

	cr_assert_eq(svc_config_parse(A, "bad name", NULL,
				      "[service]\nexec = \"f:x\"\n", 22, &c),
		     SVC_CONFIG_EINVALID);
	cr_assert_eq(c.n_problems, 1);
	cr_assert_str_eq(c.problems[0],
			 "invalid service name \"bad name\" (1-64 characters of A-Z a-z 0-9 . _ -)");
	svc_config_free(A, &c);

	BAD("[service]\nexec = \"f:x\"\n[dependencies]\nafter = [\"ok\", \"not ok\", \"\"]\n",
	    "line 4, column 16: dependencies.after: \"not ok\" is not a valid service name",
	    "line 4, column 26: dependencies.after: \"\" is not a valid service name");
	BAD("[service]\nexec = \"f:x\"\n[service.env]\n\"\" = \"x\"\n\"A=B\" = \"y\"\n",
	    "line 4, column 1: service.env: invalid variable name \"\"",
	    "line 5, column 1: service.env: invalid variable name \"A=B\"");
}

Test(config, every_problem_in_file_order)
{
	BAD("bogus = 1\n"
	    "[restart]\n"
	    "policy = \"maybe\"\n"
	    "delay_ms = -5\n"
	    "[service]\n"
	    "stdout = \"tty\"\n"
	    "args = [\"a\"]\n"
	    "extra = true\n"
	    "[dependencies]\n"
	    "after = [\"a b\"]\n"
	    "[service.env]\n"
	    "X = 1\n",
	    "line 1, column 1: unknown key \"bogus\"",
	    "line 3, column 10: restart.policy must be \"no\", \"on-failure\" or \"always\", not \"maybe\"",
	    "line 4, column 12: restart.delay_ms must be at least 0, not -5",
	    "line 6, column 10: service.stdout must be \"inherit\", \"log\", \"null\" or \"console\", not \"tty\"",
	    "line 8, column 1: unknown key \"extra\" in [service]",
	    "line 10, column 10: dependencies.after: \"a b\" is not a valid service name",
	    "line 12, column 5: service.env.X must be a string, not an integer",
	    "missing required key \"exec\" in [service]");
}

Test(config, toml_errors_report_the_line)
{
	static const char *const w1[] = {
		"file:/mnt/config/services/svc/config.toml: line 3, column 8: floats are not supported",
	};
	static const char *const w2[] = {
		"line 2, column 1: duplicate key \"exec\"",
	};
	static const char *const w3[] = {
		"cfg: line 2, column 1: invalid UTF-8 (byte 0xff)",
	};

	bad_src("file:/mnt/config/services/svc/config.toml",
		"[service]\nexec = \"f:x\"\nargs = 1.5\n", w1, 1);
	bad_src(NULL, "exec = 1\nexec = 2\n", w2, 1);
	bad_src("cfg", "[service]\n\xff", w3, 1);
}

Test(config, source_prefix)
{
	static const char *const w[] = {
		"web.toml: line 3, column 1: unknown key \"x\"",
		"web.toml: missing [service] table",
	};

	bad_src("web.toml", "\n\nx = 1\n", w, 2);
}

Test(config, from_toml)
{
	struct toml_value *root;
	struct svc_config c;

	cr_assert_eq(toml_parse(A, "[service]\nexec = \"f:x\"\n", 22, &root,
				NULL), 0);
	cr_assert_eq(svc_config_from_toml(A, "t", NULL, root, &c), 0);
	cr_assert_str_eq(c.exec, "f:x");
	svc_config_free(A, &c);
	cr_assert_eq(svc_config_from_toml(A, "t", NULL, NULL, &c),
		     SVC_CONFIG_EINVAL);
	cr_assert_eq(svc_config_from_toml(A, "t", NULL,
					  toml_table_get(root, "service")
						  ->u.table.entries[0].value,
					  &c),
		     SVC_CONFIG_EINVAL);
	toml_free(A, root);
}

/* ---------------------------------------------------------------- equality */

static const char *const full_text =
	"[service]\nexec = \"f:x\"\nargs = [\"1\", \"2\"]\nstdout = \"null\"\n"
	"[service.env]\nB = \"2\"\nA = \"1\"\n"
	"[dependencies]\nafter = [\"p\", \"q\"]\n"
	"[restart]\npolicy = \"on-failure\"\ndelay_ms = 5\nmax_attempts = 7\n";

Test(config, equality)
{
	struct svc_config x, y;

	ok("x", full_text, &x);
	ok("y", "[restart]\nmax_attempts = 7\ndelay_ms = 5\npolicy = \"on-failure\"\n"
		"[service.env]\nA = \"1\"\nB = \"2\"\n"
		"[service]\nstdout = \"null\"\nargs = [\"1\", \"2\"]\nexec = \"f:x\"\n"
		"[dependencies]\nafter = [\"p\", \"q\"]\n", &y);
	/* Names differ, key order differs: still equal. */
	cr_assert(svc_config_equal(&x, &y));
	cr_assert(svc_config_equal(&y, &x));

	/* env is a set: order in the struct does not matter. */
	{
		struct svc_env_var t = y.env[0];

		y.env[0] = y.env[1];
		y.env[1] = t;
		cr_assert(svc_config_equal(&x, &y));
	}
	svc_config_free(A, &y);

#define DIFFERS(text)                                                        \
	do {                                                                 \
		ok("y", text, &y);                                           \
		cr_assert_not(svc_config_equal(&x, &y), "%s", text);         \
		cr_assert_not(svc_config_equal(&y, &x), "%s", text);         \
		svc_config_free(A, &y);                                      \
	} while (0)

	DIFFERS("[service]\nexec = \"f:y\"\nargs = [\"1\", \"2\"]\nstdout = \"null\"\n"
		"[service.env]\nB = \"2\"\nA = \"1\"\n[dependencies]\nafter = [\"p\", \"q\"]\n"
		"[restart]\npolicy = \"on-failure\"\ndelay_ms = 5\nmax_attempts = 7\n");
	DIFFERS("[service]\nexec = \"f:x\"\nargs = [\"2\", \"1\"]\nstdout = \"null\"\n"
		"[service.env]\nB = \"2\"\nA = \"1\"\n[dependencies]\nafter = [\"p\", \"q\"]\n"
		"[restart]\npolicy = \"on-failure\"\ndelay_ms = 5\nmax_attempts = 7\n");
	DIFFERS("[service]\nexec = \"f:x\"\nargs = [\"1\"]\nstdout = \"null\"\n"
		"[service.env]\nB = \"2\"\nA = \"1\"\n[dependencies]\nafter = [\"p\", \"q\"]\n"
		"[restart]\npolicy = \"on-failure\"\ndelay_ms = 5\nmax_attempts = 7\n");
	DIFFERS("[service]\nexec = \"f:x\"\nargs = [\"1\", \"2\"]\nstdout = \"log\"\n"
		"[service.env]\nB = \"2\"\nA = \"1\"\n[dependencies]\nafter = [\"p\", \"q\"]\n"
		"[restart]\npolicy = \"on-failure\"\ndelay_ms = 5\nmax_attempts = 7\n");
	DIFFERS("[service]\nexec = \"f:x\"\nargs = [\"1\", \"2\"]\nstdout = \"null\"\n"
		"[service.env]\nB = \"3\"\nA = \"1\"\n[dependencies]\nafter = [\"p\", \"q\"]\n"
		"[restart]\npolicy = \"on-failure\"\ndelay_ms = 5\nmax_attempts = 7\n");
	DIFFERS("[service]\nexec = \"f:x\"\nargs = [\"1\", \"2\"]\nstdout = \"null\"\n"
		"[service.env]\nC = \"2\"\nA = \"1\"\n[dependencies]\nafter = [\"p\", \"q\"]\n"
		"[restart]\npolicy = \"on-failure\"\ndelay_ms = 5\nmax_attempts = 7\n");
	DIFFERS("[service]\nexec = \"f:x\"\nargs = [\"1\", \"2\"]\nstdout = \"null\"\n"
		"[service.env]\nA = \"1\"\n[dependencies]\nafter = [\"p\", \"q\"]\n"
		"[restart]\npolicy = \"on-failure\"\ndelay_ms = 5\nmax_attempts = 7\n");
	DIFFERS("[service]\nexec = \"f:x\"\nargs = [\"1\", \"2\"]\nstdout = \"null\"\n"
		"[service.env]\nB = \"2\"\nA = \"1\"\n[dependencies]\nafter = [\"q\", \"p\"]\n"
		"[restart]\npolicy = \"on-failure\"\ndelay_ms = 5\nmax_attempts = 7\n");
	DIFFERS("[service]\nexec = \"f:x\"\nargs = [\"1\", \"2\"]\nstdout = \"null\"\n"
		"[service.env]\nB = \"2\"\nA = \"1\"\n[dependencies]\nafter = [\"p\", \"q\"]\n"
		"[restart]\npolicy = \"always\"\ndelay_ms = 5\nmax_attempts = 7\n");
	DIFFERS("[service]\nexec = \"f:x\"\nargs = [\"1\", \"2\"]\nstdout = \"null\"\n"
		"[service.env]\nB = \"2\"\nA = \"1\"\n[dependencies]\nafter = [\"p\", \"q\"]\n"
		"[restart]\npolicy = \"on-failure\"\ndelay_ms = 6\nmax_attempts = 7\n");
	DIFFERS("[service]\nexec = \"f:x\"\nargs = [\"1\", \"2\"]\nstdout = \"null\"\n"
		"[service.env]\nB = \"2\"\nA = \"1\"\n[dependencies]\nafter = [\"p\", \"q\"]\n"
		"[restart]\npolicy = \"on-failure\"\ndelay_ms = 5\n");
	svc_config_free(A, &x);
}

Test(config, clone)
{
	struct svc_config x, y;

	ok("x", full_text, &x);
	cr_assert_eq(svc_config_clone(A, &x, &y), 0);
	cr_assert(svc_config_equal(&x, &y));
	cr_assert_str_eq(y.name, "x");
	cr_assert_neq(y.exec, x.exec);
	svc_config_free(A, &x);
	cr_assert_str_eq(y.env[1].value, "2");
	svc_config_free(A, &y);

	/* Problems are copied too. */
	cr_assert_eq(svc_config_parse(A, "p", NULL, "x = 1", 5, &x),
		     SVC_CONFIG_EINVALID);
	cr_assert_eq(svc_config_clone(A, &x, &y), 0);
	cr_assert_eq(y.n_problems, 2);
	cr_assert_str_eq(y.problems[1], x.problems[1]);
	svc_config_free(A, &x);
	svc_config_free(A, &y);
}

/* ---------------------------------------------------------------- check */

struct collected {
	char text[8][160];
	size_t n;
};

static void collect(void *ctx, const char *problem)
{
	struct collected *c = ctx;

	cr_assert_lt(c->n, 8);
	snprintf(c->text[c->n++], sizeof(c->text[0]), "%s", problem);
}

Test(config, check_hand_built)
{
	char *after[] = { "ok", "b a d" };
	char *args[] = { "x", NULL };
	struct svc_env_var env[] = { { "K", "1" }, { "K", "2" } };
	struct svc_config c = {
		.name = "x y",
		.exec = "noscheme",
		.args = args,
		.n_args = 2,
		.stdout_mode = 7,
		.env = env,
		.n_env = 2,
		.after = after,
		.n_after = 2,
		.policy = 9,
		.delay_ms = UINT64_MAX,
	};
	struct collected got = { 0 };

	cr_assert_eq(svc_config_check(&c, collect, &got), 8);
	cr_assert_str_eq(got.text[0], "invalid service name \"x y\"");
	cr_assert_str_eq(got.text[1],
			 "service.exec \"noscheme\" is empty or not a URI");
	cr_assert_str_eq(got.text[2], "service.args[1] is missing");
	cr_assert_str_eq(got.text[3], "service.stdout has an invalid value");
	cr_assert_str_eq(got.text[4],
			 "service.env: duplicate variable \"K\"");
	cr_assert_str_eq(got.text[5],
			 "dependencies.after: \"b a d\" is not a valid service name");
	cr_assert_str_eq(got.text[6], "restart.policy has an invalid value");
	cr_assert_str_eq(got.text[7], "restart.delay_ms is out of range");

	memset(&got, 0, sizeof(got));
	c = (struct svc_config){ .name = "ok" };
	cr_assert_eq(svc_config_check(&c, collect, &got), 1);
	cr_assert_str_eq(got.text[0],
			 "missing required key \"exec\" in [service]");
	c.exec = "file:/x";
	cr_assert_eq(svc_config_check(&c, NULL, NULL), 0);
}

Test(config, init)
{
	struct svc_config c;

	cr_assert_eq(svc_config_init(A, "n", &c), 0);
	cr_assert_str_eq(c.name, "n");
	cr_assert_null(c.exec);
	cr_assert_eq(c.delay_ms, SVC_DEFAULT_DELAY_MS);
	cr_assert_eq(c.max_attempts, SVC_DEFAULT_MAX_ATTEMPTS);
	svc_config_free(A, &c);
	cr_assert_eq(svc_config_init(A, NULL, &c), SVC_CONFIG_EINVAL);
	cr_assert_eq(svc_config_parse(A, NULL, NULL, "", 0, &c),
		     SVC_CONFIG_EINVAL);
}

/* Every allocation failing in turn: ENOMEM and nothing leaked. */
static void nomem_loop(const char *text)
{
	struct svc_config c, d;
	long total, i;
	int err, want;

	test_cnt.allocs = 0;
	test_cnt.fail_from = 0;
	want = svc_config_parse(A, "n", "src", text, strlen(text), &c);
	cr_assert(want == 0 || want == SVC_CONFIG_EINVALID);
	svc_config_free(A, &c);
	total = test_cnt.allocs;
	for (i = 1; i <= total; i++) {
		test_cnt.allocs = 0;
		test_cnt.fail_from = i;
		err = svc_config_parse(A, "n", "src", text, strlen(text), &c);
		cr_assert_eq(err, SVC_CONFIG_ENOMEM, "fail at %ld: %d", i, err);
		cr_assert_eq(test_cnt.live, 0, "fail at %ld: %ld leaked", i,
			     test_cnt.live);
	}
	test_cnt.fail_from = 0;
	cr_assert_eq(svc_config_parse(A, "n", "src", text, strlen(text), &c),
		     want);
	test_cnt.allocs = 0;
	cr_assert_eq(svc_config_clone(A, &c, &d), 0);
	svc_config_free(A, &d);
	total = test_cnt.allocs;
	for (i = 1; i <= total; i++) {
		test_cnt.allocs = 0;
		test_cnt.fail_from = i;
		cr_assert_eq(svc_config_clone(A, &c, &d), SVC_CONFIG_ENOMEM);
	}
	test_cnt.fail_from = 0;
	svc_config_free(A, &c);
}

Test(config, nomem)
{
	nomem_loop(full_text);
	nomem_loop("x = 1\n[service]\nstdout = 1\n[service.env]\nA = 1\n");
	nomem_loop("[service\n");
}

/* ---------------------------------------------------------------- fstab */

static void mounts(const char *text, int want, struct svc_mounts *m)
{
	int err = svc_mounts_parse(A, text, strlen(text), m);

	cr_assert_eq(err, want, "got %d for:\n%s", err, text);
}

static void warnings_are(const struct svc_mounts *m, const char *const *w,
			 size_t n)
{
	size_t i;

	for (i = 0; i < m->n_warnings && i < n; i++)
		cr_assert_str_eq(m->warnings[i], w[i], "warning %zu:\n got  %s\n want %s",
				 i, m->warnings[i], w[i]);
	cr_assert_eq(m->n_warnings, n, "%zu warnings, want %zu (last: %s)",
		     m->n_warnings, n,
		     m->n_warnings ? m->warnings[m->n_warnings - 1] : "-");
}

#define WARNINGS(m, ...)                                                     \
	do {                                                                 \
		static const char *const w_[] = { __VA_ARGS__ };             \
		warnings_are(m, w_, sizeof(w_) / sizeof(w_[0]));             \
	} while (0)

Test(fstab, schema_example)
{
	struct svc_mounts m;

	mounts("[[mount]]\n"
	       "fstype = \"ext2\"                   # required\n"
	       "device = \"block:/pci/storage/0\"   # optional\n"
	       "mountpoint = \"/mnt\"               # required\n"
	       "optional = false                  # optional\n",
	       0, &m);
	cr_assert_eq(m.n_warnings, 0);
	cr_assert_eq(m.n_entries, 1);
	cr_assert_eq(m.entries[0].index, 1);
	cr_assert_eq(m.entries[0].line, 1);
	cr_assert_str_eq(m.entries[0].fstype, "ext2");
	cr_assert_str_eq(m.entries[0].device, "block:/pci/storage/0");
	cr_assert_str_eq(m.entries[0].mountpoint, "/mnt");
	cr_assert_not(m.entries[0].optional);
	svc_mounts_free(A, &m);
}

Test(fstab, several_and_defaults)
{
	struct svc_mounts m;

	mounts("# mounts\n"
	       "[[mount]]\nfstype = \"ext2\"\nmountpoint = \"/\"\n"
	       "[[mount]]\nfstype = \"ext2\"\ndevice = \"block:/pci/00:04.0\"\n"
	       "mountpoint = \"/data/x\"\noptional = true\n"
	       "[[mount]]\nmountpoint = \"/b\"\nfstype = \"ext2\"\n"
	       "device = \"block:pci/storage/12\"\n",
	       0, &m);
	cr_assert_eq(m.n_warnings, 0);
	cr_assert_eq(m.n_entries, 3);
	cr_assert_str_eq(m.entries[0].mountpoint, "/");
	cr_assert_null(m.entries[0].device);
	cr_assert_not(m.entries[0].optional);
	cr_assert_str_eq(m.entries[1].device, "block:/pci/00:04.0");
	cr_assert(m.entries[1].optional);
	cr_assert_eq(m.entries[1].line, 5);
	cr_assert_eq(m.entries[2].index, 3);
	cr_assert_str_eq(m.entries[2].device, "block:pci/storage/12");
	svc_mounts_free(A, &m);
}

Test(fstab, empty_file)
{
	struct svc_mounts m;

	mounts("", 0, &m);
	cr_assert_eq(m.n_entries, 0);
	cr_assert_eq(m.n_warnings, 0);
	svc_mounts_free(A, &m);
	mounts("# no entries\n", 0, &m);
	cr_assert_eq(m.n_entries, 0);
	svc_mounts_free(A, &m);
}

Test(fstab, bad_entries_are_skipped)
{
	struct svc_mounts m;

	mounts("[[mount]]\nfstype = \"vfat\"\nmountpoint = \"/a\"\n"	/* 1 */
	       "[[mount]]\nfstype = \"ext2\"\nmountpoint = \"/ok\"\n"	/* 2 */
	       "[[mount]]\nfstype = \"ext2\"\nmountpoint = \"rel\"\n"	/* 3 */
	       "[[mount]]\nfstype = \"ext2\"\nmountpoint = \"/t/\"\n"	/* 4 */
	       "[[mount]]\nfstype = \"ext2\"\nmountpoint = \"/initrd\"\n"	/* 5 */
	       "[[mount]]\nfstype = \"ext2\"\nmountpoint = \"/initrd/x\"\n" /* 6 */
	       "[[mount]]\nfstype = \"ext2\"\nmountpoint = \"/ok\"\n"	/* 7 */
	       "[[mount]]\nfstype = \"ext2\"\nmountpoint = \"/d\"\n"
	       "device = \"block:/pci/display/0\"\n"			/* 8 */
	       "[[mount]]\nfstype = \"ext2\"\nmountpoint = \"/d\"\n"
	       "device = \"file:/dev/sda\"\n"				/* 9 */
	       "[[mount]]\nmountpoint = \"/e\"\nsize = 3\n"		/* 10 */
	       "[[mount]]\nfstype = 2\nmountpoint = [\"/f\"]\noptional = \"yes\"\n"
	       "device = 0\n"						/* 11 */
	       "[[mount]]\n"						/* 12 */
	       "[[mount]]\nfstype = \"ext2\"\nmountpoint = \"/a/../b\"\n"	/* 13 */
	       "[[mount]]\nfstype = \"ext2\"\nmountpoint = \"/a//b\"\n"	/* 14 */
	       "[[mount]]\nfstype = \"ext2\"\nmountpoint = \"/initrdx\"\n", /* 15 */
	       0, &m);
	WARNINGS(&m,
		 "fstab entry 1: line 2, column 10: unsupported filesystem type \"vfat\" (only \"ext2\")",
		 "fstab entry 3: line 9, column 14: mountpoint \"rel\" must be an absolute path",
		 "fstab entry 4: line 12, column 14: mountpoint \"/t/\" must not end with '/'",
		 "fstab entry 5: line 15, column 14: mountpoint \"/initrd\" must not be /initrd or lie under it",
		 "fstab entry 6: line 18, column 14: mountpoint \"/initrd/x\" must not be /initrd or lie under it",
		 "fstab entry 7: line 21, column 14: mountpoint \"/ok\" is already used by entry 2",
		 "fstab entry 8: line 25, column 10: device \"block:/pci/display/0\" is not block:/pci/storage/<n> or block:/pci/<bb:dd.f>",
		 "fstab entry 9: line 29, column 10: device \"file:/dev/sda\" is not block:/pci/storage/<n> or block:/pci/<bb:dd.f>",
		 "fstab entry 10: line 32, column 1: unknown key \"size\"",
		 "fstab entry 10: missing required key \"fstype\"",
		 "fstab entry 11: line 34, column 10: fstype must be a string, not an integer",
		 "fstab entry 11: line 35, column 14: mountpoint must be a string, not an array",
		 "fstab entry 11: line 36, column 12: optional must be a boolean, not a string",
		 "fstab entry 11: line 37, column 10: device must be a string, not an integer",
		 "fstab entry 12: missing required key \"fstype\"",
		 "fstab entry 12: missing required key \"mountpoint\"",
		 "fstab entry 13: line 41, column 14: mountpoint \"/a/../b\" must not have empty, '.' or '..' components",
		 "fstab entry 14: line 44, column 14: mountpoint \"/a//b\" must not have empty, '.' or '..' components");
	cr_assert_eq(m.n_entries, 2);
	cr_assert_eq(m.entries[0].index, 2);
	cr_assert_str_eq(m.entries[0].mountpoint, "/ok");
	cr_assert_eq(m.entries[1].index, 15);
	cr_assert_str_eq(m.entries[1].mountpoint, "/initrdx");
	svc_mounts_free(A, &m);
}

Test(fstab, unknown_top_level_is_ignored)
{
	struct svc_mounts m;

	mounts("version = 1\n[[mount]]\nfstype = \"ext2\"\nmountpoint = \"/mnt\"\n"
	       "[options]\n",
	       0, &m);
	WARNINGS(&m, "fstab: line 1, column 1: unknown key \"version\"",
		 "fstab: line 5, column 2: unknown table [options]");
	cr_assert_eq(m.n_entries, 1);
	svc_mounts_free(A, &m);
}

Test(fstab, unusable_files)
{
	struct svc_mounts m;

	mounts("[[mount]]\nfstype = ext2\n", SVC_CONFIG_EINVALID, &m);
	WARNINGS(&m,
		 "fstab: line 2, column 10: invalid value \"ext2\" (strings must be quoted)");
	cr_assert_eq(m.n_entries, 0);
	svc_mounts_free(A, &m);

	mounts("[mount]\nfstype = \"ext2\"\nmountpoint = \"/mnt\"\n",
	       SVC_CONFIG_EINVALID, &m);
	WARNINGS(&m,
		 "fstab: line 1, column 1: mount must be an array of tables ([[mount]]), not a table");
	cr_assert_eq(m.n_entries, 0);
	svc_mounts_free(A, &m);

	mounts("mount = []\n", SVC_CONFIG_EINVALID, &m);
	WARNINGS(&m,
		 "fstab: line 1, column 9: mount must be an array of tables ([[mount]]), not an array");
	svc_mounts_free(A, &m);
	cr_assert_eq(svc_mounts_parse(A, NULL, 1, &m), SVC_CONFIG_EINVAL);
}

Test(fstab, nomem)
{
	static const char text[] =
		"x = 1\n[[mount]]\nfstype = \"ext2\"\nmountpoint = \"/mnt\"\n"
		"[[mount]]\nfstype = \"nfs\"\nmountpoint = \"/b\"\n"
		"[[mount]]\nfstype = \"ext2\"\ndevice = \"block:/pci/storage/1\"\n"
		"mountpoint = \"/c\"\n";
	struct svc_mounts m;
	long total, i;

	mounts(text, 0, &m);
	cr_assert_eq(m.n_entries, 2);
	cr_assert_eq(m.n_warnings, 2);
	svc_mounts_free(A, &m);
	total = test_cnt.allocs;
	for (i = 1; i <= total; i++) {
		test_cnt.allocs = 0;
		test_cnt.fail_from = i;
		cr_assert_eq(svc_mounts_parse(A, text, strlen(text), &m),
			     SVC_CONFIG_ENOMEM, "fail at %ld", i);
		cr_assert_eq(test_cnt.live, 0, "fail at %ld: %ld leaked", i,
			     test_cnt.live);
	}
}
