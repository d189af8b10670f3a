// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for lib/toml.c and lib/svc_config.c: parse arbitrary
 * bytes as TOML.  A document that parses is written back as canonical
 * TOML (scalars first, then [table] and [[array]] headers) which must
 * parse to the same tree; an error must carry a position inside the
 * input.  The same bytes are read as a service config and as an fstab:
 * problems exactly when reported invalid, a valid config passes
 * svc_config_check() and equals its clone.  Nothing may leak.
 */
#include <stdint.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <lib/string.h>
#include <lib/svc_config.h>
#include <lib/toml.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#include "fuzz_alloc.h"

/* ---------------------------------------------------------------- output */

struct out {
	char *buf;
	size_t len, cap;
};

static void put(struct out *o, const char *s, size_t n)
{
	if (o->len + n + 1 > o->cap) {
		o->cap = (o->len + n + 1) * 2;
		o->buf = realloc(o->buf, o->cap);
		CHECK(o->buf);
	}
	memcpy(o->buf + o->len, s, n);
	o->len += n;
	o->buf[o->len] = '\0';
}

static void puts_(struct out *o, const char *s)
{
	put(o, s, strlen(s));
}

static void put_quoted(struct out *o, const char *s, size_t n)
{
	size_t i;

	put(o, "\"", 1);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[8];

		if (c == '"' || c == '\\') {
			esc[0] = '\\';
			esc[1] = (char)c;
			put(o, esc, 2);
		} else if (c < 0x20 || c == 0x7f) {
			snprintf(esc, sizeof(esc), "\\u%04X", c);
			put(o, esc, 6);
		} else {
			put(o, s + i, 1);
		}
	}
	put(o, "\"", 1);
}

static void put_key(struct out *o, const char *k, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char c = k[i];

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '-'))
			break;
	}
	if (n && i == n)
		put(o, k, n);
	else
		put_quoted(o, k, n);
}

static void put_value(struct out *o, const struct toml_value *v)
{
	char num[32];
	size_t i;

	switch (v->type) {
	case TOML_STRING:
		put_quoted(o, v->u.str.data, v->u.str.len);
		break;
	case TOML_INTEGER:
		snprintf(num, sizeof(num), "%lld", (long long)v->u.integer);
		puts_(o, num);
		break;
	case TOML_BOOLEAN:
		puts_(o, v->u.boolean ? "true" : "false");
		break;
	case TOML_ARRAY:
		puts_(o, "[");
		for (i = 0; i < v->u.array.len; i++) {
			if (i)
				puts_(o, ", ");
			put_value(o, v->u.array.items[i]);
		}
		puts_(o, "]");
		break;
	default:
		CHECK(0);
	}
}

struct path {
	const struct toml_entry *part[TOML_MAX_DEPTH];
	int n;
};

static void put_header(struct out *o, const struct path *p, bool aot)
{
	int i;

	puts_(o, aot ? "[[" : "[");
	for (i = 0; i < p->n; i++) {
		if (i)
			puts_(o, ".");
		put_key(o, p->part[i]->key, p->part[i]->key_len);
	}
	puts_(o, aot ? "]]\n" : "]\n");
}

static bool is_aot(const struct toml_value *v)
{
	return v->type == TOML_ARRAY && v->u.array.of_tables;
}

static void put_table(struct out *o, const struct toml_value *t, struct path *p)
{
	size_t i, k;

	for (i = 0; i < t->u.table.len; i++) {
		const struct toml_entry *e = &t->u.table.entries[i];

		if (e->value->type == TOML_TABLE || is_aot(e->value))
			continue;
		put_key(o, e->key, e->key_len);
		puts_(o, " = ");
		put_value(o, e->value);
		puts_(o, "\n");
	}
	for (i = 0; i < t->u.table.len; i++) {
		const struct toml_entry *e = &t->u.table.entries[i];

		if (e->value->type != TOML_TABLE && !is_aot(e->value))
			continue;
		CHECK(p->n < TOML_MAX_DEPTH);
		p->part[p->n++] = e;
		if (e->value->type == TOML_TABLE) {
			put_header(o, p, false);
			put_table(o, e->value, p);
		} else {
			for (k = 0; k < e->value->u.array.len; k++) {
				put_header(o, p, true);
				put_table(o, e->value->u.array.items[k], p);
			}
		}
		p->n--;
	}
}

