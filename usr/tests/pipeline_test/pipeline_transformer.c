// SPDX-License-Identifier: GPL-2.0
/*
 * pipeline_transformer: the middle stage of pipeline_test's three-stage
 * pipeline (producer --table | transformer | consumer --table).
 *
 * Reads Table Values (name, size) from STDIN until the stream ends, which
 * must be CHANNEL_CLOSED (the producer exited and the parent closed its
 * copies of the channel ends).  For each table it keeps the rows with
 * size < 1000 and adds a third column "ext" (the name's extension), and
 * writes the new table to STDOUT.
 */
#include <panda/panda.h>
#include <string.h>
#include "../common/check.h"

static int transform(const panda_value *in, panda_value **out, int *kept)
{
	panda_value *hdr[3] = { panda_value_string("name"),
				panda_value_string("size"),
				panda_value_string("ext") };
	panda_value *t = panda_value_table(3, hdr);
	size_t r, rows = value_table_rows(in);
	int err;

	CHECK(t, "pipeline_transformer: table construction failed");
	CHECK(in->u.table.cols == 2 && in->u.table.has_headers &&
	      value_is_string(in->u.table.headers[0], "name") &&
	      value_is_string(in->u.table.headers[1], "size"),
	      "pipeline_transformer: input table has %u columns, not name/size",
	      in->u.table.cols);
	for (r = 0; r < rows; r++) {
		const panda_value *name = value_table_cell(in, r, 0);
		const panda_value *size = value_table_cell(in, r, 1);
		const char *dot;
		panda_value *cells[3];

		CHECK(name && name->kind == PANDA_VALUE_STRING && size &&
		      size->kind == PANDA_VALUE_INT,
		      "pipeline_transformer: row %zu has the wrong kinds", r);
		if (size->u.integer >= 1000)
			continue;
		dot = memchr(name->u.str.data, '.', name->u.str.len);
		cells[0] = panda_value_clone(name);
		cells[1] = panda_value_clone(size);
		cells[2] = dot ? panda_value_string_n(dot + 1,
				name->u.str.len - (dot + 1 - name->u.str.data))
			       : panda_value_string("");
		err = panda_table_push_row(t, cells);
		CHECK(!err, "pipeline_transformer: push_row: %d (%s)", err,
		      check_name(err));
		(*kept)++;
	}
	*out = t;
	return 0;
}

int main(int argc, char **argv, char **envp)
{
	panda_value *v, *t;
	int err, tables = 0, kept = 0;

	panda_log("pipeline_transformer: starting");
	for (;;) {
		err = panda_read_value(&v);
		if (err < 0)
			break;
		CHECK(v, "pipeline_transformer: zero-length message on STDIN "
		      "(expected CHANNEL_CLOSED as the end of the stream)");
		CHECK(v->kind == PANDA_VALUE_TABLE,
		      "pipeline_transformer: value of kind %d, expected a Table",
		      v->kind);
		TRY(transform(v, &t, &kept));
		panda_value_free(v);
		err = panda_write_value(t);
		panda_value_free(t);
		CHECK(!err, "pipeline_transformer: write: %d (%s)", err,
		      check_name(err));
		tables++;
	}
	CHECK_EQ("pipeline_transformer: end of STDIN", err,
		 -PANDA_ERR_CHANNEL_CLOSED);
	panda_logf("pipeline_transformer: done, %d tables in, %d rows kept",
		   tables, kept);
	return 0;
}
