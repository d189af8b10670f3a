// SPDX-License-Identifier: GPL-2.0
/*
 * virtio-input keyboards (CONFIG_VIRTIO_INPUT, devices.md 9) and the
 * keyboard: scheme (11.4); include/panda/keyboard.h says what userspace
 * sees.
 *
 * Binding: virtio-input (1af4:1052) functions of PCI subclass 0x00
 * (keyboard) only; the mouse (subclass 0x02) stays unbound, so the
 * keyboard is /pci/input/0 (devices.md 3.6).
 *
 * The event queue holds one device-writable 8-byte buffer per
 * descriptor, all posted before DRIVER_OK.  The queue callback (the
 * interrupt, interrupts off) takes every used buffer, keeps EV_KEY
 * events (EV_SYN and the rest are dropped), puts the buffer straight
 * back, then notifies the device once, and wakes readers.  Each kept
 * event enters the device's ring and is posted to every open keyboard
 * resource's mailbox registration.  kb->lock (interrupt-safe) guards the
 * ring and the list of open resources.
 */
#include <lib/string.h>
#include <panda/devpath.h>
#include <panda/errno.h>
#include <panda/handle.h>
#include <panda/input_keys.h>
#include <panda/ipc.h>
#include <panda/keyboard.h>
#include <panda/list.h>
#include <panda/mm.h>
#include <panda/printk.h>
#include <panda/process.h>
#include <panda/sched.h>
#include <panda/virtio.h>

#define VINPUT_QUEUE_SIZE	32	/* event buffers (devices.md 9.1) */
#define VINPUT_MAX_DEVICES	8

/* Device configuration (virtio 1.1, 5.8.4). */
#define VINPUT_CFG_SELECT	0
#define VINPUT_CFG_SUBSEL	1
#define VINPUT_CFG_SIZE		2
#define VINPUT_CFG_DATA		8
#define VINPUT_CFG_LEN		(VINPUT_CFG_DATA + 128)
#define VIRTIO_INPUT_CFG_ID_NAME 0x01

struct virtio_input_event {
	uint16_t type;
	uint16_t code;
	uint32_t value;
} __packed;

struct vinput {
	struct virtio_device vd;
	struct pci_dev *pci;
	struct virtqueue *evq;
	struct virtio_input_event *bufs;	/* DMA, one per descriptor */
	phys_addr_t bufs_phys;
	unsigned int bufs_order;
	spinlock_t lock;
	struct panda_input_event ring[KEYBOARD_RING_SIZE];
	unsigned int head, count;
	struct list_head files;			/* open keyboard resources */
	struct wait_queue readers;
	uint64_t seen, dropped;			/* events kept; ring overflows */
	char name[64];
};

struct kbd_file {
	struct resource res;
	struct event_source src;
	struct vinput *kb;
	struct list_head node;
};

static struct vinput *keyboards[VINPUT_MAX_DEVICES];
static unsigned int nr_keyboards;

/* ---------------------------------------------------------------- events */

static int post_buffer(struct vinput *kb, struct virtio_input_event *ev)
{
	struct vq_buf b = {
		kb->bufs_phys + (uint64_t)(ev - kb->bufs) * sizeof(*ev),
		sizeof(*ev), true,
	};

	return virtqueue_add(kb->evq, &b, 1, ev);
}

/* Locked. */
static void keep_event(struct vinput *kb, uint16_t code, uint32_t value)
{
	struct kbd_file *f;

	if (kb->count == KEYBOARD_RING_SIZE) {	/* drop the oldest */
		kb->head = (kb->head + 1) % KEYBOARD_RING_SIZE;
		kb->count--;
		kb->dropped++;
	}
	kb->ring[(kb->head + kb->count) % KEYBOARD_RING_SIZE] =
		(struct panda_input_event){ EV_KEY, code, value };
	kb->count++;
	kb->seen++;
	list_for_each_entry(f, &kb->files, node)
		event_source_post(&f->src, PANDA_ENCODE_KEY_EVENT(code, value));
}

/* Queue callback: interrupt context, interrupts off. */
static void vinput_done(struct virtqueue *vq)
{
	struct vinput *kb = vq->priv;
	struct virtio_input_event *ev;
	bool any = false;
	uint64_t flags;
	uint32_t len;

	spin_lock_irqsave(&kb->lock, flags);
	while ((ev = virtqueue_get_used(vq, &len, NULL))) {
		struct virtio_input_event e = {
			READ_ONCE(ev->type), READ_ONCE(ev->code),
			READ_ONCE(ev->value),
		};

		if (len >= sizeof(e) && e.type == EV_KEY) {
			keep_event(kb, e.code, e.value);
			any = true;
		}
		if (post_buffer(kb, ev) < 0)
			pr_err("keyboard %s: event buffer not re-posted",
			       kb->name);
	}
	virtqueue_kick(vq);
	spin_unlock_irqrestore(&kb->lock, flags);
	if (any)
		wake_up_all(&kb->readers);
}

