// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for lib/tar.c: iterate arbitrary bytes as an archive
 * and look names up, checking the reader's guarantees on every entry.
 */
#include <stdint.h>
#include <stddef.h>
#include <lib/string.h>
#include <lib/tar.h>
#include <lib/utf8.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond) do { if (!(cond)) __builtin_trap(); } while (0)

static volatile unsigned char sink;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char first[TAR_NAME_MAX + 1] = "";
	struct tar_entry e, f;
	struct tar_iter it;
	int ret, n = 0;

	CHECK(tar_iter_init(&it, data, size) == 0);
	while ((ret = tar_next(&it, &e)) == 1) {
		const uint8_t *d = e.data;
		size_t len = strnlen(e.name, sizeof(e.name));

		CHECK(len > 0 && len < sizeof(e.name));
		CHECK(strnlen(e.linkname, sizeof(e.linkname)) <
		      sizeof(e.linkname));
		CHECK(e.type >= TAR_TYPE_FILE && e.type <= TAR_TYPE_OTHER);
		CHECK(e.mode <= 07777);
		CHECK(d >= data + TAR_BLOCK_SIZE && d <= data + size);
		CHECK(e.size <= (uint64_t)(data + size - d));
		if (e.size) {
			/* Let ASan see the first and last data byte. */
			sink = d[0];
			sink = d[e.size - 1];
		}
		(void)utf8_valid(e.name, len);
		if (!n++)
			memcpy(first, e.name, len + 1);
		CHECK((size_t)n <= size / TAR_BLOCK_SIZE);
	}
	CHECK(ret <= 0);
	CHECK(tar_next(&it, &e) == ret);	/* sticky */

	if (first[0]) {
		int r = tar_find(data, size, first, &f);

		CHECK(r == (ret == 0 ? 1 : ret));
		if (r == 1)
			CHECK(!strcmp(f.name, first));
	}
	ret = tar_find(data, size, "./init", &f);
	CHECK(ret <= 1);
	return 0;
}
