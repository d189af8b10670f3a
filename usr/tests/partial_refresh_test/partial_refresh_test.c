// SPDX-License-Identifier: GPL-2.0
/*
 * partial_refresh_test (tests.md 3, graphics.md 6.5; screenshot): a
 * 400 x 400 window at (100, 50) blitted blue and flushed; then a red
 * 200 x 200 buffer blitted at (0, 0) and flushed; then a green one at
 * (200, 200), flushed with a rectangle.  The pixel store keeps what the
 * later blits do not cover.
 */
#include "../common/gfx.h"

int main(void)
{
	struct panda_surface_rect r = { 200, 200, 200, 200 };
	struct gfx_pixbuf blue, red, green;
	panda_handle_t win;

	panda_log("Partial refresh test starting");
	win = gfx_open("surface:/window");
	panda_log("PASS: Opened window");
	GFX_OK(gfx_place(win, 100, 50, 400, 400, 1));
	panda_log("PASS: Set window parameters");
	gfx_pixbuf(&blue, 400, 400, GFX_BLUE);
	GFX_OK(gfx_blit(win, &blue, 0, 0));
	GFX_OK(panda_sys_surface_flush(win, NULL));
	panda_log("PASS: Filled window blue");
	gfx_pixbuf(&red, 200, 200, GFX_RED);
	GFX_OK(gfx_blit(win, &red, 0, 0));
	GFX_OK(panda_sys_surface_flush(win, NULL));
	panda_log("PASS: Red partial update");
	gfx_pixbuf(&green, 200, 200, GFX_GREEN);
	GFX_OK(gfx_blit(win, &green, 200, 200));
	GFX_OK(panda_sys_surface_flush(win, &r));
	panda_log("PASS: Green partial update");
	panda_log("PASS: Partial refresh test complete");
	gfx_screenshot_ready();
}