/* ---------------------------------------------------------------- files */

static struct kbd_file *to_file(struct resource *r)
{
	return container_of(r, struct kbd_file, res);
}

static bool take(struct vinput *kb, struct panda_input_event *out)
{
	uint64_t flags;
	bool got = false;

	spin_lock_irqsave(&kb->lock, flags);
	if (kb->count) {
		*out = kb->ring[kb->head];
		kb->head = (kb->head + 1) % KEYBOARD_RING_SIZE;
		kb->count--;
		got = true;
	}
	spin_unlock_irqrestore(&kb->lock, flags);
	return got;
}

/* Puts an event back at the head, unless newer ones filled the ring. */
static void unget(struct vinput *kb, const struct panda_input_event *ev)
{
	uint64_t flags;

	spin_lock_irqsave(&kb->lock, flags);
	if (kb->count < KEYBOARD_RING_SIZE) {
		kb->head = (kb->head + KEYBOARD_RING_SIZE - 1) %
			   KEYBOARD_RING_SIZE;
		kb->ring[kb->head] = *ev;
		kb->count++;
	}
	spin_unlock_irqrestore(&kb->lock, flags);
}

static int64_t kbd_read(struct resource *r, struct handle_entry *h,
			void *buf, size_t len, uint32_t flags)
{
	struct vinput *kb = to_file(r)->kb;
	struct process *self = current_process();
	struct panda_input_event ev;
	int ret;

	if (!len)
		return 0;
	while (!take(kb, &ev)) {
		if (flags & PANDA_FILE_NONBLOCK)
			return 0;
		wait_event(&kb->readers, READ_ONCE(kb->count) ||
			   (self && process_kill_pending(self)));
		if (self && process_kill_pending(self))
			return -PANDA_ERR_IO;
	}
	len = MIN(len, sizeof(ev));
	ret = copy_read_data(buf, &ev, len, flags);
	if (ret)
		unget(kb, &ev);		/* not delivered: it stays first */
	return ret ? ret : (int64_t)len;
}

static int64_t kbd_write(struct resource *r, struct handle_entry *h,
			 const void *buf, size_t len, uint32_t flags)
{
	return -ENOTSUP;
}

static int kbd_stat(struct resource *r, struct panda_file_stat *st)
{
	memset(st, 0, sizeof(*st));
	return 0;
}

static struct event_source *kbd_events(struct resource *r)
{
	return &to_file(r)->src;
}

static void kbd_destroy(struct resource *r)
{
	struct kbd_file *f = to_file(r);
	uint64_t flags;

	spin_lock_irqsave(&f->kb->lock, flags);
	list_del_init(&f->node);
	spin_unlock_irqrestore(&f->kb->lock, flags);
	event_source_detach(&f->src);
	kfree(f);
}

static const struct resource_ops kbd_ops = {
	.name = "keyboard",
	.tag = PANDA_TAG_FILE,
	.destroy = kbd_destroy,
	.read = kbd_read,
	.write = kbd_write,
	.stat = kbd_stat,
	.events = kbd_events,
};

/* ---------------------------------------------------------------- scheme */

static struct vinput *lookup(const char *path)
{
	struct devpath_addr a;
	unsigned int i;

	if (devpath_resolve(path, &a))
		return NULL;
	for (i = 0; i < nr_keyboards; i++) {
		struct pci_dev *d = keyboards[i]->pci;

		if (d->segment == a.segment && d->bus == a.bus &&
		    d->dev == a.dev && d->fn == a.fn)
			return keyboards[i];
	}
	return NULL;
}

int keyboard_scheme_open(const char *path, struct resource **out)
{
	struct vinput *kb = lookup(path);
	struct kbd_file *f;
	uint64_t flags;

	if (!kb)
		return -ENOENT;
	f = kzalloc(sizeof(*f));
	if (!f)
		return -ENOMEM;
	resource_init(&f->res, &kbd_ops);
	f->kb = kb;
	spin_lock_irqsave(&kb->lock, flags);
	list_add_tail(&f->node, &kb->files);
	spin_unlock_irqrestore(&kb->lock, flags);
	*out = &f->res;
	return 0;
}

