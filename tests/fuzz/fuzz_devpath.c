// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for lib/devpath.c: any input parses without reading
 * past its length, the result is consistent with its kind, and what
 * parses re-parses identically from its canonical form.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <lib/devpath.h>
#include <lib/string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond) do { if (!(cond)) __builtin_trap(); } while (0)

static void check_reparse(const char *s, size_t len, const struct devpath *p)
{
	struct devpath q;

	CHECK(devpath_parse(s, len, &q) == 0);
	CHECK(q.kind == p->kind && q.class_code == p->class_code &&
	      q.index == p->index && q.bus == p->bus && q.dev == p->dev &&
	      q.fn == p->fn);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	char canon[64];
	struct devpath p;
	const char *name;
	int ret, n;

	ret = devpath_parse(s, size, &p);
	CHECK((ret == 0) == (p.kind != DEVPATH_INVALID));
	switch (p.kind) {
	case DEVPATH_INVALID:
		CHECK(!p.class_code && !p.index && !p.bus && !p.dev && !p.fn);
		break;
	case DEVPATH_ROOT:
		CHECK(size <= 1);
		break;
	case DEVPATH_PCI:
		CHECK(size == 3 || size == 4);
		break;
	case DEVPATH_CLASS:
	case DEVPATH_CLASS_INDEX:
		name = devpath_class_name(p.class_code);
		CHECK(name);
		CHECK(devpath_class_code(name, strlen(name)) == p.class_code);
		CHECK(p.index <= DEVPATH_INDEX_MAX);
		n = p.kind == DEVPATH_CLASS
			? snprintf(canon, sizeof(canon), "/pci/%s", name)
			: snprintf(canon, sizeof(canon), "/pci/%s/%u", name,
				   (unsigned int)p.index);
		check_reparse(canon, (size_t)n, &p);
		break;
	case DEVPATH_BDF:
		CHECK(p.dev <= 0x1f && p.fn <= 7);
		n = devpath_format_bdf(canon, sizeof(canon), p.bus, p.dev,
				       p.fn);
		CHECK(n == 11);
		check_reparse(canon, (size_t)n, &p);
		break;
	default:
		CHECK(0);
	}
	return 0;
}
