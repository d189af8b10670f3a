// SPDX-License-Identifier: GPL-2.0
/* Shared buffers, pixel buffers, surfaces, windows (userspace.md 3.9-3.10). */
#include <panda/environment.h>
#include <panda/file.h>
#include <panda/graphics.h>
#include <panda/handle.h>
#include <string.h>

static int result(long r)
{
	return r < 0 ? (int)r : 0;
}

/* ------------------------------------------------------------ buffers */

static size_t page_round(size_t n)
{
	return (n + PANDA_PAGE_SIZE - 1) & ~(size_t)(PANDA_PAGE_SIZE - 1);
}

int panda_buffer_alloc(size_t size, panda_buffer *b)
{
	struct panda_buffer_info info;
	size_t want = page_round(size ? size : 1);
	long r;

	if (want < size)
		return -PANDA_ERR_INVALID_ARGUMENT;
	r = panda_sys_buffer_alloc(want, &info);
	if (r < 0)
		return (int)r;
	b->h = (panda_handle_t)r;
	b->data = (uint8_t *)(uintptr_t)info.addr;
	b->size = (size_t)info.size;
	return 0;
}

int panda_buffer_resize(panda_buffer *b, size_t new_size)
{
	struct panda_buffer_info info;
	size_t want = page_round(new_size ? new_size : 1);
	long r;

	if (want < new_size)
		return -PANDA_ERR_INVALID_ARGUMENT;
	r = panda_sys_buffer_resize(b->h, want, &info);
	if (r < 0)
		return (int)r;
	b->data = (uint8_t *)(uintptr_t)info.addr;
	b->size = (size_t)info.size;
	return 0;
}

int panda_buffer_read_from(panda_buffer *b, panda_handle_t file, size_t *n)
{
	long r = panda_sys_read_into_buffer(file, b->h);

	if (r < 0)
		return (int)r;
	*n = (size_t)r;
	return 0;
}

int panda_buffer_write_to(const panda_buffer *b, panda_handle_t file,
			  size_t len, size_t *n)
{
	long r;

	if (len > b->size)
		return -PANDA_ERR_INVALID_ARGUMENT;
	r = panda_sys_write_from_buffer(file, b->h, len);
	if (r < 0)
		return (int)r;
	*n = (size_t)r;
	return 0;
}

void panda_buffer_free(panda_buffer *b)
{
	if (b->h)
		panda_sys_buffer_free(b->h);
	b->h = 0;
	b->data = NULL;
	b->size = 0;
}

/* ------------------------------------------------------------ pixbufs */

int panda_pixbuf_new(uint32_t w, uint32_t h, panda_pixbuf *pb)
{
	uint64_t bytes = (uint64_t)w * h * 4;
	int err;

	if (!w || !h || bytes > PANDA_BUFFER_MAX_SIZE)
		return -PANDA_ERR_INVALID_ARGUMENT;
	err = panda_buffer_alloc((size_t)bytes, &pb->buf);
	if (err)
		return err;
	pb->width = w;
	pb->height = h;
	return 0;
}

void panda_pixbuf_clear(panda_pixbuf *pb, panda_argb c)
{
	uint32_t *px = panda_pixbuf_pixels(pb);
	size_t i, n = (size_t)pb->width * pb->height;

	for (i = 0; i < n; i++)
		px[i] = c;
}

void panda_pixbuf_set(panda_pixbuf *pb, uint32_t x, uint32_t y, panda_argb c)
{
	if (x < pb->width && y < pb->height)
		panda_pixbuf_pixels(pb)[(size_t)y * pb->width + x] = c;
}

panda_argb panda_pixbuf_get(const panda_pixbuf *pb, uint32_t x, uint32_t y)
{
	if (x >= pb->width || y >= pb->height)
		return PANDA_ARGB_TRANSPARENT;
	return panda_pixbuf_pixels(pb)[(size_t)y * pb->width + x];
}

void panda_pixbuf_fill_rect(panda_pixbuf *pb, panda_rect r, panda_argb c)
{
	uint64_t x1 = (uint64_t)r.x + r.width, y1 = (uint64_t)r.y + r.height;
	uint32_t *px = panda_pixbuf_pixels(pb);
	uint64_t x, y;

	if (x1 > pb->width)
		x1 = pb->width;
	if (y1 > pb->height)
		y1 = pb->height;
	for (y = r.y; y < y1; y++)
		for (x = r.x; x < x1; x++)
			px[y * pb->width + x] = c;
}

void panda_pixbuf_hline(panda_pixbuf *pb, uint32_t x, uint32_t y, uint32_t len,
			panda_argb c)
{
	panda_pixbuf_fill_rect(pb, (panda_rect){ x, y, len, 1 }, c);
}

void panda_pixbuf_vline(panda_pixbuf *pb, uint32_t x, uint32_t y, uint32_t len,
			panda_argb c)
{
	panda_pixbuf_fill_rect(pb, (panda_rect){ x, y, 1, len }, c);
}

