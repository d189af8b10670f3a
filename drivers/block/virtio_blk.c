// SPDX-License-Identifier: GPL-2.0
/*
 * virtio-blk (CONFIG_VIRTIO_BLK, devices.md 7): one request queue,
 * interrupt-driven completion, many requests in flight, scatter-gather.
 *
 * A request is one descriptor chain: a 16-byte header, one descriptor per
 * physically contiguous piece of its segments, a status byte.  Headers
 * and status bytes live in a DMA array of per-request slots.  Requests
 * enter a FIFO (vb->pending) and go to the ring in order, as long as
 * there are descriptors and the request does not overlap a conflicting
 * one in flight (include/panda/blkdev.h, "Ordering"); completions free
 * descriptors and start what waited.  Everything runs under vb->lock,
 * taken with interrupts off; end_io is called after it is dropped, so it
 * may submit again.
 *
 * A device that misbehaves (a bad used entry) is reset and every request
 * fails with -EIO; the device is not used again.
 */
#include <lib/format.h>
#include <lib/string.h>
#include <panda/blkdev.h>
#include <panda/errno.h>
#include <panda/mm.h>
#include <panda/printk.h>
#include <panda/virtio.h>

#define VIRTIO_BLK_T_IN		0
#define VIRTIO_BLK_T_OUT	1
#define VIRTIO_BLK_T_FLUSH	4

#define VIRTIO_BLK_S_OK		0
#define VIRTIO_BLK_S_IOERR	1
#define VIRTIO_BLK_S_UNSUPP	2
#define VBLK_STATUS_NOT_READY	3	/* what the driver writes first */

#define VIRTIO_BLK_F_SIZE_MAX	1
#define VIRTIO_BLK_F_SEG_MAX	2
#define VIRTIO_BLK_F_RO		5
#define VIRTIO_BLK_F_BLK_SIZE	6
#define VIRTIO_BLK_F_FLUSH	9

/* Device configuration offsets (7.1). */
#define VBLK_CFG_CAPACITY	0
#define VBLK_CFG_SIZE_MAX	8
#define VBLK_CFG_SEG_MAX	12
#define VBLK_CFG_BLK_SIZE	20

#define VBLK_QUEUE_SIZE		256
/* Per-descriptor limit when the device states none. */
#define VBLK_DEFAULT_SEG_SIZE	(4u << 20)

struct virtio_blk_req_hdr {
	uint32_t type;
	uint32_t reserved;
	uint64_t sector;
} __packed;

struct vblk_slot {
	struct virtio_blk_req_hdr hdr;
	uint8_t status;
	uint8_t pad[15];
};

struct virtio_blk {
	struct blkdev bd;
	struct virtio_device vd;
	struct virtqueue *vq;
	spinlock_t lock;
	struct list_head pending;	/* accepted, not yet on the ring */
	struct list_head inflight;	/* on the ring */
	struct vblk_slot *slots;	/* DMA, one per queue entry */
	phys_addr_t slots_phys;
	unsigned int slots_order;
	uint16_t *free_slots;		/* stack of free slot indices */
	unsigned int nr_free_slots;
	struct vq_buf *bufs;		/* scratch for one chain */
	struct blk_dma *dma;		/* scratch for one segment */
	bool broken;
};

static unsigned int nr_vblk;

static struct virtio_blk *to_vblk(struct blkdev *d)
{
	return container_of(d, struct virtio_blk, bd);
}

/* The request's slot index is kept in its token field until it is added. */
static int validate(struct virtio_blk *vb, struct blk_request *rq)
{
	struct blkdev *d = &vb->bd;
	uint64_t total = 0;
	unsigned int i, descs = 0;
	int n;

	switch (rq->op) {
	case BLK_OP_FLUSH:
		if (!d->can_flush)
			return -ENOTSUP;
		rq->nr_sectors = 0;
		rq->nr_descs = 0;
		return 0;
	case BLK_OP_WRITE:
		if (d->read_only)
			return -PANDA_ERR_NOT_WRITABLE;
		break;
	case BLK_OP_READ:
		break;
	default:
		return -EINVAL;
	}
	if (!rq->nr_segs || !rq->segs)
		return -EINVAL;
	for (i = 0; i < rq->nr_segs; i++) {
		n = blk_seg_map(d, rq->segs[i].buf, rq->segs[i].len, NULL, 0);
		if (n < 0)
			return n;
		descs += (unsigned int)n;
		total += rq->segs[i].len;
	}
	if (!total || total % BLK_SECTOR_SIZE || descs > d->max_segs)
		return -EINVAL;
	rq->nr_sectors = total >> BLK_SECTOR_SHIFT;
	if (rq->sector >= d->nr_sectors ||
	    rq->nr_sectors > d->nr_sectors - rq->sector)
		return -EINVAL;
	rq->nr_descs = descs;
	return 0;
}

