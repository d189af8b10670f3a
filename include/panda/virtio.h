/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Virtio over PCI, modern transport (CONFIG_VIRTIO, devices.md 6), shared
 * by the virtio-blk, virtio-gpu and virtio-input drivers.
 *
 * A driver's probe does, in this order (devices.md 6.3):
 *
 *	ret = virtio_pci_init(vd, pci);	(caps, reset, ACK, DRIVER, IRQ)
 *	ret = virtio_negotiate(vd, wanted);	(+ VERSION_1, FEATURES_OK)
 *	vq = virtio_setup_vq(vd, 0, 256, done_fn, data);
 *	...driver-specific setup...
 *	virtio_driver_ok(vd);
 *
 * and on any failure after virtio_pci_init(): virtio_fail(vd), which sets
 * FAILED, frees the queues, releases the interrupt and unmaps everything.
 *
 * Interrupts: MSI-X table entry 0 on a vector of its own for the
 * configuration and every queue (devices.md 6.5); when the device has no
 * MSI-X, or reads a queue/config vector back as 0xffff, the legacy line
 * through the I/O APIC instead.  The handler calls the queue callbacks
 * (and config_changed) in interrupt context, interrupts off.
 *
 * Virtqueues are split rings (6.4) in zeroed, physically contiguous
 * frames.  They are not locked: the driver serialises every virtqueue_*
 * call on a queue, its callback included (an interrupt-safe lock taken in
 * both its submit path and its callback).
 */
#ifndef _PANDA_VIRTIO_H
#define _PANDA_VIRTIO_H

#include <panda/pci.h>

#define VIRTIO_VENDOR		0x1af4

/* Device status (6.3). */
#define VIRTIO_STATUS_ACKNOWLEDGE	1
#define VIRTIO_STATUS_DRIVER		2
#define VIRTIO_STATUS_DRIVER_OK		4
#define VIRTIO_STATUS_FEATURES_OK	8
#define VIRTIO_STATUS_FAILED		128

/* Transport feature bits (6.3). */
#define VIRTIO_F_RING_INDIRECT_DESC	28
#define VIRTIO_F_RING_EVENT_IDX		29
#define VIRTIO_F_VERSION_1		32

/* Capability cfg_type values (6.1). */
#define VIRTIO_PCI_CAP_COMMON		1
#define VIRTIO_PCI_CAP_NOTIFY		2
#define VIRTIO_PCI_CAP_ISR		3
#define VIRTIO_PCI_CAP_DEVICE		4

/* Common configuration (6.2). */
#define VIRTIO_COMMON_DFSELECT		0x00
#define VIRTIO_COMMON_DF		0x04
#define VIRTIO_COMMON_GFSELECT		0x08
#define VIRTIO_COMMON_GF		0x0c
#define VIRTIO_COMMON_MSIX		0x10
#define VIRTIO_COMMON_NUMQ		0x12
#define VIRTIO_COMMON_STATUS		0x14
#define VIRTIO_COMMON_CFGGEN		0x15
#define VIRTIO_COMMON_Q_SELECT		0x16
#define VIRTIO_COMMON_Q_SIZE		0x18
#define VIRTIO_COMMON_Q_MSIX		0x1a
#define VIRTIO_COMMON_Q_ENABLE		0x1c
#define VIRTIO_COMMON_Q_NOFF		0x1e
#define VIRTIO_COMMON_Q_DESC		0x20
#define VIRTIO_COMMON_Q_AVAIL		0x28
#define VIRTIO_COMMON_Q_USED		0x30
#define VIRTIO_COMMON_LEN		0x38
#define VIRTIO_MSI_NO_VECTOR		0xffff

/* ISR status bits (legacy interrupt). */
#define VIRTIO_ISR_QUEUE		1
#define VIRTIO_ISR_CONFIG		2

/* Split ring (6.4). */
#define VRING_DESC_F_NEXT		1
#define VRING_DESC_F_WRITE		2

struct vring_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
} __packed;

struct vring_avail {
	uint16_t flags;
	uint16_t idx;
	uint16_t ring[];	/* then used_event */
} __packed;

struct vring_used_elem {
	uint32_t id;
	uint32_t len;
} __packed;

struct vring_used {
	uint16_t flags;
	uint16_t idx;
	struct vring_used_elem ring[];	/* then avail_event */
} __packed;

#define VIRTIO_MAX_QUEUES	8
#define VIRTQUEUE_MAX_SIZE	1024

struct virtio_device;
struct virtqueue;

typedef void (*virtqueue_done_fn)(struct virtqueue *vq);

struct virtqueue {
	struct virtio_device *vdev;
	uint16_t index, size;
	struct vring_desc *desc;
	struct vring_avail *avail;
	struct vring_used *used;
	phys_addr_t desc_phys, avail_phys, used_phys;
	unsigned int desc_order, avail_order, used_order;
	volatile uint16_t *notify;	/* this queue's notify register */
	uint16_t free_head, num_free;
	uint16_t avail_shadow;		/* next avail.idx to publish */
	uint16_t last_used;		/* used entries consumed so far */
	uint16_t added;			/* chains added since a kick */
	void **cookies;			/* per head descriptor */
	virtqueue_done_fn callback;
	void *priv;
	bool broken;			/* the device misbehaved */
};

