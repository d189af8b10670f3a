// SPDX-License-Identifier: GPL-2.0
/*
 * pipeline_consumer (tests.md 3.1): the last stage of pipeline_test (no
 * STDOUT, so its result goes to the parent as a Write request).
 *
 *   (no argument)  sums the Int Values on STDIN until the end of the
 *                  stream and outputs Int <sum> with panda_output_value.
 *   --table        collects the Table Values (name, size, ext) on STDIN
 *                  until CHANNEL_CLOSED, merges their rows into one table,
 *                  checks it and outputs it with panda_output_value.
 */
#include <panda/panda.h>
#include <string.h>
#include "../common/check.h"

static int sum_ints(void)
{
	panda_value *v, *res;
	int64_t sum = 0;
	int n = 0, err;

	while ((err = panda_next_value(&v)) > 0) {
		CHECK(v->kind == PANDA_VALUE_INT,
		      "pipeline_consumer: value %d has kind %d, expected Int",
		      n + 1, v->kind);
		sum += v->u.integer;
		n++;
		panda_value_free(v);
	}
	CHECK_EQ("pipeline_consumer: end of the stream", err, 0);
	panda_logf("pipeline_consumer: received %d values, sum = %lld", n,
		   (long long)sum);
	res = panda_value_int(sum);
	err = panda_output_value(res);
	panda_value_free(res);
	CHECK(!err, "pipeline_consumer: output_value: %d (%s)", err,
	      check_name(err));
	panda_log("pipeline_consumer: done");
	return 0;
}

static const struct {
	const char *name, *ext;
	int64_t size;
} want[] = {
	{ "a.txt", "txt", 10 }, { "c.txt", "txt", 300 },
	{ "e.md", "md", 50 }, { "f.c", "c", 999 },
};

static int merge_tables(void)
{
	panda_value *hdr[3] = { panda_value_string("name"),
				panda_value_string("size"),
				panda_value_string("ext") };
	panda_value *all = panda_value_table(3, hdr), *v;
	size_t r, c, rows;
	int err, tables = 0;

	CHECK(all, "pipeline_consumer: table construction failed");
	for (;;) {
		err = panda_read_value(&v);
		if (err < 0)
			break;
		CHECK(v, "pipeline_consumer: zero-length message on STDIN "
		      "(expected CHANNEL_CLOSED as the end of the stream)");
		CHECK(v->kind == PANDA_VALUE_TABLE && v->u.table.cols == 3,
		      "pipeline_consumer: value of kind %d, expected a 3-column Table",
		      v->kind);
		for (r = 0; r < value_table_rows(v); r++) {
			panda_value *cells[3];

			for (c = 0; c < 3; c++)
				cells[c] = panda_value_clone(
					value_table_cell(v, r, c));
			err = panda_table_push_row(all, cells);
			CHECK(!err, "pipeline_consumer: push_row: %d", err);
		}
		panda_value_free(v);
		tables++;
	}
	CHECK_EQ("pipeline_consumer: end of STDIN", err,
		 -PANDA_ERR_CHANNEL_CLOSED);
	CHECK_EQ("pipeline_consumer: tables received", tables, 2);
	rows = value_table_rows(all);
	CHECK_EQ("pipeline_consumer: rows after the filter", rows, 4);
	for (r = 0; r < rows; r++) {
		const panda_value *n = value_table_cell(all, r, 0);
		const panda_value *s = value_table_cell(all, r, 1);
		const panda_value *e = value_table_cell(all, r, 2);

		CHECK(value_is_string(n, want[r].name) &&
		      s->kind == PANDA_VALUE_INT &&
		      s->u.integer == want[r].size &&
		      value_is_string(e, want[r].ext),
		      "pipeline_consumer: row %zu is not (%s, %lld, %s)", r,
		      want[r].name, (long long)want[r].size, want[r].ext);
	}
	panda_logf("pipeline_consumer: received %d tables, %zu rows, table correct",
		   tables, rows);
	err = panda_output_value(all);
	panda_value_free(all);
	CHECK(!err, "pipeline_consumer: output_value: %d (%s)", err,
	      check_name(err));
	panda_log("pipeline_consumer: done (--table)");
	return 0;
}

int main(int argc, char **argv, char **envp)
{
	bool table = argc > 1 && !strcmp(argv[1], "--table");

	panda_logf("pipeline_consumer: starting%s", table ? " (--table)" : "");
	return table ? merge_tables() : sum_ints();
}
