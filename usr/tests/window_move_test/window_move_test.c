// SPDX-License-Identifier: GPL-2.0
/*
 * window_move_test (tests.md 3, graphics.md 4.7; screenshot): a red
 * 200 x 150 window shown at (50, 50), then moved to (300, 200) and
 * flushed.  Panda-C repaints the vacated area, so the screen shows the
 * desktop colour everywhere but (300, 200)-(499, 349); expected.png was
 * made for this (the reference's stored image is all black).
 */
#include "../common/gfx.h"

int main(void)
{
	struct panda_surface_info info;
	panda_handle_t win;

	panda_log("Window move test starting");
	win = gfx_open("surface:/window");
	panda_log("PASS: Opened window");
	GFX_OK(gfx_place(win, 50, 50, 200, 150, 1));
	panda_log("PASS: Set initial position (50, 50)");
	{
		struct gfx_pixbuf pb;

		gfx_pixbuf(&pb, 200, 150, GFX_RED);
		GFX_OK(gfx_blit(win, &pb, 0, 0));
		GFX_OK(panda_sys_surface_flush(win, NULL));
		GFX_OK(panda_sys_buffer_free(pb.h));
	}
	panda_log("PASS: Red window displayed");
	GFX_OK(gfx_place(win, 300, 200, 200, 150, 1));
	GFX_OK(panda_sys_surface_flush(win, NULL));
	/* Moving keeps the size and the pixels. */
	GFX_OK(panda_sys_surface_info(win, &info));
	if (info.width != 200 || info.height != 150)
		gfx_fail("size after the move", info.width);
	panda_log("PASS: Moved window to (300, 200)");
	panda_log("PASS: Window move test complete");
	gfx_screenshot_ready();
}
