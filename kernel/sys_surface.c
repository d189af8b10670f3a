// SPDX-License-Identifier: GPL-2.0
/*
 * OP_SURFACE_*: info, blit, fill, flush, update params (abi.md 3.3,
 * graphics.md 4).  Copies the parameter structures in and the info out,
 * resolves the handles, and leaves the work to the surface resources
 * (include/panda/surface.h).  Without CONFIG_VIRTIO_GPU no handle is a
 * surface.
 */
#include <panda/errno.h>
#include <panda/handle.h>
#include <panda/process.h>
#include <panda/surface.h>
#include <panda/syscall.h>
#include <panda/uaccess.h>

static struct handle_entry *lookup(uint32_t handle)
{
	return handle_lookup(&current_process()->handles, handle);
}

#ifdef CONFIG_VIRTIO_GPU
static int64_t surface_op(struct resource *r, uint32_t op, uint64_t arg)
{
	struct panda_surface_info info;
	struct panda_blit_params bp;
	struct panda_fill_params fp;
	struct panda_surface_rect rect;
	struct panda_update_params up;
	struct handle_entry *b;
	int ret;

	switch (op) {
	case PANDA_OP_SURFACE_INFO:
		if (!access_ok(arg, sizeof(info)))
			return -EINVAL;
		ret = surface_info(r, &info);
		return ret ? ret : copy_to_user((void *)arg, &info, sizeof(info));
	case PANDA_OP_SURFACE_BLIT:
		ret = copy_from_user(&bp, (const void *)arg, sizeof(bp));
		if (ret)
			return ret;
		b = lookup(bp.buffer_handle);
		return surface_blit(r, &bp, b ? b->res : NULL);
	case PANDA_OP_SURFACE_FILL:
		ret = copy_from_user(&fp, (const void *)arg, sizeof(fp));
		return ret ? ret : surface_fill(r, &fp);
	case PANDA_OP_SURFACE_FLUSH:
		if (!arg)
			return surface_flush(r, NULL);
		ret = copy_from_user(&rect, (const void *)arg, sizeof(rect));
		return ret ? ret : surface_flush(r, &rect);
	case PANDA_OP_SURFACE_UPDATE_PARAMS:
		ret = copy_from_user(&up, (const void *)arg, sizeof(up));
		return ret ? ret : surface_update_params(r, &up);
	}
	return -ENOTSUP;
}
#endif

int64_t sys_surface(const struct syscall_args *a)
{
	struct handle_entry *h;

	if (a->op < PANDA_OP_SURFACE_INFO ||
	    a->op > PANDA_OP_SURFACE_UPDATE_PARAMS)
		return -ENOTSUP;
	h = lookup(a->handle);
	if (!h || !resource_is_surface(h->res))
		return -PANDA_ERR_BAD_HANDLE;
#ifdef CONFIG_VIRTIO_GPU
	{
		/* A flush sleeps: keep the surface whatever happens to h. */
		struct resource *r = h->res;
		int64_t ret;

		resource_get(r);
		ret = surface_op(r, a->op, a->a0);
		resource_put(r);
		return ret;
	}
#else
	return -PANDA_ERR_BAD_HANDLE;
#endif
}
