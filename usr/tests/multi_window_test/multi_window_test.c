// SPDX-License-Identifier: GPL-2.0
/*
 * multi_window_test (tests.md 3, graphics.md 5, 6.6; screenshot): a red
 * 300 x 200 window at (50, 50), then a blue one of the same size at
 * (150, 100): the later window is on top where they overlap.
 */
#include "../common/gfx.h"

int main(void)
{
	panda_handle_t red, blue;

	panda_log("Multi-window test starting");
	red = gfx_window(50, 50, 300, 200, GFX_RED);
	panda_logf("PASS: Red window at (50, 50), handle 0x%x", red);
	blue = gfx_window(150, 100, 300, 200, GFX_BLUE);
	panda_logf("PASS: Blue window at (150, 100), handle 0x%x", blue);
	/* Flushing the lower window again must not raise it. */
	GFX_OK(panda_sys_surface_flush(red, NULL));
	panda_log("PASS: Overlap complete");
	gfx_screenshot_ready();
}
