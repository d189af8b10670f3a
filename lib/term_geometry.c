// SPDX-License-Identifier: GPL-2.0
/* The graphical terminal's window geometry (include/lib/term_geometry.h). */
#include <lib/string.h>
#include <lib/term_geometry.h>

/* A decimal number in [0, TERM_GEOMETRY_MAX]; *s moves past it. */
static int number(const char **s, uint32_t *out)
{
	const char *p = *s;
	uint32_t v = 0;

	if (*p < '0' || *p > '9')
		return -1;
	while (*p >= '0' && *p <= '9') {
		v = v * 10 + (uint32_t)(*p++ - '0');
		if (v > TERM_GEOMETRY_MAX)
			return -1;
	}
	*s = p;
	*out = v;
	return 0;
}

int term_geometry_parse(const char *s, struct term_geometry *g)
{
	struct term_geometry r = *g;

	if (!strcmp(s, "full")) {
		g->full = true;
		return 0;
	}
	r.full = false;
	if (number(&s, &r.w) || *s++ != 'x' || number(&s, &r.h))
		return -1;
	if (*s == '+' &&
	    (s++, number(&s, &r.x) || *s++ != '+' || number(&s, &r.y)))
		return -1;
	if (*s || !r.w || !r.h)
		return -1;
	*g = r;
	return 0;
}

int term_geometry_fit(struct term_geometry *g, uint32_t dw, uint32_t dh,
		      uint32_t min_w, uint32_t min_h)
{
	if (g->full) {
		g->x = 0;
		g->y = 0;
		g->w = dw;
		g->h = dh;
	}
	if (g->w > dw)
		g->w = dw;
	if (g->h > dh)
		g->h = dh;
	if (g->x > dw - g->w)
		g->x = dw - g->w;
	if (g->y > dh - g->h)
		g->y = dh - g->h;
	return g->w < min_w || g->h < min_h ? -1 : 0;
}