/* May rq start while e is in flight?  (blkdev.h, "Ordering") */
static bool conflicts(const struct blk_request *rq, const struct blk_request *e)
{
	if (rq->op == BLK_OP_FLUSH || e->op == BLK_OP_FLUSH)
		return true;
	if (rq->op == BLK_OP_READ && e->op == BLK_OP_READ)
		return false;
	return rq->sector < e->sector + e->nr_sectors &&
	       e->sector < rq->sector + rq->nr_sectors;
}

static bool must_wait(struct virtio_blk *vb, const struct blk_request *rq)
{
	struct blk_request *e;

	list_for_each_entry(e, &vb->inflight, queue)
		if (conflicts(rq, e))
			return true;
	return false;
}

/* Puts one request on the ring; the caller checked room and order. */
static int start_request(struct virtio_blk *vb, struct blk_request *rq)
{
	unsigned int n = 0, i, k, slot = vb->free_slots[--vb->nr_free_slots];
	struct vblk_slot *s = &vb->slots[slot];
	phys_addr_t sp = vb->slots_phys + slot * sizeof(*s);
	bool reading = rq->op == BLK_OP_READ;
	int token, m;

	s->hdr.type = rq->op == BLK_OP_READ ? VIRTIO_BLK_T_IN :
		      rq->op == BLK_OP_WRITE ? VIRTIO_BLK_T_OUT :
		      VIRTIO_BLK_T_FLUSH;
	s->hdr.reserved = 0;
	s->hdr.sector = rq->op == BLK_OP_FLUSH ? 0 : rq->sector;
	s->status = VBLK_STATUS_NOT_READY;
	vb->bufs[n++] = (struct vq_buf){ sp, sizeof(s->hdr), false };
	for (i = 0; i < (rq->op == BLK_OP_FLUSH ? 0 : rq->nr_segs); i++) {
		m = blk_seg_map(&vb->bd, rq->segs[i].buf, rq->segs[i].len,
				vb->dma, vb->bd.max_segs);
		/* The buffers changed since validate(): a caller bug. */
		if (m < 0 || n + (unsigned int)m + 1 > rq->nr_descs + 2) {
			vb->free_slots[vb->nr_free_slots++] = (uint16_t)slot;
			return -EINVAL;
		}
		for (k = 0; k < (unsigned int)m; k++)
			vb->bufs[n++] = (struct vq_buf){ vb->dma[k].phys,
							 vb->dma[k].len,
							 reading };
	}
	vb->bufs[n++] = (struct vq_buf){
		sp + offsetof(struct vblk_slot, status), 1, true };
	token = virtqueue_add(vb->vq, vb->bufs, n, rq);
	if (token < 0) {
		vb->free_slots[vb->nr_free_slots++] = (uint16_t)slot;
		return token;
	}
	rq->token = (uint16_t)slot;	/* our slot (the chain has rq) */
	list_del_init(&rq->queue);
	list_add_tail(&rq->queue, &vb->inflight);
	switch (rq->op) {
	case BLK_OP_READ:
		vb->bd.stats.read_reqs++;
		vb->bd.stats.sectors_read += rq->nr_sectors;
		break;
	case BLK_OP_WRITE:
		vb->bd.stats.write_reqs++;
		vb->bd.stats.sectors_written += rq->nr_sectors;
		break;
	case BLK_OP_FLUSH:
		vb->bd.stats.flush_reqs++;
		break;
	}
	vb->bd.stats.data_descs += rq->nr_descs;
	if (++vb->bd.stats.inflight > vb->bd.stats.max_inflight)
		vb->bd.stats.max_inflight = vb->bd.stats.inflight;
	return 0;
}

/*
 * Starts pending requests in order while they may go, with one notify.
 * A request that cannot be put on the ring at all moves to done.
 */
static void dispatch(struct virtio_blk *vb, struct list_head *done)
{
	struct blk_request *rq;
	bool started = false;
	int ret;

	while (!list_empty(&vb->pending) && !vb->broken) {
		rq = list_first_entry(&vb->pending, struct blk_request, queue);
		if (must_wait(vb, rq) ||
		    rq->nr_descs + 2 > virtqueue_num_free(vb->vq) ||
		    !vb->nr_free_slots) {
			vb->bd.stats.deferred++;
			break;
		}
		ret = start_request(vb, rq);
		if (ret) {
			list_del_init(&rq->queue);
			rq->status = ret;
			list_add_tail(&rq->queue, done);
			vb->bd.stats.errors++;
			continue;
		}
		started = true;
	}
	if (started)
		virtqueue_kick(vb->vq);
}

/* Completes the requests of done; interrupts off, vb->lock not held. */
static void end_requests(struct list_head *done)
{
	struct blk_request *rq, *n;

	list_for_each_entry_safe(rq, n, done, queue) {
		list_del_init(&rq->queue);
		rq->end_io(rq);
	}
}

