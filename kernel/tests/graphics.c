// SPDX-License-Identifier: GPL-2.0
/*
 * graphics: the virtio-gpu display and the compositor from inside the
 * kernel (graphics.md 2, 4-6; devices.md 8), checked on the framebuffer
 * pixels themselves: the mode and row layout, the desktop colour at
 * boot, window stacking, moves and hides repainting the vacated area,
 * translucent windows with the exact double blend (6.4), linear store
 * resizing (4.7), the blit and fill bounds, frames that paint nothing,
 * and the speed of the row routines and of whole frames (logged).
 *
 * Runs before init, with the compositor task started: the tests wait
 * for frames by yielding until the frame counter moves.
 */
#include <lib/pixels.h>
#include <lib/string.h>
#include <panda/compositor.h>
#include <panda/errno.h>
#include <panda/ktest.h>
#include <panda/mm.h>
#include <panda/printk.h>
#include <panda/sched.h>
#include <panda/surface.h>
#include <panda/time.h>

static const struct framebuffer *fb;

static uint32_t px(uint32_t x, uint32_t y)
{
	return fb->rows[y][x];
}

static uint64_t frames(void)
{
	struct compositor_stats st;

	compositor_get_stats(&st);
	return st.frames;
}

/* Until n more frames have completed (the first may be under way). */
static void wait_frames(unsigned int n)
{
	uint64_t target = frames() + n + 1;

	while (frames() < target)
		yield();
}

static void place(struct window *w, uint32_t x, uint32_t y, uint32_t wd,
		  uint32_t ht, uint32_t visible)
{
	struct panda_update_params p = { x, y, wd, ht, visible };

	KTEST_ASSERT_EQ(window_update(w, &p), 0);
}

/* Blits wd x ht pixels of one colour at (x, y) of the window. */
static int blit_colour(struct window *w, uint32_t x, uint32_t y, uint32_t wd,
		       uint32_t ht, uint32_t colour)
{
	uint64_t n = (uint64_t)wd * ht, i;
	uint32_t *p = kmalloc(n * 4 + 4);
	struct panda_blit_params bp = { x, y, wd, ht, 0 };
	struct pix_source src;
	int ret;

	KTEST_ASSERT(p);
	for (i = 0; i < n; i++)
		p[i] = colour;
	pix_source_memory(&src, p, n * 4);
	ret = window_blit(w, &bp, &src);
	kfree(p);
	return ret;
}

static struct window *solid_window(uint32_t x, uint32_t y, uint32_t wd,
				   uint32_t ht, uint32_t colour)
{
	struct window *w = window_create();

	KTEST_ASSERT(w);
	place(w, x, y, wd, ht, 1);
	KTEST_ASSERT_EQ(blit_colour(w, 0, 0, wd, ht, colour), 0);
	return w;
}

KTEST(graphics, display_mode_and_rows)
{
	uint32_t y;

	fb = display_framebuffer();
	KTEST_ASSERT(fb);
	/* QEMU's default virtio-gpu (devices.md 8.3). */
	KTEST_ASSERT_EQ(fb->width, 1280);
	KTEST_ASSERT_EQ(fb->height, 800);
	KTEST_ASSERT_EQ(fb->stride, 1280 * 4);
	for (y = 1; y < fb->height; y++)
		KTEST_ASSERT((uint8_t *)fb->rows[y] - (uint8_t *)fb->rows[y - 1] ==
			     fb->stride);
	KTEST_ASSERT_EQ(display_flush(0, 0, fb->width, fb->height), 0);
	/* Clipped, or entirely off screen: nothing to do, no error. */
	KTEST_ASSERT_EQ(display_flush(1200, 700, 500, 500), 0);
	KTEST_ASSERT_EQ(display_flush(1280, 0, 10, 10), 0);
	KTEST_ASSERT_EQ(display_flush(10, 10, 0, 10), 0);
}

KTEST(graphics, desktop_colour_at_boot)
{
	uint32_t y, x;

	for (y = 0; y < fb->height; y += 37)
		for (x = 0; x < fb->width; x += 41)
			KTEST_ASSERT_EQ(px(x, y), DESKTOP_COLOUR);
	KTEST_ASSERT_EQ(px(fb->width - 1, fb->height - 1), DESKTOP_COLOUR);
}

