// SPDX-License-Identifier: GPL-2.0
/*
 * window_test's helper: shows a white 200 x 200 window at (600, 300),
 * waits for it to be on screen, and exits without closing it: the
 * kernel closes the handle, which must take the window off the screen
 * (graphics.md 4.10).
 */
#include "../common/gfx.h"

int main(void)
{
	gfx_window(600, 300, 200, 200, GFX_WHITE);
	panda_log("window_child: window shown, exiting");
	return 0;
}