static int vblk_submit(struct blkdev *d, struct blk_request *const *rqs,
		       unsigned int nr)
{
	struct virtio_blk *vb = to_vblk(d);
	LIST_HEAD(done);
	uint64_t flags;
	unsigned int i;
	int ret;

	if (!nr)
		return -EINVAL;
	for (i = 0; i < nr; i++) {
		ret = validate(vb, rqs[i]);
		if (ret)
			return ret;
	}
	spin_lock_irqsave(&vb->lock, flags);
	if (vb->broken) {
		spin_unlock_irqrestore(&vb->lock, flags);
		return -EIO;
	}
	for (i = 0; i < nr; i++) {
		rqs[i]->status = 0;
		INIT_LIST_HEAD(&rqs[i]->queue);
		list_add_tail(&rqs[i]->queue, &vb->pending);
	}
	dispatch(vb, &done);
	spin_unlock(&vb->lock);
	end_requests(&done);
	local_irq_restore(flags);
	return 0;
}

static const struct blkdev_ops vblk_ops = {
	.submit = vblk_submit,
};

/* The queue is broken: stop the device, fail everything.  Locked. */
static void give_up(struct virtio_blk *vb, struct list_head *done)
{
	struct blk_request *rq, *n;

	vb->broken = true;
	if (virtio_reset(&vb->vd)) {
		/* It may still write into the buffers: leave them be. */
		pr_err("virtio-blk %s: device does not reset; %u request(s) never complete",
		       vb->bd.name, vb->bd.stats.inflight);
		return;
	}
	pr_err("virtio-blk %s: device reset, failing all requests",
	       vb->bd.name);
	list_for_each_entry_safe(rq, n, &vb->inflight, queue) {
		list_del_init(&rq->queue);
		rq->status = -EIO;
		list_add_tail(&rq->queue, done);
		vb->bd.stats.inflight--;
	}
	list_for_each_entry_safe(rq, n, &vb->pending, queue) {
		list_del_init(&rq->queue);
		rq->status = -EIO;
		list_add_tail(&rq->queue, done);
	}
}

/* Queue callback: interrupt context, interrupts off. */
static void vblk_done(struct virtqueue *vq)
{
	struct virtio_blk *vb = vq->priv;
	struct blk_request *rq;
	LIST_HEAD(done);
	uint64_t flags;
	uint32_t len;
	uint16_t head;

	spin_lock_irqsave(&vb->lock, flags);
	vb->bd.stats.interrupts++;
	while ((rq = virtqueue_get_used(vq, &len, &head))) {
		uint8_t status = READ_ONCE(vb->slots[rq->token].status);

		vb->free_slots[vb->nr_free_slots++] = rq->token;
		rq->status = status == VIRTIO_BLK_S_OK ? 0 :
			     status == VIRTIO_BLK_S_UNSUPP ? -ENOTSUP : -EIO;
		if (rq->status) {
			vb->bd.stats.errors++;
			pr_err("virtio-blk %s: request at sector %lu failed (status %u)",
			       vb->bd.name, rq->sector, status);
		}
		list_del_init(&rq->queue);
		list_add_tail(&rq->queue, &done);
		vb->bd.stats.inflight--;
		vb->bd.stats.completions++;
	}
	if (vq->broken && !vb->broken)
		give_up(vb, &done);
	dispatch(vb, &done);
	spin_unlock(&vb->lock);
	end_requests(&done);
	local_irq_restore(flags);
}

static void vblk_free(struct virtio_blk *vb)
{
	virtio_dma_free(vb->slots, vb->slots_order);
	kfree(vb->free_slots);
	kfree(vb->bufs);
	kfree(vb->dma);
	kfree(vb);
}

/* Limits and capacity from the configuration (7.1). */
static int read_config(struct virtio_blk *vb)
{
	struct virtio_device *vd = &vb->vd;
	struct blkdev *d = &vb->bd;
	uint32_t seg_max = vb->vq->size - 2, v;

	d->nr_sectors = virtio_cfg_read64(vd, VBLK_CFG_CAPACITY);
	d->sector_size = BLK_SECTOR_SIZE;
	d->max_seg_size = VBLK_DEFAULT_SEG_SIZE;
	if (virtio_has_feature(vd, VIRTIO_BLK_F_SEG_MAX)) {
		v = virtio_cfg_read32(vd, VBLK_CFG_SEG_MAX);
		if (v)
			seg_max = MIN(seg_max, v);
	}
	if (virtio_has_feature(vd, VIRTIO_BLK_F_SIZE_MAX)) {
		v = virtio_cfg_read32(vd, VBLK_CFG_SIZE_MAX);
		if (v && v < BLK_SECTOR_SIZE) {
			pr_err("virtio-blk: size_max %u is below a sector", v);
			return -ENOTSUP;
		}
		if (v)
			d->max_seg_size = MIN(d->max_seg_size, v);
	}
	if (virtio_has_feature(vd, VIRTIO_BLK_F_BLK_SIZE))
		d->block_size = virtio_cfg_read32(vd, VBLK_CFG_BLK_SIZE);
	d->max_segs = seg_max;
	d->read_only = virtio_has_feature(vd, VIRTIO_BLK_F_RO);
	d->can_flush = virtio_has_feature(vd, VIRTIO_BLK_F_FLUSH);
	if (!d->nr_sectors ||
	    d->nr_sectors > (UINT64_MAX >> BLK_SECTOR_SHIFT)) {
		pr_err("virtio-blk: unusable capacity %lu", d->nr_sectors);
		return -ENOTSUP;
	}
	return 0;
}

