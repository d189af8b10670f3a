// SPDX-License-Identifier: GPL-2.0
/*
 * Virtio modern PCI transport (devices.md 6, include/panda/virtio.h):
 * capability parsing, the initialisation sequence, feature negotiation,
 * queue setup and the interrupt, which hands completions to the queues'
 * callbacks.
 *
 * The notify structure is not mapped whole: QEMU gives it 4 KiB per
 * possible queue (4 MiB), so each queue maps just its own register
 * (notify BAR + offset + queue_notify_off * multiplier, 6.4).
 */
#include <asm/cpu.h>
#include <lib/string.h>
#include <panda/errno.h>
#include <panda/mm.h>
#include <panda/printk.h>
#include <panda/time.h>
#include <panda/virtio.h>

#define RESET_TIMEOUT_NS	(100 * 1000000ULL)
/* Structures larger than this are refused rather than mapped. */
#define VIRTIO_STRUCT_MAX	(1u << 20)

#define vd_err(vd, fmt, ...)						\
	pr_err("virtio %02x:%02x.%x: " fmt, (vd)->pci->bus,		\
	       (vd)->pci->dev, (vd)->pci->fn, ##__VA_ARGS__)
#define vd_warn(vd, fmt, ...)						\
	pr_warn("virtio %02x:%02x.%x: " fmt, (vd)->pci->bus,		\
		(vd)->pci->dev, (vd)->pci->fn, ##__VA_ARGS__)

static uint8_t get_status(struct virtio_device *vd)
{
	return mmio_read8(vd->common + VIRTIO_COMMON_STATUS);
}

static void set_status(struct virtio_device *vd, uint8_t status)
{
	mmio_write8(vd->common + VIRTIO_COMMON_STATUS, status);
}

static void add_status(struct virtio_device *vd, uint8_t bits)
{
	set_status(vd, get_status(vd) | bits);
}

/* Writes 0 and waits for the device to read back 0 (6.3 step 1). */
static int reset_device(struct virtio_device *vd)
{
	uint64_t end = uptime_ns() + RESET_TIMEOUT_NS;

	set_status(vd, 0);
	while (get_status(vd)) {
		if (uptime_ns() > end)
			return -EIO;
		cpu_relax();
	}
	return 0;
}

int virtio_reset(struct virtio_device *vd)
{
	return reset_device(vd);
}

void *virtio_dma_alloc(size_t size, phys_addr_t *phys, unsigned int *order)
{
	unsigned int o = 0;
	phys_addr_t pa;

	while (((size_t)PAGE_SIZE << o) < size)
		if (++o > 10)
			return NULL;
	pa = alloc_frames(o);
	if (!pa)
		return NULL;
	*phys = pa;
	*order = o;
	return phys_to_virt(pa);
}

void virtio_dma_free(void *va, unsigned int order)
{
	if (va)
		free_frames(virt_to_phys(va), order);
}

/* ---------------------------------------------------------------- caps */

static volatile uint8_t *map_struct(struct virtio_device *vd, unsigned int bar,
				    uint32_t off, uint32_t len)
{
	const struct pci_bar *b = &vd->pci->bar[bar];

	if (!len || len > VIRTIO_STRUCT_MAX)
		return NULL;
	return ioremap(b->addr + off, len);
}

static void unmap_structs(struct virtio_device *vd)
{
	iounmap((void *)vd->common, vd->common_len);
	iounmap((void *)vd->isr, vd->isr_len);
	iounmap((void *)vd->device_cfg, vd->device_cfg_len);
	vd->common = vd->isr = vd->device_cfg = NULL;
	vd->common_len = vd->isr_len = vd->device_cfg_len = 0;
}

/* The first capability of each type (6.1). */
static int map_caps(struct virtio_device *vd)
{
	struct pci_dev *d = vd->pci;
	unsigned int cap = 0;
	bool have_notify = false;

	while ((cap = pci_find_capability(d, PCI_CAP_ID_VNDR, cap))) {
		uint8_t cap_len = pci_read8(d, cap + 2);
		uint8_t type = pci_read8(d, cap + 3);
		uint8_t bar = pci_read8(d, cap + 4);
		uint32_t off = pci_read32(d, cap + 8);
		uint32_t len = pci_read32(d, cap + 12);

		if (cap_len < 16 || bar >= PCI_NR_BARS || !d->bar[bar].addr ||
		    d->bar[bar].io)
			continue;
		switch (type) {
		case VIRTIO_PCI_CAP_COMMON:
			if (vd->common || len < VIRTIO_COMMON_LEN)
				break;
			vd->common = map_struct(vd, bar, off, len);
			vd->common_len = vd->common ? len : 0;
			break;
		case VIRTIO_PCI_CAP_ISR:
			if (vd->isr)
				break;
			vd->isr = map_struct(vd, bar, off, len);
			vd->isr_len = vd->isr ? len : 0;
			break;
		case VIRTIO_PCI_CAP_DEVICE:
			if (vd->device_cfg)
				break;
			vd->device_cfg = map_struct(vd, bar, off, len);
			vd->device_cfg_len = vd->device_cfg ? len : 0;
			break;
		case VIRTIO_PCI_CAP_NOTIFY:
			if (have_notify || cap_len < 20)
				break;
			vd->notify_phys = d->bar[bar].addr + off;
			vd->notify_len = len;
			vd->notify_mult = pci_read32(d, cap + 16);
			have_notify = true;
			break;
		}
	}
	if (vd->common && vd->isr && have_notify)
		return 0;
	vd_err(vd, "missing virtio capabilities (common %s, notify %s, ISR %s)",
	       vd->common ? "ok" : "no", have_notify ? "ok" : "no",
	       vd->isr ? "ok" : "no");
	unmap_structs(vd);
	return -ENOTSUP;
}

/* ---------------------------------------------------------------- IRQ */

static void virtio_irq(void *arg)
{
	struct virtio_device *vd = arg;
	unsigned int i;
	uint8_t isr;

	vd->irqs++;
	/* Reading acknowledges (and deasserts a legacy line). */
	isr = mmio_read8(vd->isr);
	if (vd->irq.mode == PCI_IRQ_INTX && !isr)
		return;		/* a device sharing the line */
	if ((isr & VIRTIO_ISR_CONFIG) && vd->config_changed)
		vd->config_changed(vd);
	if (vd->irq.mode == PCI_IRQ_INTX && !(isr & VIRTIO_ISR_QUEUE))
		return;
	for (i = 0; i < VIRTIO_MAX_QUEUES; i++) {
		struct virtqueue *vq = vd->vqs[i];

		if (vq && vq->callback)
			vq->callback(vq);
	}
}

static int setup_irq(struct virtio_device *vd)
{
	int ret = pci_irq_setup_msix(vd->pci, &vd->irq, virtio_irq, vd);

	if (!ret)
		return 0;
	ret = pci_irq_setup_intx(vd->pci, &vd->irq, virtio_irq, vd);
	if (ret)
		vd_warn(vd, "no usable interrupt (MSI-X or INTx): %d", ret);
	return ret;
}

/* A vector write the device refused: MSI-X is unusable (6.5). */
static void fall_back_to_intx(struct virtio_device *vd, const char *what)
{
	vd_warn(vd, "%s MSI-X vector not accepted, using the legacy interrupt",
		what);
	pci_irq_release(vd->pci, &vd->irq);
	if (pci_irq_setup_intx(vd->pci, &vd->irq, virtio_irq, vd))
		vd_err(vd, "no legacy interrupt either");
}

/* ---------------------------------------------------------------- init */

int virtio_pci_init(struct virtio_device *vd, struct pci_dev *pci)
{
	int ret;

	vd->pci = pci;
	vd->features = 0;
	memset(vd->vqs, 0, sizeof(vd->vqs));
	vd->irq.mode = PCI_IRQ_NONE;
	pci_enable_device(pci);
	ret = map_caps(vd);
	if (ret)
		return ret;
	ret = reset_device(vd);
	if (ret) {
		vd_err(vd, "device did not reset");
		unmap_structs(vd);
		return ret;
	}
	set_status(vd, VIRTIO_STATUS_ACKNOWLEDGE);
	set_status(vd, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	/* Drivers that poll (virtio-gpu) can live without an interrupt. */
	setup_irq(vd);
	return 0;
}

uint64_t virtio_device_features(struct virtio_device *vd)
{
	uint64_t lo, hi;

	mmio_write32(vd->common + VIRTIO_COMMON_DFSELECT, 0);
	lo = mmio_read32(vd->common + VIRTIO_COMMON_DF);
	mmio_write32(vd->common + VIRTIO_COMMON_DFSELECT, 1);
	hi = mmio_read32(vd->common + VIRTIO_COMMON_DF);
	return hi << 32 | lo;
}

int virtio_negotiate(struct virtio_device *vd, uint64_t wanted)
{
	uint64_t offered = virtio_device_features(vd), accept;

	if (!(offered & (1ULL << VIRTIO_F_VERSION_1))) {
		vd_err(vd, "VIRTIO_F_VERSION_1 not offered (features 0x%lx)",
		       offered);
		return -ENOTSUP;
	}
	accept = offered & (wanted | 1ULL << VIRTIO_F_VERSION_1);
	mmio_write32(vd->common + VIRTIO_COMMON_GFSELECT, 0);
	mmio_write32(vd->common + VIRTIO_COMMON_GF, (uint32_t)accept);
	mmio_write32(vd->common + VIRTIO_COMMON_GFSELECT, 1);
	mmio_write32(vd->common + VIRTIO_COMMON_GF, (uint32_t)(accept >> 32));
	add_status(vd, VIRTIO_STATUS_FEATURES_OK);
	if (!(get_status(vd) & VIRTIO_STATUS_FEATURES_OK)) {
		vd_err(vd, "device refused features 0x%lx", accept);
		return -EIO;
	}
	vd->features = accept;
	return 0;
}

static void free_vq(struct virtqueue *vq)
{
	if (!vq)
		return;
	if (vq->notify)
		iounmap((void *)vq->notify, sizeof(uint16_t));
	virtio_dma_free(vq->desc, vq->desc_order);
	virtio_dma_free(vq->avail, vq->avail_order);
	virtio_dma_free(vq->used, vq->used_order);
	kfree(vq->cookies);
	kfree(vq);
}

struct virtqueue *virtio_setup_vq(struct virtio_device *vd, unsigned int index,
				  unsigned int max_size,
				  virtqueue_done_fn callback, void *priv)
{
	volatile uint8_t *c = vd->common;
	struct virtqueue *vq;
	unsigned int size, i;
	uint64_t noff;

	if (index >= VIRTIO_MAX_QUEUES || vd->vqs[index] ||
	    index >= mmio_read16(c + VIRTIO_COMMON_NUMQ))
		return NULL;
	mmio_write16(c + VIRTIO_COMMON_Q_SELECT, (uint16_t)index);
	size = mmio_read16(c + VIRTIO_COMMON_Q_SIZE);
	size = MIN(size, MIN(max_size, VIRTQUEUE_MAX_SIZE));
	if (!size) {
		vd_err(vd, "queue %u has no entries", index);
		return NULL;
	}
	while (size & (size - 1))	/* split rings: a power of two */
		size &= size - 1;
	noff = (uint64_t)mmio_read16(c + VIRTIO_COMMON_Q_NOFF) *
	       vd->notify_mult;
	if (noff + sizeof(uint16_t) > vd->notify_len) {
		vd_err(vd, "queue %u notify offset 0x%lx outside the notify structure",
		       index, noff);
		return NULL;
	}
	vq = kzalloc(sizeof(*vq));
	if (!vq)
		return NULL;
	vq->vdev = vd;
	vq->index = (uint16_t)index;
	vq->size = (uint16_t)size;
	vq->callback = callback;
	vq->priv = priv;
	vq->cookies = kzalloc(size * sizeof(void *));
	vq->desc = virtio_dma_alloc(16 * size, &vq->desc_phys, &vq->desc_order);
	vq->avail = virtio_dma_alloc(6 + 2 * size, &vq->avail_phys,
				     &vq->avail_order);
	vq->used = virtio_dma_alloc(6 + 8 * size, &vq->used_phys,
				    &vq->used_order);
	vq->notify = ioremap(vd->notify_phys + noff, sizeof(uint16_t));
	if (!vq->cookies || !vq->desc || !vq->avail || !vq->used ||
	    !vq->notify) {
		free_vq(vq);
		return NULL;
	}
	for (i = 0; i < size; i++)
		vq->desc[i].next = (uint16_t)(i + 1);
	vq->num_free = (uint16_t)size;

	mmio_write16(c + VIRTIO_COMMON_Q_SIZE, (uint16_t)size);
	mmio_write64(c + VIRTIO_COMMON_Q_DESC, vq->desc_phys);
	mmio_write64(c + VIRTIO_COMMON_Q_AVAIL, vq->avail_phys);
	mmio_write64(c + VIRTIO_COMMON_Q_USED, vq->used_phys);
	if (vd->irq.mode == PCI_IRQ_MSIX) {
		mmio_write16(c + VIRTIO_COMMON_Q_MSIX, 0);
		if (mmio_read16(c + VIRTIO_COMMON_Q_MSIX) ==
		    VIRTIO_MSI_NO_VECTOR)
			fall_back_to_intx(vd, "queue");
	}
	vd->vqs[index] = vq;
	mmio_write16(c + VIRTIO_COMMON_Q_ENABLE, 1);
	return vq;
}

void virtio_driver_ok(struct virtio_device *vd)
{
	volatile uint8_t *c = vd->common;

	if (vd->irq.mode == PCI_IRQ_MSIX) {
		mmio_write16(c + VIRTIO_COMMON_MSIX, 0);
		if (mmio_read16(c + VIRTIO_COMMON_MSIX) == VIRTIO_MSI_NO_VECTOR)
			fall_back_to_intx(vd, "configuration");
	}
	add_status(vd, VIRTIO_STATUS_DRIVER_OK);
}

void virtio_fail(struct virtio_device *vd)
{
	bool stopped = !reset_device(vd);
	unsigned int i;

	/* Only a reset device is sure to have stopped using the rings. */
	if (!stopped)
		vd_err(vd, "device did not reset; its queues are leaked");
	set_status(vd, VIRTIO_STATUS_FAILED);
	pci_irq_release(vd->pci, &vd->irq);
	for (i = 0; i < VIRTIO_MAX_QUEUES; i++) {
		if (stopped)
			free_vq(vd->vqs[i]);
		vd->vqs[i] = NULL;
	}
	unmap_structs(vd);
}

/* ---------------------------------------------------------------- config */

static bool cfg_ok(struct virtio_device *vd, unsigned int off,
		   unsigned int size)
{
	if (vd->device_cfg && off + size <= vd->device_cfg_len &&
	    !(off & (size - 1)))
		return true;
	vd_warn(vd, "device configuration access at 0x%x (%u bytes) out of range",
		off, size);
	return false;
}

uint8_t virtio_cfg_read8(struct virtio_device *vd, unsigned int off)
{
	return cfg_ok(vd, off, 1) ? mmio_read8(vd->device_cfg + off) : 0;
}

uint16_t virtio_cfg_read16(struct virtio_device *vd, unsigned int off)
{
	return cfg_ok(vd, off, 2) ? mmio_read16(vd->device_cfg + off) : 0;
}

uint32_t virtio_cfg_read32(struct virtio_device *vd, unsigned int off)
{
	return cfg_ok(vd, off, 4) ? mmio_read32(vd->device_cfg + off) : 0;
}

uint64_t virtio_cfg_read64(struct virtio_device *vd, unsigned int off)
{
	volatile uint8_t *gen = vd->common + VIRTIO_COMMON_CFGGEN;
	uint64_t lo, hi;
	unsigned int tries;
	uint8_t g;

	if (!cfg_ok(vd, off, 8))
		return 0;
	for (tries = 0; tries < 16; tries++) {
		g = mmio_read8(gen);
		lo = mmio_read32(vd->device_cfg + off);
		hi = mmio_read32(vd->device_cfg + off + 4);
		if (mmio_read8(gen) == g)
			break;
	}
	return hi << 32 | lo;
}
