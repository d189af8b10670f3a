// SPDX-License-Identifier: GPL-2.0
/*
 * pipeline_producer (tests.md 3.1): the first stage of pipeline_test.
 *
 *   (no argument)  writes the Values Int 1..10 to STDOUT.
 *   --table        writes two Table Values (columns name, size) of
 *                  file-like rows to STDOUT, for the three-stage pipeline.
 *
 * Exit code 0 when every write succeeded, 1 otherwise ("FAIL: ..." line).
 */
#include <panda/panda.h>
#include <string.h>
#include "../common/check.h"

static int write_ints(void)
{
	int64_t i;
	int err;

	for (i = 1; i <= 10; i++) {
		panda_value *v = panda_value_int(i);

		err = panda_write_value(v);
		panda_value_free(v);
		CHECK(!err, "pipeline_producer: write of Int %lld: %d (%s)",
		      (long long)i, err, check_name(err));
	}
	panda_log("pipeline_producer: done, sent 10 values");
	return 0;
}

/* The rows, batch by batch (the transformer keeps sizes below 1000). */
static const struct {
	const char *name;
	int64_t size;
} rows[2][3] = {
	{ { "a.txt", 10 }, { "b.bin", 2000 }, { "c.txt", 300 } },
	{ { "d.log", 4000 }, { "e.md", 50 }, { "f.c", 999 } },
};

static int write_tables(void)
{
	int b, r, err;

	for (b = 0; b < 2; b++) {
		panda_value *hdr[2] = { panda_value_string("name"),
					panda_value_string("size") };
		panda_value *t = panda_value_table(2, hdr);

		CHECK(t, "pipeline_producer: table construction failed");
		for (r = 0; r < 3; r++) {
			panda_value *cells[2] = {
				panda_value_string(rows[b][r].name),
				panda_value_int(rows[b][r].size) };

			err = panda_table_push_row(t, cells);
			CHECK(!err, "pipeline_producer: push_row: %d (%s)", err,
			      check_name(err));
		}
		err = panda_write_value(t);
		panda_value_free(t);
		CHECK(!err, "pipeline_producer: write of table %d: %d (%s)",
		      b + 1, err, check_name(err));
	}
	panda_log("pipeline_producer: done, sent 2 tables of 3 rows");
	return 0;
}

int main(int argc, char **argv, char **envp)
{
	bool table = argc > 1 && !strcmp(argv[1], "--table");

	panda_logf("pipeline_producer: starting%s", table ? " (--table)" : "");
	return table ? write_tables() : write_ints();
}