void panda_pixbuf_draw_rect(panda_pixbuf *pb, panda_rect r, panda_argb c)
{
	if (!r.width || !r.height)
		return;
	panda_pixbuf_hline(pb, r.x, r.y, r.width, c);
	panda_pixbuf_hline(pb, r.x, r.y + r.height - 1, r.width, c);
	panda_pixbuf_vline(pb, r.x, r.y, r.height, c);
	panda_pixbuf_vline(pb, r.x + r.width - 1, r.y, r.height, c);
}

void panda_pixbuf_blend(panda_pixbuf *pb, uint32_t x, uint32_t y, panda_argb c)
{
	uint32_t a = c >> 24, d, out;
	unsigned shift;

	if (x >= pb->width || y >= pb->height || !a)
		return;
	if (a == 255) {
		panda_pixbuf_set(pb, x, y, c);
		return;
	}
	d = panda_pixbuf_get(pb, x, y);
	out = ((a * 255 + (d >> 24) * (255 - a)) / 255) << 24;
	for (shift = 0; shift < 24; shift += 8)
		out |= (((c >> shift & 0xff) * a +
			 (d >> shift & 0xff) * (255 - a)) /
			255)
		       << shift;
	panda_pixbuf_set(pb, x, y, out);
}

void panda_pixbuf_free(panda_pixbuf *pb)
{
	panda_buffer_free(&pb->buf);
	pb->width = pb->height = 0;
}

/* ------------------------------------------------------------ surfaces */

int panda_surface_open(const char *uri, panda_surface *s)
{
	panda_handle_t h;
	int err = panda_open(uri, 0, 0, &h);

	if (err)
		return err;
	if (panda_handle_tag(h) != PANDA_TAG_SURFACE) {
		panda_sys_close(h);
		return -PANDA_ERR_BAD_HANDLE;
	}
	s->h = h;
	return 0;
}

int panda_surface_info(panda_surface *s, uint32_t *w, uint32_t *h,
		       uint32_t *stride)
{
	struct panda_surface_info info;
	long r = panda_sys_surface_info(s->h, &info);

	if (r < 0)
		return (int)r;
	if (w)
		*w = info.width;
	if (h)
		*h = info.height;
	if (stride)
		*stride = info.stride;
	return 0;
}

int panda_surface_fill(panda_surface *s, panda_rect r, panda_argb c)
{
	struct panda_fill_params p = { r.x, r.y, r.width, r.height, c };

	return result(panda_sys_surface_fill(s->h, &p));
}

int panda_surface_clear(panda_surface *s, panda_argb c)
{
	uint32_t w = 0, h = 0;
	int err = panda_surface_info(s, &w, &h, NULL);

	if (err)
		return err;
	return panda_surface_fill(s, (panda_rect){ 0, 0, w, h }, c);
}

int panda_surface_blit_part(panda_surface *s, const panda_buffer *b, uint32_t x,
			    uint32_t y, uint32_t w, uint32_t h)
{
	struct panda_blit_params p = { x, y, w, h, b->h };

	return result(panda_sys_surface_blit(s->h, &p));
}

int panda_surface_blit(panda_surface *s, const panda_pixbuf *pb, uint32_t x,
		       uint32_t y)
{
	return panda_surface_blit_part(s, &pb->buf, x, y, pb->width,
				       pb->height);
}

int panda_surface_flush(panda_surface *s)
{
	return result(panda_sys_surface_flush(s->h, NULL));
}

int panda_surface_flush_rect(panda_surface *s, panda_rect r)
{
	struct panda_surface_rect p = { r.x, r.y, r.width, r.height };

	return result(panda_sys_surface_flush(s->h, &p));
}

void panda_surface_close(panda_surface *s)
{
	if (s->h)
		panda_sys_close(s->h);
	s->h = 0;
}

/* ------------------------------------------------------------ windows */

static int window_update(panda_window *win)
{
	struct panda_update_params p = { win->x, win->y, win->w, win->h,
					 win->visible };

	return result(panda_sys_surface_update_params(win->s.h, &p));
}

int panda_window_open(const panda_window_opts *o, panda_window *win)
{
	panda_window_opts d = PANDA_WINDOW_DEFAULTS;
	int err;

	if (!o)
		o = &d;
	err = panda_surface_open(o->uri ? o->uri : d.uri, &win->s);
	if (err)
		return err;
	win->x = o->x;
	win->y = o->y;
	win->w = o->w;
	win->h = o->h;
	win->visible = o->visible;
	err = window_update(win);
	if (err)
		panda_surface_close(&win->s);
	return err;
}

int panda_window_set_position(panda_window *win, uint32_t x, uint32_t y)
{
	win->x = x;
	win->y = y;
	return window_update(win);
}

int panda_window_set_size(panda_window *win, uint32_t w, uint32_t h)
{
	win->w = w;
	win->h = h;
	return window_update(win);
}

int panda_window_set_visible(panda_window *win, bool visible)
{
	win->visible = visible;
	return window_update(win);
}

void panda_window_close(panda_window *win)
{
	panda_surface_close(&win->s);
}

int panda_display_size(uint32_t *w, uint32_t *h)
{
	panda_surface fb;
	int err = panda_surface_open("surface:/fb0", &fb);

	if (err)
		return err;
	err = panda_surface_info(&fb, w, h, NULL);
	panda_surface_close(&fb);
	return err;
}
