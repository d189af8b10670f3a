/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The display and the surface: scheme (CONFIG_VIRTIO_GPU; graphics.md 2-5,
 * devices.md 8 and 11.5, abi.md 3.3 "Surface operations").
 *
 * The display is the framebuffer the virtio-gpu scans out
 * (drivers/gpu/virtio_gpu.c): ARGB8888, stride width * 4, in guest
 * frames reached through the RAM map.  It is allocated in physically
 * contiguous chunks of whole rows, so each row is contiguous and
 * fb->rows[y] points at its first pixel.  display_flush() pushes a
 * rectangle of it to the host (transfer to host, then resource flush);
 * it busy-waits for the device and may be called from any task context
 * (never from an interrupt).
 *
 * Surfaces (drivers/gpu/surface.c) are the resources behind
 * "surface:/fb0" (the whole framebuffer; device paths of the bound GPU
 * alias it) and "surface:/window" (a new compositor window, destroyed
 * with its last handle).  kernel/sys_surface.c copies the parameters in
 * and out and calls the surface_* operations, which return 0 or a
 * negative ABI error.
 */
#ifndef _PANDA_SURFACE_H
#define _PANDA_SURFACE_H

#include <panda/compiler.h>
#include <panda/errno.h>
#include <uapi/panda/types.h>

struct resource;
struct pix_rect;

struct framebuffer {
	uint32_t width, height;
	uint32_t stride;		/* bytes per row: width * 4 */
	uint32_t **rows;		/* rows[y]: first pixel of row y */
};

#ifdef CONFIG_VIRTIO_GPU
/* The bound GPU's framebuffer, or NULL when there is no display. */
const struct framebuffer *display_framebuffer(void);

/*
 * Transfers the rectangle (clipped to the screen) to the host resource
 * and flushes it to the scanout.  0, -ENOENT without a display, -EIO
 * when the device failed (logged).
 */
int display_flush(uint32_t x, uint32_t y, uint32_t w, uint32_t h);
/* Several rectangles in one round trip to the device (the compositor). */
int display_flush_rects(const struct pix_rect *rects, unsigned int n);

/* True when path names the bound GPU by device path (devices.md 11.5). */
bool display_devpath_match(const char *path);

/* The surface: scheme (devices.md 11.5). */
int surface_scheme_open(const char *path, struct resource **out);
int surface_scheme_opendir(const char *path, struct resource **out);
bool surface_scheme_probe(const char *path);

/*
 * The operations of abi.md 3.3 on a handle's resource.  -PANDA_ERR_
 * BAD_HANDLE when r is not a surface (or, for update_params, not a
 * window); buf is the resource of the blit's buffer handle (NULL when the
 * handle does not exist).
 */
bool resource_is_surface(struct resource *r);
int surface_info(struct resource *r, struct panda_surface_info *out);
int surface_blit(struct resource *r, const struct panda_blit_params *p,
		 struct resource *buf);
int surface_fill(struct resource *r, const struct panda_fill_params *p);
/* May block (windows: until the compositor's next frame). */
int surface_flush(struct resource *r, const struct panda_surface_rect *rect);
int surface_update_params(struct resource *r,
			  const struct panda_update_params *p);
#else
static inline const struct framebuffer *display_framebuffer(void)
{
	return NULL;
}
static inline int surface_scheme_open(const char *path, struct resource **out)
{
	return -ENOENT;		/* no display */
}
static inline int surface_scheme_opendir(const char *path,
					 struct resource **out)
{
	return -ENOENT;
}
static inline bool surface_scheme_probe(const char *path)
{
	return false;
}
static inline bool resource_is_surface(struct resource *r)
{
	return false;
}
#endif /* CONFIG_VIRTIO_GPU */

#endif /* _PANDA_SURFACE_H */