/* ---------------------------------------------------------------- compare */

static bool same(const struct toml_value *a, const struct toml_value *b)
{
	size_t i;

	if (a->type != b->type)
		return false;
	switch (a->type) {
	case TOML_STRING:
		return a->u.str.len == b->u.str.len &&
		       !memcmp(a->u.str.data, b->u.str.data, a->u.str.len) &&
		       !a->u.str.data[a->u.str.len];
	case TOML_INTEGER:
		return a->u.integer == b->u.integer;
	case TOML_BOOLEAN:
		return a->u.boolean == b->u.boolean;
	case TOML_ARRAY:
		if (a->u.array.len != b->u.array.len ||
		    a->u.array.of_tables != b->u.array.of_tables)
			return false;
		for (i = 0; i < a->u.array.len; i++)
			if (!same(a->u.array.items[i], b->u.array.items[i]))
				return false;
		return true;
	case TOML_TABLE:
		/* The canonical form moves scalars first: compare as maps. */
		if (a->u.table.len != b->u.table.len)
			return false;
		for (i = 0; i < a->u.table.len; i++) {
			const struct toml_entry *e = &a->u.table.entries[i];
			const struct toml_value *w = toml_table_get(b, e->key);

			CHECK(e->key_len == strlen(e->key));
			if (!w || !same(e->value, w))
				return false;
		}
		return true;
	}
	return false;
}

/* ---------------------------------------------------------------- target */

static void check_config(const char *text, size_t size)
{
	struct svc_config c, d;
	int err = svc_config_parse(&heap, "fuzz", "f", text, size, &c);

	CHECK(err == 0 || err == SVC_CONFIG_EINVALID ||
	      err == SVC_CONFIG_ENOMEM);
	if (err == SVC_CONFIG_ENOMEM)
		return;
	CHECK((err == SVC_CONFIG_EINVALID) == (c.n_problems > 0));
	CHECK(svc_config_check(&c, NULL, NULL) == c.n_problems);
	if (!err) {
		CHECK(c.exec && strchr(c.exec, ':'));
		CHECK(svc_config_clone(&heap, &c, &d) == 0);
		CHECK(svc_config_equal(&c, &d));
		svc_config_free(&heap, &d);
	}
	svc_config_free(&heap, &c);
}

static void check_mounts(const char *text, size_t size)
{
	struct svc_mounts m;
	int err = svc_mounts_parse(&heap, text, size, &m);
	size_t i;

	CHECK(err == 0 || err == SVC_CONFIG_EINVALID ||
	      err == SVC_CONFIG_ENOMEM);
	if (err == SVC_CONFIG_ENOMEM)
		return;
	if (err)
		CHECK(m.n_entries == 0 && m.n_warnings > 0);
	for (i = 0; i < m.n_entries; i++) {
		CHECK(m.entries[i].mountpoint[0] == '/');
		CHECK(!strcmp(m.entries[i].fstype, "ext2"));
	}
	svc_mounts_free(&heap, &m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct toml_value *root, *again;
	struct toml_error e;
	struct out o = { 0 };
	struct path p = { .n = 0 };
	uint32_t lines = 1;
	size_t i;
	int err;

	for (i = 0; i < size; i++)
		lines += data[i] == '\n';

	err = toml_parse(&heap, text, size, &root, &e);
	if (err) {
		CHECK(!root && err == e.code);
		CHECK(err >= TOML_ELIMIT && err != TOML_ENOMEM);
		CHECK(e.line >= 1 && e.line <= lines && e.col >= 1);
		CHECK(e.msg[0] && strlen(e.msg) < sizeof(e.msg));
	} else {
		put_table(&o, root, &p);
		err = toml_parse(&heap, o.buf ? o.buf : "", o.len, &again, &e);
		CHECK(err == 0);
		CHECK(same(root, again));
		CHECK(same(again, root));
		toml_free(&heap, again);
		toml_free(&heap, root);
		free(o.buf);
	}
	CHECK(live == 0);

	check_config(text, size);
	CHECK(live == 0);
	check_mounts(text, size);
	CHECK(live == 0);
	return 0;
}
