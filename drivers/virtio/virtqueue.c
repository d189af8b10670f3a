// SPDX-License-Identifier: GPL-2.0
/*
 * Split virtqueues (devices.md 6.4).  Free descriptors form a list linked
 * through their next fields, so a chain taken from its head is already
 * linked in order.  A chain is identified by its head index (the token);
 * its cookie is the driver's.  Callers serialise all calls on a queue
 * (include/panda/virtio.h).
 *
 * Nothing the device writes (the used ring) is trusted: a bad index or
 * token marks the queue broken instead of corrupting the free list.
 */
#include <panda/errno.h>
#include <panda/printk.h>
#include <panda/virtio.h>

static void mark_broken(struct virtqueue *vq, const char *why, uint32_t val)
{
	struct pci_dev *d = vq->vdev->pci;

	if (!vq->broken)
		pr_err("virtio %02x:%02x.%x: queue %u: %s (%u); queue disabled",
		       d->bus, d->dev, d->fn, vq->index, why, val);
	vq->broken = true;
}

int virtqueue_add(struct virtqueue *vq, const struct vq_buf *bufs,
		  unsigned int nr, void *cookie)
{
	uint16_t head = vq->free_head, idx = head, last = head;
	unsigned int i;

	if (!nr || nr > vq->size || !cookie)
		return -EINVAL;
	if (vq->broken)
		return -EIO;
	if (nr > vq->num_free)
		return -EAGAIN;
	for (i = 0; i < nr; i++) {
		struct vring_desc *d = &vq->desc[idx];

		d->addr = bufs[i].phys;
		d->len = bufs[i].len;
		d->flags = (bufs[i].device_writes ? VRING_DESC_F_WRITE : 0) |
			   (i + 1 < nr ? VRING_DESC_F_NEXT : 0);
		last = idx;
		idx = d->next;
	}
	vq->free_head = vq->desc[last].next;
	vq->num_free -= (uint16_t)nr;
	vq->cookies[head] = cookie;
	vq->avail->ring[vq->avail_shadow & (vq->size - 1)] = head;
	vq->avail_shadow++;
	vq->added++;
	return head;
}

void virtqueue_kick(struct virtqueue *vq)
{
	if (!vq->added)
		return;
	vq->added = 0;
	/* Ring entries before the index, the index before the notify. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	WRITE_ONCE(vq->avail->idx, vq->avail_shadow);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	mmio_write16(vq->notify, vq->index);
}

void *virtqueue_cookie(struct virtqueue *vq, uint16_t token)
{
	return token < vq->size ? vq->cookies[token] : NULL;
}

void *virtqueue_get_used(struct virtqueue *vq, uint32_t *len,
			 uint16_t *token)
{
	uint16_t used_idx, outstanding, id, i, n = 1;
	struct vring_used_elem e;
	void *cookie;

	if (vq->broken)
		return NULL;
	used_idx = READ_ONCE(vq->used->idx);
	if (used_idx == vq->last_used)
		return NULL;
	/* The element is read after the index that published it. */
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	outstanding = (uint16_t)(READ_ONCE(vq->avail->idx) - vq->last_used);
	if ((uint16_t)(used_idx - vq->last_used) > outstanding) {
		mark_broken(vq, "used index beyond what was made available",
			    used_idx);
		return NULL;
	}
	e = vq->used->ring[vq->last_used & (vq->size - 1)];
	if (e.id >= vq->size || !vq->cookies[e.id]) {
		mark_broken(vq, "used entry names no outstanding chain", e.id);
		return NULL;
	}
	id = (uint16_t)e.id;
	for (i = id; vq->desc[i].flags & VRING_DESC_F_NEXT;
	     i = vq->desc[i].next)
		if (++n > vq->size) {
			mark_broken(vq, "descriptor chain loops", id);
			return NULL;
		}
	vq->desc[i].next = vq->free_head;
	vq->free_head = id;
	vq->num_free += n;
	cookie = vq->cookies[id];
	vq->cookies[id] = NULL;
	vq->last_used++;
	if (len)
		*len = e.len;
	if (token)
		*token = id;
	return cookie;
}