struct virtio_device {
	struct pci_dev *pci;
	volatile uint8_t *common;
	volatile uint8_t *isr;
	volatile uint8_t *device_cfg;
	uint32_t device_cfg_len;
	/* Notify structure: BAR address and length, multiplier. */
	phys_addr_t notify_phys;
	uint32_t notify_len, notify_mult;
	/* Mappings made by virtio_pci_init() (for virtio_fail()). */
	uint32_t common_len, isr_len;
	uint64_t features;		/* negotiated */
	struct pci_irq irq;
	struct virtqueue *vqs[VIRTIO_MAX_QUEUES];
	/* Optional: configuration change (interrupt context). */
	void (*config_changed)(struct virtio_device *vd);
	void *priv;			/* the driver's */
	unsigned long irqs;		/* interrupts taken */
};

/* A buffer of a descriptor chain: physical, contiguous. */
struct vq_buf {
	phys_addr_t phys;
	uint32_t len;
	bool device_writes;		/* VRING_DESC_F_WRITE */
};

/*
 * Maps the common, ISR, device and notify structures (the first
 * capability of each type, devices.md 6.1), enables the function (memory
 * and bus master), resets the device (waiting up to 100 ms for status 0),
 * sets ACKNOWLEDGE then DRIVER, and sets up the interrupt (MSI-X entry 0,
 * else INTx).  Returns 0 or a negative error, having undone everything.
 */
int virtio_pci_init(struct virtio_device *vd, struct pci_dev *pci);

/* The 64 feature bits the device offers. */
uint64_t virtio_device_features(struct virtio_device *vd);

/*
 * Accepts offered & wanted, plus VIRTIO_F_VERSION_1, which the device
 * must offer (else -ENOTSUP); sets FEATURES_OK and checks the device kept
 * it (else -EIO).  vd->features holds the result.
 */
int virtio_negotiate(struct virtio_device *vd, uint64_t wanted);

static inline bool virtio_has_feature(const struct virtio_device *vd,
				      unsigned int bit)
{
	return vd->features & (1ULL << bit);
}

/*
 * Sets up queue index with min(device maximum, max_size) entries (a
 * power of two), its rings in DMA frames, its MSI-X vector (entry 0), and
 * enables it.  callback runs from the interrupt when the device may have
 * used buffers.  NULL when the queue does not exist or memory ran out.
 */
struct virtqueue *virtio_setup_vq(struct virtio_device *vd, unsigned int index,
				  unsigned int max_size,
				  virtqueue_done_fn callback, void *priv);

/* Config vector (entry 0, read back), then DRIVER_OK. */
void virtio_driver_ok(struct virtio_device *vd);

/* Marks the device FAILED and releases all virtio_pci_init() set up. */
void virtio_fail(struct virtio_device *vd);

/*
 * Resets the device (status 0, waiting up to 100 ms): it stops using its
 * queues.  0, or -EIO when it did not reset.  For drivers giving up on a
 * misbehaving device before they release its buffers.
 */
int virtio_reset(struct virtio_device *vd);

/* Device-specific configuration (little-endian, within device_cfg_len). */
uint8_t virtio_cfg_read8(struct virtio_device *vd, unsigned int off);
uint16_t virtio_cfg_read16(struct virtio_device *vd, unsigned int off);
uint32_t virtio_cfg_read32(struct virtio_device *vd, unsigned int off);
/* 64-bit fields read consistently (config generation, 6.2). */
uint64_t virtio_cfg_read64(struct virtio_device *vd, unsigned int off);

/*
 * Adds one chain: bufs[0 .. nr) in order, device-readable ones first.
 * Needs nr free descriptors: returns -EAGAIN when there are fewer (and
 * changes nothing), -EINVAL for nr == 0 or nr > size.  cookie comes back
 * from virtqueue_get_used(); it must not be NULL.  Not visible to the
 * device until virtqueue_kick().  Returns the head descriptor index
 * (the request's token, 0 .. size-1).
 */
int virtqueue_add(struct virtqueue *vq, const struct vq_buf *bufs,
		  unsigned int nr, void *cookie);

/* Publishes the chains added since the last kick and notifies the device. */
void virtqueue_kick(struct virtqueue *vq);

/*
 * The next completed chain's cookie (its descriptors freed), or NULL.
 * *len gets the bytes the device says it wrote, *token the head index.
 * A used entry naming a descriptor that is not the head of an
 * outstanding chain, or a used index running ahead of what was made
 * available, marks the queue broken (logged once) and returns NULL.
 */
void *virtqueue_get_used(struct virtqueue *vq, uint32_t *len,
			 uint16_t *token);

static inline unsigned int virtqueue_num_free(const struct virtqueue *vq)
{
	return vq->num_free;
}

/* Cookie of an outstanding head descriptor (NULL if none). */
void *virtqueue_cookie(struct virtqueue *vq, uint16_t token);

/* DMA memory: zeroed, contiguous, page-aligned frames, NULL when out. */
void *virtio_dma_alloc(size_t size, phys_addr_t *phys, unsigned int *order);
void virtio_dma_free(void *va, unsigned int order);

#endif /* _PANDA_VIRTIO_H */