KTEST(graphics, frames_count_without_painting)
{
	struct compositor_stats a, b;
	struct panda_fill_params f = { 600, 600, 10, 10, 0xff123456u };

	/* fb0 drawing stays until something dirty covers it (4.5). */
	KTEST_ASSERT_EQ(fb_fill(&f), 0);
	compositor_get_stats(&a);
	wait_frames(3);
	compositor_get_stats(&b);
	KTEST_ASSERT(b.frames >= a.frames + 3);
	KTEST_ASSERT_EQ(b.painted_frames, a.painted_frames);
	KTEST_ASSERT_EQ(px(605, 605), 0xff123456u);
}

KTEST(graphics, window_stacking_and_close)
{
	struct window *red = solid_window(50, 50, 300, 200, 0xffff0000u);
	struct window *blue = solid_window(150, 100, 300, 200, 0xff0000ffu);
	struct panda_surface_info info;

	KTEST_ASSERT(window_id(blue) > window_id(red));
	window_info(blue, &info);
	KTEST_ASSERT(info.width == 300 && info.height == 200 &&
		     info.stride == 1200 && info.format == 0);
	wait_frames(1);
	KTEST_ASSERT_EQ(px(50, 50), 0xffff0000u);
	KTEST_ASSERT_EQ(px(149, 99), 0xffff0000u);
	KTEST_ASSERT_EQ(px(150, 100), 0xff0000ffu);	/* later on top */
	KTEST_ASSERT_EQ(px(349, 249), 0xff0000ffu);
	KTEST_ASSERT_EQ(px(449, 299), 0xff0000ffu);
	KTEST_ASSERT_EQ(px(450, 300), DESKTOP_COLOUR);
	KTEST_ASSERT_EQ(px(49, 49), DESKTOP_COLOUR);
	/* Closing the top window uncovers the one beneath. */
	window_destroy(blue);
	wait_frames(1);
	KTEST_ASSERT_EQ(px(150, 100), 0xffff0000u);
	KTEST_ASSERT_EQ(px(400, 280), DESKTOP_COLOUR);
	window_destroy(red);
	wait_frames(1);
	KTEST_ASSERT_EQ(px(60, 60), DESKTOP_COLOUR);
}

KTEST(graphics, move_and_hide_repaint_vacated_area)
{
	struct window *w = solid_window(50, 50, 200, 150, 0xffff0000u);

	wait_frames(1);
	KTEST_ASSERT_EQ(px(50, 50), 0xffff0000u);
	place(w, 300, 200, 200, 150, 1);
	wait_frames(1);
	KTEST_ASSERT_EQ(px(50, 50), DESKTOP_COLOUR);	/* Panda-C 4.7 */
	KTEST_ASSERT_EQ(px(249, 199), DESKTOP_COLOUR);
	KTEST_ASSERT_EQ(px(300, 200), 0xffff0000u);	/* pixels kept */
	KTEST_ASSERT_EQ(px(499, 349), 0xffff0000u);
	place(w, 300, 200, 200, 150, 0);		/* hidden */
	wait_frames(1);
	KTEST_ASSERT_EQ(px(300, 200), DESKTOP_COLOUR);
	/* Off the screen's edge: clipped. */
	place(w, 1200, 750, 200, 150, 1);
	wait_frames(1);
	KTEST_ASSERT_EQ(px(1279, 799), 0xffff0000u);
	KTEST_ASSERT_EQ(px(1199, 749), DESKTOP_COLOUR);
	place(w, 0xfffffff0u, 0xfffffff0u, 200, 150, 1);	/* far away */
	wait_frames(1);
	KTEST_ASSERT_EQ(px(1279, 799), DESKTOP_COLOUR);
	window_destroy(w);
}