static int vblk_setup(struct virtio_blk *vb)
{
	unsigned int size, i;
	int ret;

	if (vb->vd.irq.mode == PCI_IRQ_NONE)
		return -ENOTSUP;	/* completion is interrupt-driven */
	ret = virtio_negotiate(&vb->vd, 1ULL << VIRTIO_BLK_F_SIZE_MAX |
				       1ULL << VIRTIO_BLK_F_SEG_MAX |
				       1ULL << VIRTIO_BLK_F_RO |
				       1ULL << VIRTIO_BLK_F_BLK_SIZE |
				       1ULL << VIRTIO_BLK_F_FLUSH);
	if (ret)
		return ret;
	vb->vq = virtio_setup_vq(&vb->vd, 0, VBLK_QUEUE_SIZE, vblk_done, vb);
	if (!vb->vq || vb->vq->size < 3)
		return -ENOMEM;
	size = vb->vq->size;
	ret = read_config(vb);
	if (ret)
		return ret;
	vb->slots = virtio_dma_alloc(size * sizeof(struct vblk_slot),
				     &vb->slots_phys, &vb->slots_order);
	vb->free_slots = kmalloc(size * sizeof(uint16_t));
	vb->bufs = kmalloc(size * sizeof(struct vq_buf));
	vb->dma = kmalloc(vb->bd.max_segs * sizeof(struct blk_dma));
	if (!vb->slots || !vb->free_slots || !vb->bufs || !vb->dma)
		return -ENOMEM;
	for (i = 0; i < size; i++)
		vb->free_slots[i] = (uint16_t)(size - 1 - i);
	vb->nr_free_slots = size;
	virtio_driver_ok(&vb->vd);
	if (vb->vd.irq.mode == PCI_IRQ_NONE)
		return -ENOTSUP;
	return 0;
}

static int vblk_probe(struct pci_dev *pci, const struct pci_device_id *id)
{
	struct virtio_blk *vb = kzalloc(sizeof(*vb));
	int ret;

	if (!vb)
		return -ENOMEM;
	vb->lock = (spinlock_t)SPINLOCK_INIT;
	INIT_LIST_HEAD(&vb->pending);
	INIT_LIST_HEAD(&vb->inflight);
	vb->vd.priv = vb;
	ret = virtio_pci_init(&vb->vd, pci);
	if (ret) {
		vblk_free(vb);
		return ret;
	}
	ret = vblk_setup(vb);
	if (!ret) {
		snprintf(vb->bd.name, sizeof(vb->bd.name), "vblk%u", nr_vblk);
		vb->bd.ops = &vblk_ops;
		vb->bd.pci = pci;
		vb->bd.driver_data = vb;
		ret = blkdev_register(&vb->bd);
	}
	if (ret) {
		virtio_fail(&vb->vd);
		vblk_free(vb);
		return ret;
	}
	nr_vblk++;
	pci->driver_data = vb;
	pr_info("virtio-blk: %s at %02x:%02x.%x: %lu sectors, queue %u, %u segments of up to %u bytes, %s vector 0x%x%s%s",
		vb->bd.name, pci->bus, pci->dev, pci->fn, vb->bd.nr_sectors,
		vb->vq->size, vb->bd.max_segs, vb->bd.max_seg_size,
		vb->vd.irq.mode == PCI_IRQ_MSIX ? "MSI-X" : "INTx",
		vb->vd.irq.vector, vb->bd.can_flush ? ", flush" : "",
		vb->bd.read_only ? ", read-only" : "");
	return 0;
}

static const struct pci_device_id vblk_ids[] = {
	{ VIRTIO_VENDOR, 0x1001, PCI_ANY_SUBCLASS },	/* transitional */
	{ VIRTIO_VENDOR, 0x1042, PCI_ANY_SUBCLASS },	/* modern */
	{ 0 }
};

const struct pci_driver virtio_blk_driver = {
	.name = "virtio-blk",
	.ids = vblk_ids,
	.probe = vblk_probe,
};
