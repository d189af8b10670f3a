// SPDX-License-Identifier: GPL-2.0
/*
 * The surface: scheme and surface resources (include/panda/surface.h;
 * devices.md 11.5, graphics.md 3-4, abi.md 3.3).
 *
 *	surface:/fb0		the framebuffer (a new resource per open, all
 *				on the same memory); also any device path of
 *				the bound GPU (/pci/display/0, /pci/00:01.0)
 *	surface:/window		a new compositor window; it goes with the
 *				resource, i.e. with its last handle
 *
 * Errors: a handle that is no surface is BadHandle; an operation a
 * surface of that kind does not have (fill or update params on the
 * wrong kind) is NotSupported; a rectangle outside the surface or a
 * buffer too small is InvalidArgument.
 */
#include <lib/string.h>
#include <panda/buffer.h>
#include <panda/compositor.h>
#include <panda/errno.h>
#include <panda/handle.h>
#include <panda/mm.h>
#include <panda/surface.h>
#include <panda/vfs.h>

struct surface {
	struct resource res;
	struct window *win;		/* NULL: the framebuffer */
};

static struct surface *to_surface(struct resource *r)
{
	return container_of(r, struct surface, res);
}

static void surface_destroy(struct resource *r)
{
	struct surface *s = to_surface(r);

	if (s->win)
		window_destroy(s->win);
	kfree(s);
}

static const struct resource_ops surface_ops = {
	.name = "surface",
	.tag = PANDA_TAG_SURFACE,
	.destroy = surface_destroy,
};

bool resource_is_surface(struct resource *r)
{
	return r && r->ops == &surface_ops;
}

static bool is_fb_path(const char *path)
{
	return !strcmp(path, "/fb0") || display_devpath_match(path);
}

int surface_scheme_open(const char *path, struct resource **out)
{
	bool window = !strcmp(path, "/window");
	struct surface *s;

	if (!display_framebuffer() || (!window && !is_fb_path(path)))
		return -ENOENT;
	s = kzalloc(sizeof(*s));
	if (!s)
		return -ENOMEM;
	if (window) {
		s->win = window_create();
		if (!s->win) {
			kfree(s);
			return -ENOMEM;
		}
	}
	resource_init(&s->res, &surface_ops);
	*out = &s->res;
	return 0;
}

/* Side-effect free (devices.md 11.7): no window is created. */
bool surface_scheme_probe(const char *path)
{
	return display_framebuffer() &&
	       (!strcmp(path, "/window") || is_fb_path(path));
}

int surface_scheme_opendir(const char *path, struct resource **out)
{
	struct dirent_list l = { 0 };
	int ret;

	if (strcmp(path, "/"))
		return -ENOENT;
	ret = dirent_list_add(&l, "window", 6, false);
	if (!ret)
		ret = dirent_list_add(&l, "fb0", 3, false);
	if (!ret && !(*out = dir_resource_create(&l)))
		ret = -ENOMEM;
	if (ret)
		dirent_list_free(&l);
	return ret;
}

int surface_info(struct resource *r, struct panda_surface_info *out)
{
	struct surface *s = to_surface(r);
	const struct framebuffer *fb = display_framebuffer();

	if (!resource_is_surface(r))
		return -PANDA_ERR_BAD_HANDLE;
	memset(out, 0, sizeof(*out));
	if (s->win) {
		window_info(s->win, out);
		return 0;
	}
	out->width = fb->width;
	out->height = fb->height;
	out->format = PANDA_PIXEL_FORMAT_ARGB8888;
	out->stride = fb->stride;
	return 0;
}

int surface_blit(struct resource *r, const struct panda_blit_params *p,
		 struct resource *buf)
{
	struct surface *s = to_surface(r);
	struct buffer *b = buf ? resource_buffer(buf) : NULL;
	struct pix_source src;

	int ret;

	if (!resource_is_surface(r) || !b)
		return -PANDA_ERR_BAD_HANDLE;
	/* The owner (maybe another process) cannot resize it meanwhile. */
	buffer_io_lock(b);
	pix_source_buffer(&src, b);
	ret = s->win ? window_blit(s->win, p, &src) : fb_blit(p, &src);
	buffer_io_unlock(b);
	return ret;
}

int surface_fill(struct resource *r, const struct panda_fill_params *p)
{
	struct surface *s = to_surface(r);

	if (!resource_is_surface(r))
		return -PANDA_ERR_BAD_HANDLE;
	if (s->win)
		return -ENOTSUP;	/* graphics.md 4.1: windows reject fill */
	return fb_fill(p);
}

int surface_flush(struct resource *r, const struct panda_surface_rect *rect)
{
	struct surface *s = to_surface(r);

	if (!resource_is_surface(r))
		return -PANDA_ERR_BAD_HANDLE;
	/* The framebuffer always pushes all of itself (4.4). */
	return s->win ? window_flush(s->win, rect) : fb_flush();
}

int surface_update_params(struct resource *r,
			  const struct panda_update_params *p)
{
	struct surface *s = to_surface(r);

	if (!resource_is_surface(r))
		return -PANDA_ERR_BAD_HANDLE;
	if (!s->win)
		return -ENOTSUP;	/* not a window */
	return window_update(s->win, p);
}