KTEST(graphics, translucent_windows_blend_twice)
{
	struct window *r = solid_window(50, 50, 350, 250, 0x99ff0000u);
	struct window *g = solid_window(180, 90, 350, 250, 0x9900ff00u);
	struct window *b = solid_window(115, 170, 350, 250, 0x990000ffu);

	wait_frames(1);
	/* graphics.md 6.4's table. */
	KTEST_ASSERT_EQ(px(60, 60), PIXEL_RGBA(110, 20, 25, 255));
	KTEST_ASSERT_EQ(px(500, 100), PIXEL_RGBA(18, 112, 25, 255));
	KTEST_ASSERT_EQ(px(130, 400), PIXEL_RGBA(18, 20, 117, 255));
	KTEST_ASSERT_EQ(px(300, 100), PIXEL_RGBA(44, 99, 10, 255));
	KTEST_ASSERT_EQ(px(130, 200), PIXEL_RGBA(44, 8, 101, 255));
	KTEST_ASSERT_EQ(px(450, 300), PIXEL_RGBA(7, 44, 101, 255));
	KTEST_ASSERT_EQ(px(300, 200), PIXEL_RGBA(17, 39, 95, 255));
	/* A second blit over the same store blends with what is there. */
	KTEST_ASSERT_EQ(blit_colour(r, 0, 0, 1, 1, 0x99ff0000u), 0);
	wait_frames(1);
	KTEST_ASSERT_EQ(px(50, 50),
			pixel_blend(DESKTOP_COLOUR,
				    pixel_blend_store(PIXEL_RGBA(153, 0, 0, 153),
						      0x99ff0000u)));
	window_destroy(b);
	window_destroy(g);
	window_destroy(r);
	wait_frames(1);
	KTEST_ASSERT_EQ(px(300, 200), DESKTOP_COLOUR);
}

KTEST(graphics, store_resizes_linearly)
{
	struct window *w = window_create();
	uint32_t pix[8], i;
	struct panda_blit_params bp = { 0, 0, 4, 2, 0 };
	struct pix_source src;

	KTEST_ASSERT(w);
	place(w, 10, 10, 4, 2, 1);
	for (i = 0; i < 8; i++)
		pix[i] = 0xff000000u | (i + 1);
	pix_source_memory(&src, pix, sizeof(pix));
	KTEST_ASSERT_EQ(window_blit(w, &bp, &src), 0);
	/* 2 x 4: the same bytes, two per row. */
	place(w, 10, 10, 2, 4, 1);
	wait_frames(1);
	for (i = 0; i < 8; i++)
		KTEST_ASSERT_EQ(px(10 + i % 2, 10 + i / 2), 0xff000000u | (i + 1));
	KTEST_ASSERT_EQ(px(12, 10), DESKTOP_COLOUR);
	/* 3 x 3: one more pixel, zero (transparent: the desktop shows). */
	place(w, 10, 10, 3, 3, 1);
	wait_frames(1);
	KTEST_ASSERT_EQ(px(10, 10), 0xff000001u);
	KTEST_ASSERT_EQ(px(11, 12), 0xff000008u);
	KTEST_ASSERT_EQ(px(12, 12), DESKTOP_COLOUR);
	/* Shrink to 1 x 1 and back: the dropped bytes come back zero. */
	place(w, 10, 10, 1, 1, 1);
	place(w, 10, 10, 3, 3, 1);
	wait_frames(1);
	KTEST_ASSERT_EQ(px(10, 10), 0xff000001u);
	KTEST_ASSERT_EQ(px(11, 10), DESKTOP_COLOUR);
	/* A store of several frames: rows cross page boundaries. */
	place(w, 0, 0, 1000, 700, 1);
	KTEST_ASSERT_EQ(blit_colour(w, 0, 0, 1000, 700, 0xff00ff00u), 0);
	KTEST_ASSERT_EQ(blit_colour(w, 999, 699, 1, 1, 0xffffffffu), 0);
	wait_frames(1);
	KTEST_ASSERT_EQ(px(0, 0), 0xff00ff00u);
	KTEST_ASSERT_EQ(px(998, 699), 0xff00ff00u);
	KTEST_ASSERT_EQ(px(999, 699), 0xffffffffu);
	KTEST_ASSERT_EQ(px(1000, 699), DESKTOP_COLOUR);
	window_destroy(w);
	wait_frames(1);
}

