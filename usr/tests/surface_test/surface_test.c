// SPDX-License-Identifier: GPL-2.0
/*
 * surface_test (tests.md 3, graphics.md 4.2-4.5; screenshot): the
 * framebuffer surface without windows.  Opens surface:/fb0, reads its
 * info (1280 x 800 on the test machine), fills the four quadrants red,
 * green, blue, white, flushes, and signals the screenshot.
 *
 * Before drawing, the checks the picture cannot show: the listing of
 * surface:/, the display's device paths as aliases of /fb0 and in "*:"
 * discovery, and the errors of fill, blit, flush and update params
 * (bounds with and without 32-bit overflow, bad buffers, wrong handle
 * kinds).  A blended blit is drawn and then covered by the quadrants.
 */
#include "../common/gfx.h"

static void check_listing(void)
{
	struct panda_dirent de;
	char name[32];
	long d = panda_sys_opendir("surface:/", 9);
	int n = 0, seen = 0;

	if (d < 0)
		gfx_fail("opendir surface:/", d);
	while (panda_readdir((panda_handle_t)d, &de) == 1) {
		panda_dirent_name(&de, name, sizeof(name));
		if (de.is_dir)
			gfx_fail("surface:/ entry is a directory", n);
		if (!strcmp(name, "window"))
			seen |= 1;
		else if (!strcmp(name, "fb0"))
			seen |= 2;
		n++;
	}
	if (n != 2 || seen != 3)
		gfx_fail("surface:/ lists window and fb0", n);
	GFX_OK(panda_sys_close((panda_handle_t)d));
	GFX_ERR(panda_sys_opendir("surface:/window", 15), PANDA_ERR_NOT_FOUND);
}

/* "*:/pci/display/0" lists surface (and creates no window). */
static void check_discovery(void)
{
	struct panda_dirent de;
	char name[32];
	long d = panda_sys_opendir("*:/pci/display/0", 16);
	int found = 0;

	if (d < 0)
		gfx_fail("opendir *:/pci/display/0", d);
	while (panda_readdir((panda_handle_t)d, &de) == 1) {
		panda_dirent_name(&de, name, sizeof(name));
		if (!strcmp(name, "surface"))
			found = 1;
	}
	panda_sys_close((panda_handle_t)d);
	if (!found)
		gfx_fail("*:/pci/display/0 lists surface", 0);
}

