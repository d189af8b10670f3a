// SPDX-License-Identifier: GPL-2.0
/*
 * window_test (tests.md 3, graphics.md 4.6-4.9, 6.6; screenshot): a
 * 400 x 300 window at (50, 50) holding quadrants red, green, blue,
 * yellow (200 x 150 each), blitted at (0, 0) and flushed, over the
 * desktop colour.
 *
 * Also checked: a new window is 0 x 0 and takes no blit; info follows
 * the size; fill is refused (NotSupported); blits outside the window
 * (including 32-bit overflow of x + width) and from too small buffers
 * are InvalidArgument; a flush returns only after a compositor frame;
 * a second window that is shown, hidden and closed leaves no trace, and
 * so does a child's window when the child exits without closing it.
 */
#include "../common/gfx.h"

static void check_window_rules(panda_handle_t win)
{
	struct panda_surface_info info;
	struct panda_fill_params f = { 0, 0, 1, 1, GFX_RED };
	struct panda_blit_params bp;
	struct gfx_pixbuf pb;

	GFX_OK(panda_sys_surface_info(win, &info));
	if (info.width || info.height || info.stride || info.format)
		gfx_fail("new window is 0x0", info.width);
	gfx_pixbuf(&pb, 1, 1, GFX_RED);
	GFX_ERR(gfx_blit(win, &pb, 0, 0), PANDA_ERR_INVALID_ARGUMENT);
	GFX_ERR(panda_sys_surface_fill(win, &f), PANDA_ERR_NOT_SUPPORTED);
	GFX_OK(panda_sys_buffer_free(pb.h));

	GFX_OK(gfx_place(win, 50, 50, 400, 300, 1));
	GFX_OK(panda_sys_surface_info(win, &info));
	if (info.width != 400 || info.height != 300 || info.stride != 1600)
		gfx_fail("window info after update params", info.width);
	gfx_pixbuf(&pb, 16, 16, GFX_RED);
	GFX_ERR(gfx_blit(win, &pb, 390, 0), PANDA_ERR_INVALID_ARGUMENT);
	GFX_ERR(gfx_blit(win, &pb, 0, 290), PANDA_ERR_INVALID_ARGUMENT);
	bp = (struct panda_blit_params){ 0xfffffff8u, 0, 16, 16, pb.h };
	GFX_ERR(panda_sys_surface_blit(win, &bp), PANDA_ERR_INVALID_ARGUMENT);
	bp = (struct panda_blit_params){ 0, 0, 16, 32, pb.h };
	GFX_ERR(panda_sys_surface_blit(win, &bp), PANDA_ERR_INVALID_ARGUMENT);
	bp = (struct panda_blit_params){ 0, 0, 16, 16, win };
	GFX_ERR(panda_sys_surface_blit(win, &bp), PANDA_ERR_BAD_HANDLE);
	GFX_OK(panda_sys_buffer_free(pb.h));
}

/* A flush waits for a frame: two flushes take at least one period. */
static void check_flush_paces(panda_handle_t win)
{
	uint64_t t0 = panda_time(), t1;

	GFX_OK(panda_sys_surface_flush(win, NULL));
	GFX_OK(panda_sys_surface_flush(win, NULL));
	t1 = panda_time();
	if (t1 - t0 < 10 * 1000000ull)
		gfx_fail("two window flushes took (us)", (long)((t1 - t0) / 1000));
}

/* A window that comes and goes over the test window's area. */
static void check_transient_window(void)
{
	panda_handle_t w2 = gfx_window(300, 200, 300, 300, GFX_WHITE);

	GFX_OK(gfx_place(w2, 300, 200, 300, 300, 0));	/* hidden */
	GFX_OK(panda_sys_surface_flush(w2, NULL));
	GFX_OK(gfx_place(w2, 600, 400, 100, 100, 1));	/* shown elsewhere */
	GFX_OK(panda_sys_surface_flush(w2, NULL));
	GFX_OK(panda_sys_close(w2));			/* gone */
}

/* A child's window goes when the child exits without closing it. */
static void check_child_window(void)
{
	panda_handle_t child;
	int ret = panda_spawn("file:/initrd/window_child", &child);

	if (ret)
		gfx_fail("spawn window_child", ret);
	GFX_OK(panda_sys_wait(child));
	panda_sys_close(child);
}

int main(void)
{
	panda_handle_t win;
	struct gfx_pixbuf pb;

	panda_log("Window test starting");
	win = gfx_open("surface:/window");
	panda_log("PASS: Opened window");
	check_window_rules(win);
	panda_log("PASS: Window rules");

	gfx_pixbuf(&pb, 400, 300, GFX_RED);
	gfx_pixbuf_rect(&pb, 200, 0, 200, 150, GFX_GREEN);
	gfx_pixbuf_rect(&pb, 0, 150, 200, 150, GFX_BLUE);
	gfx_pixbuf_rect(&pb, 200, 150, 200, 150, GFX_YELLOW);
	GFX_OK(gfx_blit(win, &pb, 0, 0));
	GFX_OK(panda_sys_surface_flush(win, NULL));
	panda_log("PASS: Drew quadrants");
	check_flush_paces(win);
	check_transient_window();
	check_child_window();
	GFX_OK(panda_sys_surface_flush(win, NULL));
	panda_log("PASS: Window test complete");
	gfx_screenshot_ready();
}