KTEST(graphics, bounds_are_checked)
{
	struct window *w = window_create();
	struct panda_blit_params bp = { 0, 0, 1, 1, 0 };
	struct panda_fill_params f;
	struct pix_source src;
	uint32_t p = 0xffffffffu;

	KTEST_ASSERT(w);
	pix_source_memory(&src, &p, 4);
	/* 0 x 0: nothing fits. */
	KTEST_ASSERT_EQ(window_blit(w, &bp, &src), -EINVAL);
	place(w, 0, 0, 10, 10, 0);
	KTEST_ASSERT_EQ(window_blit(w, &bp, &src), 0);
	bp = (struct panda_blit_params){ 10, 0, 1, 1, 0 };
	KTEST_ASSERT_EQ(window_blit(w, &bp, &src), -EINVAL);
	bp = (struct panda_blit_params){ 0xffffffffu, 0, 2, 1, 0 };
	KTEST_ASSERT_EQ(window_blit(w, &bp, &src), -EINVAL);
	bp = (struct panda_blit_params){ 0, 0, 2, 1, 0 };	/* source short */
	KTEST_ASSERT_EQ(window_blit(w, &bp, &src), -EINVAL);
	bp = (struct panda_blit_params){ 0, 0, 0, 0, 0 };
	KTEST_ASSERT_EQ(window_blit(w, &bp, &src), 0);
	window_destroy(w);

	f = (struct panda_fill_params){ 1280, 0, 0, 0, 0 };
	KTEST_ASSERT_EQ(fb_fill(&f), -EINVAL);
	f = (struct panda_fill_params){ 0, 799, 1, 2, 0 };
	KTEST_ASSERT_EQ(fb_fill(&f), -EINVAL);
	f = (struct panda_fill_params){ 5, 5, 0xfffffffeu, 1, 0 };
	KTEST_ASSERT_EQ(fb_fill(&f), -EINVAL);
	bp = (struct panda_blit_params){ 1279, 799, 1, 1, 0 };
	KTEST_ASSERT_EQ(fb_blit(&bp, &src), 0);
	KTEST_ASSERT_EQ(px(1279, 799), 0xffffffffu);
	bp = (struct panda_blit_params){ 1279, 799, 2, 1, 0 };
	KTEST_ASSERT_EQ(fb_blit(&bp, &src), -EINVAL);
}

/* Mpix/s of n pixels in ns, to one decimal. */
static void report(const char *what, uint64_t n, uint64_t ns)
{
	uint64_t tenths = ns ? n * 10000 / ns : 0;

	pr_info("graphics: %s: %lu.%lu Mpix/s", what, tenths / 10, tenths % 10);
}

KTEST(graphics, speed_of_rows_and_frames)
{
	uint32_t y, rows = 200;
	uint32_t *src = kmalloc(fb->width * 4);
	struct compositor_stats a, b;
	struct window *w;
	uint64_t t0;

	KTEST_ASSERT(src);
	for (y = 0; y < fb->width; y++)
		src[y] = (y & 1) ? 0x80336699u : 0xff996633u;
	t0 = uptime_ns();
	for (y = 0; y < rows; y++)
		pixels_fill(fb->rows[y], DESKTOP_COLOUR, fb->width);
	report("fill", (uint64_t)rows * fb->width, uptime_ns() - t0);
	t0 = uptime_ns();
	for (y = 0; y < rows; y++)
		pixels_copy(fb->rows[y], src, fb->width);
	report("copy", (uint64_t)rows * fb->width, uptime_ns() - t0);
	t0 = uptime_ns();
	for (y = 0; y < rows; y++)
		pixels_blend(fb->rows[y], src, fb->width);
	report("blend (half translucent)", (uint64_t)rows * fb->width,
	       uptime_ns() - t0);
	kfree(src);

	t0 = uptime_ns();
	KTEST_ASSERT_EQ(display_flush(0, 0, fb->width, fb->height), 0);
	pr_info("graphics: full-screen flush: %lu us", (uptime_ns() - t0) / 1000);
	t0 = uptime_ns();
	KTEST_ASSERT_EQ(display_flush(100, 100, 64, 16), 0);
	pr_info("graphics: 64x16 flush: %lu us", (uptime_ns() - t0) / 1000);

	/* Whole-screen frames: an opaque window, then a translucent one. */
	w = solid_window(0, 0, fb->width, fb->height, 0xff445566u);
	compositor_get_stats(&a);
	wait_frames(1);
	compositor_get_stats(&b);
	report("frame, opaque window", b.pixels - a.pixels,
	       b.busy_ns - a.busy_ns);
	KTEST_ASSERT_EQ(px(640, 400), 0xff445566u);
	window_destroy(w);
	/* Store alpha 128 (a fresh store): every pixel blends. */
	w = solid_window(0, 0, fb->width, fb->height, 0x80ffffffu);
	compositor_get_stats(&a);
	wait_frames(1);
	compositor_get_stats(&b);
	report("frame, translucent window", b.pixels - a.pixels,
	       b.busy_ns - a.busy_ns);
	KTEST_ASSERT_EQ(px(640, 400),
			pixel_blend(DESKTOP_COLOUR,
				    pixel_blend_store(0, 0x80ffffffu)));
	window_destroy(w);
	wait_frames(1);
	KTEST_ASSERT_EQ(px(640, 400), DESKTOP_COLOUR);
}
