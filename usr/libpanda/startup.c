// SPDX-License-Identifier: GPL-2.0
/*
 * The startup message codec (userspace.md 3.15, ipc.md 5.2).  No system
 * calls: the runtime side lives in start.c.
 */
#include <lib/utf8.h>
#include <panda/startup.h>
#include <stdlib.h>
#include <string.h>

#define U16_MAX 0xffffu

static size_t strings_size(const char *const *s, size_t n, bool *ok)
{
	size_t i, total = 0;

	for (i = 0; i < n; i++) {
		size_t len = strlen(s[i]);

		if (len > U16_MAX)
			*ok = false;
		total += 2 + len;
	}
	return total;
}

size_t panda_startup_encoded_size(const char *const *argv, size_t argc,
				  const char *const *keys,
				  const char *const *vals, size_t envc)
{
	bool ok = argc <= U16_MAX && envc <= U16_MAX;
	size_t size = 6;

	if (!ok)
		return SIZE_MAX;
	size += strings_size(argv, argc, &ok);
	size += strings_size(keys, envc, &ok);
	size += strings_size(vals, envc, &ok);
	return ok ? size : SIZE_MAX;
}

static uint8_t *put_u16(uint8_t *p, size_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	return p + 2;
}

static uint8_t *put_str(uint8_t *p, const char *s)
{
	size_t len = strlen(s);

	p = put_u16(p, len);
	memcpy(p, s, len);
	return p + len;
}

int panda_startup_encode(const char *const *argv, size_t argc,
			 const char *const *keys, const char *const *vals,
			 size_t envc, uint8_t *buf, size_t cap, size_t *len)
{
	size_t size = panda_startup_encoded_size(argv, argc, keys, vals, envc);
	uint8_t *p = buf;
	size_t i;

	if (size == SIZE_MAX)
		return PANDA_STARTUP_EINVALID;
	if (size > cap)
		return PANDA_STARTUP_ETOOSMALL;
	p = put_u16(p, PANDA_STARTUP_VERSION);
	p = put_u16(p, argc);
	for (i = 0; i < argc; i++)
		p = put_str(p, argv[i]);
	p = put_u16(p, envc);
	for (i = 0; i < envc; i++) {
		p = put_str(p, keys[i]);
		p = put_str(p, vals[i]);
	}
	*len = (size_t)(p - buf);
	return 0;
}

struct reader {
	const uint8_t *p, *end;
};

static bool get_u16(struct reader *r, size_t *v)
{
	if (r->end - r->p < 2)
		return false;
	*v = r->p[0] | (size_t)r->p[1] << 8;
	r->p += 2;
	return true;
}

/* Skip one string (validating it); its bytes are at *s, *len long. */
static bool get_str(struct reader *r, const char **s, size_t *len)
{
	if (!get_u16(r, len) || (size_t)(r->end - r->p) < *len)
		return false;
	*s = (const char *)r->p;
	if (!utf8_valid(*s, *len))
		return false;
	r->p += *len;
	return true;
}

/* Walk the message; counts and total string bytes. */
static int scan(const uint8_t *buf, size_t len, size_t *argc, size_t *envc,
		size_t *bytes)
{
	struct reader r = { buf, buf + len };
	size_t version, i, n;
	const char *s;

	if (!get_u16(&r, &version))
		return PANDA_STARTUP_EINVALID;
	if (version != PANDA_STARTUP_VERSION)
		return PANDA_STARTUP_EVERSION;
	*bytes = 0;
	if (!get_u16(&r, argc))
		return PANDA_STARTUP_EINVALID;
	for (i = 0; i < *argc; i++) {
		if (!get_str(&r, &s, &n))
			return PANDA_STARTUP_EINVALID;
		*bytes += n + 1;
	}
	if (!get_u16(&r, envc))
		return PANDA_STARTUP_EINVALID;
	for (i = 0; i < 2 * *envc; i++) {
		if (!get_str(&r, &s, &n))
			return PANDA_STARTUP_EINVALID;
		*bytes += n + 1;
	}
	return 0;
}

static char *copy_str(struct reader *r, char **dst)
{
	const char *s;
	size_t n;

	get_str(r, &s, &n);	/* validated by scan() */
	memcpy(*dst, s, n);
	(*dst)[n] = '\0';
	s = *dst;
	*dst += n + 1;
	return (char *)s;
}

int panda_startup_decode(const uint8_t *buf, size_t len,
			 struct panda_startup *out)
{
	size_t argc, envc, bytes, ptrs, i, skip;
	struct reader r = { buf, buf + len };
	char **vec, *str;
	int err;

	memset(out, 0, sizeof(*out));
	err = scan(buf, len, &argc, &envc, &bytes);
	if (err)
		return err;
	/* argv[argc + 1], keys[envc + 1], values[envc + 1], then strings. */
	ptrs = argc + 1 + 2 * (envc + 1);
	vec = malloc(ptrs * sizeof(char *) + bytes);
	if (!vec)
		return -PANDA_ERR_NO_MEMORY;
	str = (char *)(vec + ptrs);
	out->mem = vec;
	out->argc = (int)argc;
	out->argv = vec;
	out->envc = envc;
	out->keys = vec + argc + 1;
	out->values = out->keys + envc + 1;

	get_u16(&r, &skip);
	get_u16(&r, &skip);
	for (i = 0; i < argc; i++)
		out->argv[i] = copy_str(&r, &str);
	out->argv[argc] = NULL;
	get_u16(&r, &skip);
	for (i = 0; i < envc; i++) {
		out->keys[i] = copy_str(&r, &str);
		out->values[i] = copy_str(&r, &str);
	}
	out->keys[envc] = NULL;
	out->values[envc] = NULL;
	return 0;
}

void panda_startup_free(struct panda_startup *s)
{
	free(s->mem);
	memset(s, 0, sizeof(*s));
}
