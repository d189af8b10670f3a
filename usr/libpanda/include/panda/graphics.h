/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared buffers, pixel buffers, surfaces and windows (userspace.md 3.9,
 * 3.10; graphics.md).  Functions return 0 or -PANDA_ERR_*.
 *
 * Pixels are 0xAARRGGBB, straight alpha, stored B, G, R, A.  The spec
 * calls the pixel type panda_colour and its constants PANDA_RED, ...;
 * here they are panda_argb and PANDA_ARGB_RED, ..., because those names
 * already belong to Value colours (<panda/value.h>).
 *
 *	panda_window win;
 *	panda_window_opts o = PANDA_WINDOW_DEFAULTS;
 *	panda_pixbuf pb;
 *
 *	o.w = 200; o.h = 100;
 *	panda_window_open(&o, &win);
 *	panda_pixbuf_new(200, 100, &pb);
 *	panda_pixbuf_clear(&pb, PANDA_ARGB_BLUE);
 *	panda_surface_blit(&win.s, &pb, 0, 0);
 *	panda_surface_flush(&win.s);	// waits for the compositor's frame
 */
#ifndef _PANDA_GRAPHICS_H
#define _PANDA_GRAPHICS_H

#include <panda/sys.h>
#include <stdbool.h>

/* ------------------------------------------------------------ buffers */

typedef struct {
	panda_handle_t h;
	uint8_t *data;
	size_t size; /* whole pages */
} panda_buffer;

/* size rounded up to whole pages. */
int panda_buffer_alloc(size_t size, panda_buffer *b);
/* May move the mapping: b->data is updated. */
int panda_buffer_resize(panda_buffer *b, size_t new_size);
/* Up to b->size bytes from the file's offset; *n bytes read. */
int panda_buffer_read_from(panda_buffer *b, panda_handle_t file, size_t *n);
int panda_buffer_write_to(const panda_buffer *b, panda_handle_t file,
			  size_t len, size_t *n);
void panda_buffer_free(panda_buffer *b);

/* ------------------------------------------------------------ pixels */

typedef uint32_t panda_argb;

#define PANDA_RGBA(r, g, b, a)                                                 \
	(((uint32_t)(a) << 24) | ((uint32_t)(r) << 16) |                       \
	 ((uint32_t)(g) << 8) | (uint32_t)(b))
#define PANDA_ARGB_TRANSPARENT 0x00000000u
#define PANDA_ARGB_BLACK       0xff000000u
#define PANDA_ARGB_WHITE       0xffffffffu
#define PANDA_ARGB_RED	       0xffff0000u
#define PANDA_ARGB_GREEN       0xff00ff00u
#define PANDA_ARGB_BLUE	       0xff0000ffu
#define PANDA_ARGB_YELLOW      0xffffff00u
#define PANDA_ARGB_CYAN	       0xff00ffffu
#define PANDA_ARGB_MAGENTA     0xffff00ffu

typedef struct {
	uint32_t x, y, width, height;
} panda_rect;

/* A shared buffer of width * height pixels, rows tightly packed. */
typedef struct {
	panda_buffer buf;
	uint32_t width, height;
} panda_pixbuf;

int panda_pixbuf_new(uint32_t w, uint32_t h, panda_pixbuf *pb);
static inline uint32_t *panda_pixbuf_pixels(const panda_pixbuf *pb)
{
	return (uint32_t *)(void *)pb->buf.data;
}
void panda_pixbuf_clear(panda_pixbuf *pb, panda_argb c);
/* Ignored out of range. */
void panda_pixbuf_set(panda_pixbuf *pb, uint32_t x, uint32_t y, panda_argb c);
/* PANDA_ARGB_TRANSPARENT out of range. */
panda_argb panda_pixbuf_get(const panda_pixbuf *pb, uint32_t x, uint32_t y);
/* Clipped to the buffer. */
void panda_pixbuf_fill_rect(panda_pixbuf *pb, panda_rect r, panda_argb c);
void panda_pixbuf_hline(panda_pixbuf *pb, uint32_t x, uint32_t y, uint32_t len,
			panda_argb c);
void panda_pixbuf_vline(panda_pixbuf *pb, uint32_t x, uint32_t y, uint32_t len,
			panda_argb c);
/* A 1-pixel outline. */
void panda_pixbuf_draw_rect(panda_pixbuf *pb, panda_rect r, panda_argb c);
/* Source-over (userspace.md 3.10's formula). */
void panda_pixbuf_blend(panda_pixbuf *pb, uint32_t x, uint32_t y, panda_argb c);
void panda_pixbuf_free(panda_pixbuf *pb);

/* ------------------------------------------------------------ surfaces */

typedef struct {
	panda_handle_t h;
} panda_surface;

/* "surface:/fb0", "surface:/window", ... */
int panda_surface_open(const char *uri, panda_surface *s);
int panda_surface_info(panda_surface *s, uint32_t *w, uint32_t *h,
		       uint32_t *stride);
/* Framebuffers only: windows refuse fill (NotSupported). */
int panda_surface_fill(panda_surface *s, panda_rect r, panda_argb c);
int panda_surface_clear(panda_surface *s, panda_argb c);
/* The whole pixel buffer at (x, y). */
int panda_surface_blit(panda_surface *s, const panda_pixbuf *pb, uint32_t x,
		       uint32_t y);
/* Blit pb's handle as a w x h image (pb holds at least that many pixels,
 * packed w to a row). */
int panda_surface_blit_part(panda_surface *s, const panda_buffer *b, uint32_t x,
			    uint32_t y, uint32_t w, uint32_t h);
/* A window's flush waits for the compositor's next frame (graphics.md 4.9). */
int panda_surface_flush(panda_surface *s);
int panda_surface_flush_rect(panda_surface *s, panda_rect r);
void panda_surface_close(panda_surface *s);

/* ------------------------------------------------------------ windows */

typedef struct {
	panda_surface s;
	uint32_t x, y, w, h;
	bool visible;
} panda_window;

typedef struct {
	uint32_t w, h, x, y;
	bool visible;
	const char *uri;
} panda_window_opts;

#define PANDA_WINDOW_DEFAULTS                                                  \
	((panda_window_opts){ .w = 640,                                        \
			      .h = 480,                                        \
			      .visible = true,                                 \
			      .uri = "surface:/window" })

/* Open (NULL: the defaults) and set all five parameters at once. */
int panda_window_open(const panda_window_opts *o, panda_window *win);
int panda_window_set_position(panda_window *win, uint32_t x, uint32_t y);
int panda_window_set_size(panda_window *win, uint32_t w, uint32_t h);
int panda_window_set_visible(panda_window *win, bool visible);
void panda_window_close(panda_window *win);

/* The display's size (surface:/fb0); NotFound without a display. */
int panda_display_size(uint32_t *w, uint32_t *h);

#endif /* _PANDA_GRAPHICS_H */
