// SPDX-License-Identifier: GPL-2.0
/*
 * alpha_test (tests.md 3, graphics.md 6.4; screenshot): three 350 x 250
 * windows at (50, 50), (180, 90) and (115, 170), red, green and blue at
 * alpha 153 (60 %), created, blitted and flushed in that order.  The
 * colour is attenuated twice (blit into the zeroed store, then the
 * composite), which the reference screenshot encodes.
 */
#include "../common/gfx.h"

static const struct {
	const char *name;
	uint32_t x, y, colour;
} wins[] = {
	{ "red", 50, 50, 0x99ff0000u },
	{ "green", 180, 90, 0x9900ff00u },
	{ "blue", 115, 170, 0x990000ffu },
};

int main(void)
{
	unsigned int i;

	panda_log("Alpha blending test starting");
	for (i = 0; i < 3; i++) {
		panda_handle_t w = gfx_open("surface:/window");
		struct gfx_pixbuf pb;

		panda_logf("Opened window %u", i + 1);
		GFX_OK(gfx_place(w, wins[i].x, wins[i].y, 350, 250, 1));
		gfx_pixbuf(&pb, 350, 250, wins[i].colour);
		GFX_OK(gfx_blit(w, &pb, 0, 0));
		GFX_OK(panda_sys_surface_flush(w, NULL));
		GFX_OK(panda_sys_buffer_free(pb.h));
		panda_logf("Created %s window with 60%% alpha", wins[i].name);
	}
	panda_log("Alpha blending test complete");
	gfx_screenshot_ready();
}
