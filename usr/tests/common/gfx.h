/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers of the graphics suites (surface_test, window_test,
 * multi_window_test, alpha_test, partial_refresh_test, window_move_test;
 * tests.md 3): checked system calls, pixel buffers, windows, and the end
 * of a screenshot suite.  Header-only (a .c file in usr/tests/common would be
 * linked into every suite).
 *
 * A failed check logs "FAIL: <what>: <value> (<error name>)" and exits 1:
 * the screenshot runner then fails on the missing marker.
 */
#ifndef _USR_TESTS_GFX_H
#define _USR_TESTS_GFX_H

#include <panda/panda.h>
#include <stdio.h>
#include <string.h>

#define GFX_RED		0xffff0000u
#define GFX_GREEN	0xff00ff00u
#define GFX_BLUE	0xff0000ffu
#define GFX_WHITE	0xffffffffu
#define GFX_YELLOW	0xffffff00u

static inline void gfx_fail(const char *what, long v)
{
	char msg[160];

	snprintf(msg, sizeof(msg), "FAIL: %s: %ld (%s)", what, v,
		 v < 0 ? panda_errname((int)v) : "ok");
	panda_log(msg);
	panda_sys_exit(1);
}

/* expr must return 0. */
#define GFX_OK(expr)							\
	do {								\
		long __v = (expr);					\
		if (__v != 0)						\
			gfx_fail(#expr, __v);				\
	} while (0)

/* expr must fail with exactly -err. */
#define GFX_ERR(expr, err)						\
	do {								\
		long __v = (expr);					\
		if (__v != -(long)(err))				\
			gfx_fail(#expr " (expected " #err ")", __v);	\
	} while (0)

static inline panda_handle_t gfx_open(const char *uri)
{
	long h = panda_sys_open(uri, strlen(uri), 0, 0);

	if (h < 0)
		gfx_fail(uri, h);
	if (panda_handle_tag((panda_handle_t)h) != PANDA_TAG_SURFACE)
		gfx_fail("surface handle tag", h);
	return (panda_handle_t)h;
}

struct gfx_pixbuf {
	panda_handle_t h;
	uint32_t w, height;
	uint32_t *px;
};

/* A shared buffer of w * h pixels, all colour. */
static inline void gfx_pixbuf(struct gfx_pixbuf *pb, uint32_t w, uint32_t h,
			      uint32_t colour)
{
	struct panda_buffer_info info;
	long r = panda_sys_buffer_alloc((size_t)w * h * 4, &info);
	size_t i;

	if (r < 0)
		gfx_fail("buffer alloc", r);
	pb->h = (panda_handle_t)r;
	pb->w = w;
	pb->height = h;
	pb->px = (uint32_t *)(uintptr_t)info.addr;
	for (i = 0; i < (size_t)w * h; i++)
		pb->px[i] = colour;
}

static inline void gfx_pixbuf_rect(struct gfx_pixbuf *pb, uint32_t x,
				   uint32_t y, uint32_t w, uint32_t h,
				   uint32_t colour)
{
	uint32_t i, j;

	for (j = y; j < y + h && j < pb->height; j++)
		for (i = x; i < x + w && i < pb->w; i++)
			pb->px[(size_t)j * pb->w + i] = colour;
}

static inline long gfx_blit(panda_handle_t s, const struct gfx_pixbuf *pb,
			    uint32_t x, uint32_t y)
{
	struct panda_blit_params p = { x, y, pb->w, pb->height, pb->h };

	return panda_sys_surface_blit(s, &p);
}

static inline long gfx_place(panda_handle_t win, uint32_t x, uint32_t y,
			     uint32_t w, uint32_t h, uint32_t visible)
{
	struct panda_update_params p = { x, y, w, h, visible };

	return panda_sys_surface_update_params(win, &p);
}

/* A visible window filled with one colour, blitted and flushed. */
static inline panda_handle_t gfx_window(uint32_t x, uint32_t y, uint32_t w,
					uint32_t h, uint32_t colour)
{
	panda_handle_t win = gfx_open("surface:/window");
	struct gfx_pixbuf pb;

	GFX_OK(gfx_place(win, x, y, w, h, 1));
	gfx_pixbuf(&pb, w, h, colour);
	GFX_OK(gfx_blit(win, &pb, 0, 0));
	GFX_OK(panda_sys_surface_flush(win, NULL));
	GFX_OK(panda_sys_buffer_free(pb.h));
	return win;
}

/* The screen is final: tell the runner, then wait to be stopped. */
static inline __attribute__((noreturn)) void gfx_screenshot_ready(void)
{
	panda_screenshot_ready();
	for (;;)
		panda_sys_mailbox_wait(PANDA_HANDLE_MAILBOX);
}

#endif /* _USR_TESTS_GFX_H */