static void check_errors(panda_handle_t fb, uint32_t w, uint32_t h)
{
	struct panda_fill_params f = { 0, 0, 1, 1, GFX_RED };
	struct panda_update_params up = { 0, 0, 10, 10, 1 };
	struct panda_blit_params bp;
	struct gfx_pixbuf pb;

	/* Fill bounds: origin outside, end outside, 32-bit overflow. */
	f.x = w;
	GFX_ERR(panda_sys_surface_fill(fb, &f), PANDA_ERR_INVALID_ARGUMENT);
	f.x = 0;
	f.y = h;
	GFX_ERR(panda_sys_surface_fill(fb, &f), PANDA_ERR_INVALID_ARGUMENT);
	f = (struct panda_fill_params){ w - 1, 0, 2, 1, GFX_RED };
	GFX_ERR(panda_sys_surface_fill(fb, &f), PANDA_ERR_INVALID_ARGUMENT);
	f = (struct panda_fill_params){ 1, 1, 0xffffffffu, 1, GFX_RED };
	GFX_ERR(panda_sys_surface_fill(fb, &f), PANDA_ERR_INVALID_ARGUMENT);
	f = (struct panda_fill_params){ 1, 1, 1, 0xffffffffu, GFX_RED };
	GFX_ERR(panda_sys_surface_fill(fb, &f), PANDA_ERR_INVALID_ARGUMENT);
	/* A zero-sized rectangle at a valid origin does nothing. */
	f = (struct panda_fill_params){ w - 1, h - 1, 0, 0, GFX_RED };
	GFX_OK(panda_sys_surface_fill(fb, &f));

	/* Blit: buffer too small, not a buffer, bounds. */
	gfx_pixbuf(&pb, 16, 16, 0x80ffffffu);
	bp = (struct panda_blit_params){ 0, 0, 16, 17, pb.h };
	GFX_ERR(panda_sys_surface_blit(fb, &bp), PANDA_ERR_INVALID_ARGUMENT);
	bp = (struct panda_blit_params){ 0, 0, 16, 16, fb };
	GFX_ERR(panda_sys_surface_blit(fb, &bp), PANDA_ERR_BAD_HANDLE);
	bp = (struct panda_blit_params){ 0, 0, 16, 16, 0x31000999u };
	GFX_ERR(panda_sys_surface_blit(fb, &bp), PANDA_ERR_BAD_HANDLE);
	bp = (struct panda_blit_params){ w - 8, 0, 16, 16, pb.h };
	GFX_ERR(panda_sys_surface_blit(fb, &bp), PANDA_ERR_INVALID_ARGUMENT);
	bp = (struct panda_blit_params){ 0, 0xfffffff8u, 16, 16, pb.h };
	GFX_ERR(panda_sys_surface_blit(fb, &bp), PANDA_ERR_INVALID_ARGUMENT);
	/* A translucent blit that lands (the quadrants cover it later). */
	bp = (struct panda_blit_params){ 8, 8, 16, 16, pb.h };
	GFX_OK(panda_sys_surface_blit(fb, &bp));
	GFX_OK(panda_sys_buffer_free(pb.h));

	/* Not a window; not a surface; bad pointers; unknown operation. */
	GFX_ERR(panda_sys_surface_update_params(fb, &up), PANDA_ERR_NOT_SUPPORTED);
	GFX_ERR(panda_sys_surface_fill(PANDA_HANDLE_MAILBOX, &f),
		PANDA_ERR_BAD_HANDLE);
	GFX_ERR(panda_sys_surface_info(fb, (void *)8), PANDA_ERR_INVALID_ARGUMENT);
	GFX_ERR(panda_sys_surface_fill(fb, (void *)8), PANDA_ERR_INVALID_ARGUMENT);
	GFX_ERR(panda_send(fb, 0x60005, 0, 0, 0, 0), PANDA_ERR_NOT_SUPPORTED);
}

int main(void)
{
	struct panda_surface_info info;
	struct panda_fill_params f;
	panda_handle_t fb, alias;
	uint32_t w, h;

	panda_log("Surface test starting");
	check_listing();
	check_discovery();
	fb = gfx_open("surface:/fb0");
	panda_log("PASS: Opened framebuffer");
	GFX_OK(panda_sys_surface_info(fb, &info));
	w = info.width;
	h = info.height;
	if (w != 1280 || h != 800 || info.format != PANDA_PIXEL_FORMAT_ARGB8888 ||
	    info.stride != w * 4)
		gfx_fail("framebuffer info (width)", w);
	panda_logf("PASS: Got surface info: %ux%u, stride %u", w, h,
		   info.stride);

	/* Device paths of the display are /fb0 too. */
	alias = gfx_open("surface:/pci/display/0");
	GFX_OK(panda_sys_surface_info(alias, &info));
	if (info.width != w)
		gfx_fail("surface:/pci/display/0 width", info.width);
	GFX_OK(panda_sys_close(alias));
	GFX_OK(panda_sys_close(gfx_open("surface:/pci/00:01.0")));
	GFX_ERR(panda_sys_open("surface:/pci/input/0", 20, 0, 0),
		PANDA_ERR_NOT_FOUND);
	GFX_ERR(panda_sys_open("surface:/fb1", 12, 0, 0), PANDA_ERR_NOT_FOUND);
	check_errors(fb, w, h);

	f = (struct panda_fill_params){ 0, 0, w / 2, h / 2, GFX_RED };
	GFX_OK(panda_sys_surface_fill(fb, &f));
	f = (struct panda_fill_params){ w / 2, 0, w - w / 2, h / 2, GFX_GREEN };
	GFX_OK(panda_sys_surface_fill(fb, &f));
	f = (struct panda_fill_params){ 0, h / 2, w / 2, h - h / 2, GFX_BLUE };
	GFX_OK(panda_sys_surface_fill(fb, &f));
	f = (struct panda_fill_params){ w / 2, h / 2, w - w / 2, h - h / 2,
					GFX_WHITE };
	GFX_OK(panda_sys_surface_fill(fb, &f));
	GFX_OK(panda_sys_surface_flush(fb, NULL));
	panda_log("PASS: Drew test pattern");
	gfx_screenshot_ready();
}
