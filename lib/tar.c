// SPDX-License-Identifier: GPL-2.0
/*
 * In-memory ustar reader.  See include/lib/tar.h.
 *
 * Header layout (POSIX.1-1988 ustar), offsets in bytes:
 *   0 name[100]  100 mode[8]  108 uid[8]  116 gid[8]  124 size[12]
 *   136 mtime[12]  148 chksum[8]  156 typeflag  157 linkname[100]
 *   257 magic[6]  263 version[2]  265 uname[32]  297 gname[32]
 *   329 devmajor[8]  337 devminor[8]  345 prefix[155]  500 pad[12]
 * GNU tar uses magic "ustar " + version " \0" and reuses the prefix area
 * for other data, so the prefix is only honoured for POSIX archives.
 */
#include <lib/string.h>
#include <lib/tar.h>
#include <stdbool.h>

#define OFF_NAME	0
#define OFF_MODE	100
#define OFF_UID		108
#define OFF_GID		116
#define OFF_SIZE	124
#define OFF_MTIME	136
#define OFF_CHKSUM	148
#define OFF_TYPE	156
#define OFF_LINK	157
#define OFF_MAGIC	257
#define OFF_VERSION	263
#define OFF_PREFIX	345

#define LEN_NAME	100
#define LEN_LINK	100
#define LEN_PREFIX	155
#define LEN_CHKSUM	8

static bool is_zero_block(const unsigned char *h)
{
	size_t i;

	for (i = 0; i < TAR_BLOCK_SIZE; i++) {
		if (h[i])
			return false;
	}
	return true;
}

/*
 * Parse a numeric field: optional leading spaces, octal digits, then only
 * NULs or spaces up to the end of the field.  An empty field reads as 0.
 * GNU base-256 (first byte 0x80, big-endian) is accepted if allow_b256.
 */
static int parse_num(const unsigned char *f, size_t len, uint64_t max,
		     bool allow_b256, uint64_t *out)
{
	uint64_t v = 0;
	size_t i = 0;

	if (allow_b256 && f[0] == 0x80) {
		for (i = 1; i < len; i++) {
			if (v > (UINT64_MAX >> 8))
				return TAR_EBADNUM;
			v = (v << 8) | f[i];
		}
		if (v > max)
			return TAR_EBADNUM;
		*out = v;
		return 0;
	}

	while (i < len && f[i] == ' ')
		i++;
	for (; i < len && f[i] >= '0' && f[i] <= '7'; i++) {
		if (v > (UINT64_MAX >> 3))
			return TAR_EBADNUM;
		v = (v << 3) | (uint64_t)(f[i] - '0');
	}
	for (; i < len; i++) {
		if (f[i] != ' ' && f[i] != '\0')
			return TAR_EBADNUM;
	}
	if (v > max)
		return TAR_EBADNUM;
	*out = v;
	return 0;
}

static int check_checksum(const unsigned char *h)
{
	uint64_t want;
	uint32_t usum = 0;
	int32_t ssum = 0;
	size_t i;
	int ret;

	ret = parse_num(h + OFF_CHKSUM, LEN_CHKSUM, UINT32_MAX, false, &want);
	if (ret)
		return TAR_ECHECKSUM;
	for (i = 0; i < TAR_BLOCK_SIZE; i++) {
		unsigned char c = h[i];

		if (i >= OFF_CHKSUM && i < OFF_CHKSUM + LEN_CHKSUM)
			c = ' ';
		usum += c;
		ssum += (signed char)c;
	}
	if (want == usum || (ssum >= 0 && want == (uint64_t)ssum))
		return 0;
	return TAR_ECHECKSUM;
}

/*
 * Normalise src[0..len) into dst (TAR_NAME_MAX + 1 bytes): drop leading
 * "./" and "/" runs and trailing "/"; what was only such runs becomes ".".
 * Returns the resulting length, or TAR_ENAMETOOLONG.
 */
static int normalise(char *dst, const char *src, size_t len)
{
	size_t skip = 0;

	for (;;) {
		if (skip < len && src[skip] == '/')
			skip++;
		else if (len - skip >= 2 && src[skip] == '.' &&
			 src[skip + 1] == '/')
			skip += 2;
		else if (len - skip == 1 && src[skip] == '.' && skip)
			skip++;		/* "./." and "/." are the root too */
		else
			break;
	}
	src += skip;
	len -= skip;
	while (len && src[len - 1] == '/')
		len--;
	if (!len && skip) {
		src = ".";
		len = 1;
	}
	if (len > TAR_NAME_MAX)
		return TAR_ENAMETOOLONG;
	memcpy(dst, src, len);
	dst[len] = '\0';
	return (int)len;
}

