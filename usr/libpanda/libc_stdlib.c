// SPDX-License-Identifier: GPL-2.0
/* Number parsing, sorting and the other small <stdlib.h> functions. */
#include <ctype.h>
#include <panda/envvars.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/*
 * Parse an unsigned magnitude with C's rules for base (0 = auto, 16 may
 * have 0x).  *neg reports a leading '-'.  *overflow is set on overflow.
 */
static unsigned long long parse(const char *s, char **end, int base,
				bool *neg, bool *overflow)
{
	const char *p = s;
	unsigned long long v = 0;
	bool any = false;

	*neg = false;
	*overflow = false;
	while (isspace((unsigned char)*p))
		p++;
	if (*p == '+' || *p == '-')
		*neg = *p++ == '-';
	if ((base == 0 || base == 16) && p[0] == '0' &&
	    (p[1] == 'x' || p[1] == 'X') && isxdigit((unsigned char)p[2])) {
		p += 2;
		base = 16;
	} else if (base == 0) {
		base = *p == '0' ? 8 : 10;
	}
	if (base < 2 || base > 36) {
		if (end)
			*end = (char *)s;
		return 0;
	}
	for (;; p++) {
		int c = (unsigned char)*p, d;

		if (isdigit(c))
			d = c - '0';
		else if (isalpha(c))
			d = tolower(c) - 'a' + 10;
		else
			break;
		if (d >= base)
			break;
		any = true;
		if (v > (ULLONG_MAX - (unsigned int)d) / (unsigned int)base)
			*overflow = true;
		else
			v = v * base + d;
	}
	if (end)
		*end = (char *)(any ? p : s);
	return v;
}

unsigned long long strtoull(const char *s, char **end, int base)
{
	bool neg, overflow;
	unsigned long long v = parse(s, end, base, &neg, &overflow);

	if (overflow)
		return ULLONG_MAX;
	return neg ? -v : v;
}

long long strtoll(const char *s, char **end, int base)
{
	bool neg, overflow;
	unsigned long long v = parse(s, end, base, &neg, &overflow);

	if (neg) {
		if (overflow || v > (unsigned long long)LLONG_MAX + 1)
			return LLONG_MIN;
		return (long long)(0 - v);
	}
	if (overflow || v > LLONG_MAX)
		return LLONG_MAX;
	return (long long)v;
}

unsigned long strtoul(const char *s, char **end, int base)
{
	return strtoull(s, end, base);
}

long strtol(const char *s, char **end, int base)
{
	return strtoll(s, end, base);
}

int atoi(const char *s)
{
	return (int)strtol(s, NULL, 10);
}

long atol(const char *s)
{
	return strtol(s, NULL, 10);
}

long long atoll(const char *s)
{
	return strtoll(s, NULL, 10);
}

int abs(int x)
{
	return x < 0 ? -x : x;
}

long labs(long x)
{
	return x < 0 ? -x : x;
}

long long llabs(long long x)
{
	return x < 0 ? -x : x;
}

static void swap(char *a, char *b, size_t size)
{
	while (size--) {
		char t = *a;

		*a++ = *b;
		*b++ = t;
	}
}

static void sift_down(char *base, size_t root, size_t n, size_t size,
		      int (*cmp)(const void *, const void *))
{
	for (;;) {
		size_t child = 2 * root + 1;

		if (child >= n)
			return;
		if (child + 1 < n &&
		    cmp(base + child * size, base + (child + 1) * size) < 0)
			child++;
		if (cmp(base + root * size, base + child * size) >= 0)
			return;
		swap(base + root * size, base + child * size, size);
		root = child;
	}
}

/* Heapsort: O(n log n) worst case, no allocation, not stable. */
void qsort(void *base, size_t n, size_t size,
	   int (*cmp)(const void *, const void *))
{
	char *b = base;
	size_t i;

	if (n < 2 || !size)
		return;
	for (i = n / 2; i-- > 0;)
		sift_down(b, i, n, size, cmp);
	for (i = n - 1; i > 0; i--) {
		swap(b, b + i * size, size);
		sift_down(b, 0, i, size, cmp);
	}
}

void *bsearch(const void *key, const void *base, size_t n, size_t size,
	      int (*cmp)(const void *, const void *))
{
	const char *b = base;

	while (n) {
		const char *mid = b + (n / 2) * size;
		int c = cmp(key, mid);

		if (!c)
			return (void *)mid;
		if (c > 0) {
			b = mid + size;
			n -= n / 2 + 1;
		} else {
			n /= 2;
		}
	}
	return NULL;
}

static unsigned long long rand_state = 1;

void srand(unsigned int seed)
{
	rand_state = seed;
}

int rand(void)
{
	rand_state = rand_state * 6364136223846793005ull +
		     1442695040888963407ull;
	return (int)(rand_state >> 33);
}

/* getenv & co. over the environment store (panda/envvars.h). */

char *getenv(const char *key)
{
	return (char *)panda_getenv(key);
}

int setenv(const char *key, const char *value, int overwrite)
{
	if (!key || !*key || strchr(key, '='))
		return -1;
	if (!overwrite && panda_getenv(key))
		return 0;
	panda_setenv(key, value);
	return 0;
}

int unsetenv(const char *key)
{
	if (!key || !*key || strchr(key, '='))
		return -1;
	while (panda_unsetenv(key, NULL))
		;
	return 0;
}
