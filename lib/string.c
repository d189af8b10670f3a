// SPDX-License-Identifier: GPL-2.0
/*
 * Freestanding string and memory routines.
 *
 * The compiler may recognise a byte loop as a memset/memcpy idiom and
 * replace it with a call to that very function, which would recurse
 * forever here.  GCC is told not to with the optimize attribute below;
 * clang honours -fno-builtin / -ffreestanding for this.
 */
#include <lib/string.h>
#include <stdint.h>

#if defined(__GNUC__) && !defined(__clang__)
#define __no_libcall __attribute__((optimize("no-tree-loop-distribute-patterns")))
#else
#define __no_libcall
#endif

/*
 * memcpy and memset move eight bytes per rep iteration in the kernel and
 * in libpanda; host builds under AddressSanitizer (tests/host) keep the
 * plain loops, whose accesses it can check.
 */
#if defined(__x86_64__) && !defined(__SANITIZE_ADDRESS__)
#define STRING_REP_QWORDS 1
#endif

__no_libcall
void *memcpy(void *dst, const void *src, size_t n)
{
#ifdef STRING_REP_QWORDS
	/*
	 * Eight bytes per iteration, then the tail: under QEMU's TCG every
	 * iteration of a rep string instruction is a separate dispatch, so
	 * a byte-wise rep costs eight times as much (Documentation/
	 * performance.md).  Same speed on hardware without ERMS.
	 */
	void *ret = dst;
	size_t q = n >> 3;

	__asm__ volatile("rep movsq"
			 : "+D"(dst), "+S"(src), "+c"(q)
			 :
			 : "memory");
	n &= 7;
	__asm__ volatile("rep movsb"
			 : "+D"(dst), "+S"(src), "+c"(n)
			 :
			 : "memory");
	return ret;
#else
	unsigned char *d = dst;
	const unsigned char *s = src;

	while (n--)
		*d++ = *s++;
	return dst;
#endif
}

__no_libcall
void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d == s || n == 0)
		return dst;
	/* Unsigned distance: a forward copy is safe unless src < dst < src+n. */
	if ((uintptr_t)d - (uintptr_t)s >= n)
		return memcpy(dst, src, n);

	d += n;
	s += n;
	while (n--)
		*--d = *--s;
	return dst;
}

__no_libcall
void *memset(void *s, int c, size_t n)
{
#ifdef STRING_REP_QWORDS
	/* Eight bytes per iteration, as memcpy. */
	void *ret = s;
	size_t q = n >> 3;
	uint64_t v = 0x0101010101010101ull * (unsigned char)c;

	__asm__ volatile("rep stosq"
			 : "+D"(s), "+c"(q)
			 : "a"(v)
			 : "memory");
	n &= 7;
	__asm__ volatile("rep stosb"
			 : "+D"(s), "+c"(n)
			 : "a"(v)
			 : "memory");
	return ret;
#else
	unsigned char *p = s;

	while (n--)
		*p++ = (unsigned char)c;
	return s;
#endif
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++) {
		if (*x != *y)
			return *x < *y ? -1 : 1;
	}
	return 0;
}

size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return (size_t)(p - s);
}

size_t strnlen(const char *s, size_t maxlen)
{
	size_t n = 0;

	while (n < maxlen && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	const unsigned char *x = (const unsigned char *)a;
	const unsigned char *y = (const unsigned char *)b;

	while (*x && *x == *y) {
		x++;
		y++;
	}
	if (*x == *y)
		return 0;
	return *x < *y ? -1 : 1;
}

int strncmp(const char *a, const char *b, size_t n)
{
	const unsigned char *x = (const unsigned char *)a;
	const unsigned char *y = (const unsigned char *)b;

	for (; n; n--, x++, y++) {
		if (*x != *y)
			return *x < *y ? -1 : 1;
		if (!*x)
			break;
	}
	return 0;
}

char *strchr(const char *s, int c)
{
	char ch = (char)c;

	for (;; s++) {
		if (*s == ch)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

char *strrchr(const char *s, int c)
{
	char ch = (char)c;
	const char *last = NULL;

	for (;; s++) {
		if (*s == ch)
			last = s;
		if (!*s)
			return (char *)last;
	}
}

size_t strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size) {
		size_t n = len < size - 1 ? len : size - 1;

		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}