static int parse_header(const unsigned char *h, struct tar_entry *e)
{
	/* prefix + '/' + name */
	char path[LEN_PREFIX + 1 + LEN_NAME];
	size_t nlen, plen = 0;
	uint64_t v;
	bool posix;
	int ret;

	ret = check_checksum(h);
	if (ret)
		return ret;

	if (memcmp(h + OFF_MAGIC, "ustar", 5))
		return TAR_EBADHDR;
	if (h[OFF_MAGIC + 5] == '\0' && h[OFF_VERSION] == '0' &&
	    h[OFF_VERSION + 1] == '0')
		posix = true;
	else if (h[OFF_MAGIC + 5] == ' ' && h[OFF_VERSION] == ' ' &&
		 h[OFF_VERSION + 1] == '\0')
		posix = false;
	else
		return TAR_EBADHDR;

	/*
	 * Names fill their field without a NUL when they are exactly the
	 * field size; they never extend past it.
	 */
	nlen = strnlen((const char *)h + OFF_NAME, LEN_NAME);
	if (!nlen)
		return TAR_EBADHDR;
	if (posix)
		plen = strnlen((const char *)h + OFF_PREFIX, LEN_PREFIX);
	if (plen) {
		memcpy(path, h + OFF_PREFIX, plen);
		path[plen++] = '/';
	}
	memcpy(path + plen, h + OFF_NAME, nlen);
	ret = normalise(e->name, path, plen + nlen);
	if (ret < 0)
		return ret;

	nlen = strnlen((const char *)h + OFF_LINK, LEN_LINK);
	memcpy(e->linkname, h + OFF_LINK, nlen);
	e->linkname[nlen] = '\0';

	if ((ret = parse_num(h + OFF_MODE, 8, 07777777, false, &v)))
		return ret;
	e->mode = (uint32_t)(v & 07777);
	if ((ret = parse_num(h + OFF_UID, 8, UINT32_MAX, true, &v)))
		return ret;
	e->uid = (uint32_t)v;
	if ((ret = parse_num(h + OFF_GID, 8, UINT32_MAX, true, &v)))
		return ret;
	e->gid = (uint32_t)v;
	if ((ret = parse_num(h + OFF_MTIME, 12, UINT64_MAX, true, &v)))
		return ret;
	e->mtime = v;
	if ((ret = parse_num(h + OFF_SIZE, 12, UINT64_MAX, true, &v)))
		return ret;
	e->size = v;

	e->typeflag = (char)h[OFF_TYPE];
	switch (h[OFF_TYPE]) {
	case '0':
	case '\0':
	case '7':
		e->type = TAR_TYPE_FILE;
		break;
	case '5':
		e->type = TAR_TYPE_DIR;
		break;
	case '2':
		e->type = TAR_TYPE_SYMLINK;
		if (!e->linkname[0])
			return TAR_EBADHDR;
		break;
	default:
		e->type = TAR_TYPE_OTHER;
		break;
	}
	return 0;
}

int tar_iter_init(struct tar_iter *it, const void *data, size_t size)
{
	if (!it)
		return TAR_EINVAL;
	it->data = data;
	it->size = size;
	it->off = 0;
	it->state = 1;
	if (!data && size) {
		it->size = 0;
		it->state = TAR_EINVAL;
		return TAR_EINVAL;
	}
	return 0;
}

static int iter_fail(struct tar_iter *it, int err)
{
	it->state = err;
	return err;
}

int tar_next(struct tar_iter *it, struct tar_entry *e)
{
	const unsigned char *h;
	size_t avail, pad;
	int ret;

	if (!it || !e)
		return TAR_EINVAL;
	if (it->state <= 0)
		return it->state;

	/* off never exceeds size (see below). */
	avail = it->size - it->off;
	if (avail == 0) {
		it->state = 0;
		return 0;
	}
	if (avail < TAR_BLOCK_SIZE)
		return iter_fail(it, TAR_ETRUNC);

	h = it->data + it->off;
	if (is_zero_block(h)) {
		/* End: a second zero block, or no more data at all. */
		avail -= TAR_BLOCK_SIZE;
		if (avail == 0 ||
		    (avail >= TAR_BLOCK_SIZE && is_zero_block(h + TAR_BLOCK_SIZE))) {
			it->state = 0;
			return 0;
		}
		return iter_fail(it, avail < TAR_BLOCK_SIZE ? TAR_ETRUNC :
				 TAR_EBADHDR);
	}

	ret = parse_header(h, e);
	if (ret)
		return iter_fail(it, ret);

	avail -= TAR_BLOCK_SIZE;
	if (e->size > avail)
		return iter_fail(it, TAR_ETRUNC);
	e->data = h + TAR_BLOCK_SIZE;

	/* Skip the data and its padding; e->size <= avail here. */
	avail -= (size_t)e->size;
	pad = (size_t)(-e->size & (TAR_BLOCK_SIZE - 1));
	if (pad > avail) {
		/* Report this entry, fail on the next call. */
		it->off = it->size;
		it->state = TAR_ETRUNC;
		return 1;
	}
	it->off += TAR_BLOCK_SIZE + (size_t)e->size + pad;
	return 1;
}

int tar_find(const void *data, size_t size, const char *name,
	     struct tar_entry *e)
{
	char want[TAR_NAME_MAX + 1];
	struct tar_entry cur;
	struct tar_iter it;
	bool found = false, match;
	int ret;

	if (!name || !e)
		return TAR_EINVAL;
	/*
	 * A name too long to match anything still gets the archive
	 * checked, so that corruption is reported consistently.
	 */
	match = normalise(want, name, strlen(name)) >= 0;

	ret = tar_iter_init(&it, data, size);
	if (ret)
		return ret;
	while ((ret = tar_next(&it, &cur)) > 0) {
		if (match && !strcmp(cur.name, want)) {
			*e = cur;
			found = true;
		}
	}
	if (ret < 0)
		return ret;
	return found;
}

const char *tar_strerror(int err)
{
	switch (err) {
	case 0:
		return "success";
	case TAR_EINVAL:
		return "invalid argument";
	case TAR_ETRUNC:
		return "truncated archive";
	case TAR_ECHECKSUM:
		return "header checksum mismatch";
	case TAR_EBADHDR:
		return "malformed header";
	case TAR_EBADNUM:
		return "malformed numeric field";
	case TAR_ENAMETOOLONG:
		return "name too long";
	default:
		return "unknown error";
	}
}