bool keyboard_scheme_probe(const char *path)
{
	return lookup(path) != NULL;
}

unsigned int keyboard_count(void)
{
	return nr_keyboards;
}

uint64_t keyboard_events_seen(unsigned int index)
{
	return index < nr_keyboards ? READ_ONCE(keyboards[index]->seen) : 0;
}

/* ---------------------------------------------------------------- probe */

/* The device's name from its configuration (ID_NAME), for the log. */
static void read_name(struct vinput *kb)
{
	struct virtio_device *vd = &kb->vd;
	unsigned int n, i;

	strlcpy(kb->name, "?", sizeof(kb->name));
	if (!vd->device_cfg || vd->device_cfg_len < VINPUT_CFG_LEN)
		return;
	mmio_write8(vd->device_cfg + VINPUT_CFG_SELECT,
		    VIRTIO_INPUT_CFG_ID_NAME);
	mmio_write8(vd->device_cfg + VINPUT_CFG_SUBSEL, 0);
	n = MIN(virtio_cfg_read8(vd, VINPUT_CFG_SIZE), sizeof(kb->name) - 1);
	for (i = 0; i < n; i++) {
		char c = (char)virtio_cfg_read8(vd, VINPUT_CFG_DATA + i);

		if (!c)
			break;
		kb->name[i] = c >= 0x20 && c < 0x7f ? c : '?';
	}
	kb->name[i ? i : 1] = '\0';
}

static void vinput_free(struct vinput *kb)
{
	virtio_dma_free(kb->bufs, kb->bufs_order);
	kfree(kb);
}

static int vinput_setup(struct vinput *kb)
{
	unsigned int i;
	int ret;

	if (kb->vd.irq.mode == PCI_IRQ_NONE)
		return -ENOTSUP;	/* events arrive by interrupt */
	ret = virtio_negotiate(&kb->vd, 0);
	if (ret)
		return ret;
	read_name(kb);
	kb->evq = virtio_setup_vq(&kb->vd, 0, VINPUT_QUEUE_SIZE, vinput_done,
				  kb);
	if (!kb->evq)
		return -ENOMEM;
	kb->bufs = virtio_dma_alloc(kb->evq->size * sizeof(*kb->bufs),
				    &kb->bufs_phys, &kb->bufs_order);
	if (!kb->bufs)
		return -ENOMEM;
	for (i = 0; i < kb->evq->size; i++) {
		ret = post_buffer(kb, &kb->bufs[i]);
		if (ret < 0)
			return ret;
	}
	/* The status queue (1) stays unused: no LEDs (devices.md 9.1). */
	virtio_driver_ok(&kb->vd);
	virtqueue_kick(kb->evq);
	if (kb->vd.irq.mode == PCI_IRQ_NONE)
		return -ENOTSUP;
	return 0;
}

static int vinput_probe(struct pci_dev *pci, const struct pci_device_id *id)
{
	struct vinput *kb;
	int ret;

	if (nr_keyboards == VINPUT_MAX_DEVICES)
		return -EBUSY;
	kb = kzalloc(sizeof(*kb));
	if (!kb)
		return -ENOMEM;
	kb->lock = (spinlock_t)SPINLOCK_INIT;
	kb->pci = pci;
	kb->vd.priv = kb;
	INIT_LIST_HEAD(&kb->files);
	wait_queue_init(&kb->readers);
	ret = virtio_pci_init(&kb->vd, pci);
	if (ret) {
		vinput_free(kb);
		return ret;
	}
	ret = vinput_setup(kb);
	if (ret) {
		virtio_fail(&kb->vd);
		vinput_free(kb);
		return ret;
	}
	pci->driver_data = kb;
	keyboards[nr_keyboards++] = kb;
	pr_info("virtio-input: keyboard %u at %02x:%02x.%x ('%s'): %u event buffers, %s vector 0x%x",
		nr_keyboards - 1, pci->bus, pci->dev, pci->fn, kb->name,
		kb->evq->size,
		kb->vd.irq.mode == PCI_IRQ_MSIX ? "MSI-X" : "INTx",
		kb->vd.irq.vector);
	return 0;
}

static const struct pci_device_id vinput_ids[] = {
	{ VIRTIO_VENDOR, 0x1052, 0x00 },	/* keyboards only */
	{ 0 }
};

const struct pci_driver virtio_input_driver = {
	.name = "virtio-input",
	.ids = vinput_ids,
	.probe = vinput_probe,
};
