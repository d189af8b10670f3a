// SPDX-License-Identifier: GPL-2.0
/*
 * virtio-gpu, 2D (CONFIG_VIRTIO_GPU, devices.md 8): the display mode,
 * one host resource scanned out on scanout 0 with guest frames as its
 * backing (the framebuffer), and flushes of rectangles of it.
 *
 * Commands are synchronous (8.1): each request and its response buffer go
 * to the control queue as one chain (several chains per notification for
 * the rectangles of a frame), and the driver waits for the used ring,
 * halting the CPU between interrupts.  The queue has no callback, so the
 * interrupt never touches it; one lock serialises the commands, taken in
 * task context only (interrupts stay on while the host works).  A command the device does not answer within
 * GPU_TIMEOUT_NS, or answers with an error, is logged; after a timeout
 * the device is considered lost (its buffers may still be written) and
 * every later command fails with -EIO.
 *
 * Resolution (8.3): the EDID's preferred mode when the device offers
 * VIRTIO_GPU_F_EDID, else the scanout's mode from GET_DISPLAY_INFO, else
 * 1920 x 1080.  QEMU's default virtio-gpu answers 1280 x 800 both ways.
 *
 * The framebuffer is made of physically contiguous chunks (at most 4 MiB,
 * the frame allocator's largest block) of whole rows, attached as one
 * backing entry each: at 1280 x 800 a single entry, as the reference.
 */
#include <asm/cpu.h>
#include <lib/pixels.h>
#include <lib/string.h>
#include <panda/compositor.h>
#include <panda/devpath.h>
#include <panda/errno.h>
#include <panda/mm.h>
#include <panda/printk.h>
#include <panda/spinlock.h>
#include <panda/surface.h>
#include <panda/time.h>
#include <panda/virtio.h>

/* Command and response types (8.2). */
#define VIRTIO_GPU_CMD_GET_DISPLAY_INFO		0x0100
#define VIRTIO_GPU_CMD_RESOURCE_CREATE_2D	0x0101
#define VIRTIO_GPU_CMD_RESOURCE_UNREF		0x0102
#define VIRTIO_GPU_CMD_SET_SCANOUT		0x0103
#define VIRTIO_GPU_CMD_RESOURCE_FLUSH		0x0104
#define VIRTIO_GPU_CMD_TRANSFER_TO_HOST_2D	0x0105
#define VIRTIO_GPU_CMD_RESOURCE_ATTACH_BACKING	0x0106
#define VIRTIO_GPU_CMD_RESOURCE_DETACH_BACKING	0x0107
#define VIRTIO_GPU_CMD_GET_EDID			0x010a
#define VIRTIO_GPU_RESP_OK_NODATA		0x1100
#define VIRTIO_GPU_RESP_OK_DISPLAY_INFO		0x1101
#define VIRTIO_GPU_RESP_OK_EDID			0x1104
#define VIRTIO_GPU_RESP_ERR_UNSPEC		0x1200

#define VIRTIO_GPU_F_EDID		1
#define VIRTIO_GPU_FORMAT_B8G8R8A8_UNORM 1
#define VIRTIO_GPU_MAX_SCANOUTS		16
#define GPU_FB_RESOURCE_ID		0xbabe
#define GPU_SCANOUT			0

#define GPU_DEFAULT_WIDTH		1920
#define GPU_DEFAULT_HEIGHT		1080
/* Larger modes are taken for a device error. */
#define GPU_MAX_DIM			8192
#define GPU_TIMEOUT_NS			(2000 * 1000000ULL)
#define GPU_CHUNK_ORDER			10	/* BUDDY_MAX_ORDER: 4 MiB */
#define GPU_QUEUE_SIZE			64

struct virtio_gpu_ctrl_hdr {
	uint32_t type;
	uint32_t flags;
	uint64_t fence_id;
	uint32_t ctx_id;
	uint32_t padding;
} __packed;

struct virtio_gpu_rect {
	uint32_t x, y, width, height;
} __packed;

struct virtio_gpu_resp_display_info {
	struct virtio_gpu_ctrl_hdr hdr;
	struct {
		struct virtio_gpu_rect r;
		uint32_t enabled;
		uint32_t flags;
	} __packed pmodes[VIRTIO_GPU_MAX_SCANOUTS];
} __packed;

struct virtio_gpu_get_edid {
	struct virtio_gpu_ctrl_hdr hdr;
	uint32_t scanout;
	uint32_t padding;
} __packed;

struct virtio_gpu_resp_edid {
	struct virtio_gpu_ctrl_hdr hdr;
	uint32_t size;
	uint32_t padding;
	uint8_t edid[1024];
} __packed;

struct virtio_gpu_resource_create_2d {
	struct virtio_gpu_ctrl_hdr hdr;
	uint32_t resource_id;
	uint32_t format;
	uint32_t width;
	uint32_t height;
} __packed;

struct virtio_gpu_resource_unref {
	struct virtio_gpu_ctrl_hdr hdr;
	uint32_t resource_id;
	uint32_t padding;
} __packed;

struct virtio_gpu_set_scanout {
	struct virtio_gpu_ctrl_hdr hdr;
	struct virtio_gpu_rect r;
	uint32_t scanout_id;
	uint32_t resource_id;
} __packed;

struct virtio_gpu_resource_flush {
	struct virtio_gpu_ctrl_hdr hdr;
	struct virtio_gpu_rect r;
	uint32_t resource_id;
	uint32_t padding;
} __packed;

struct virtio_gpu_transfer_to_host_2d {
	struct virtio_gpu_ctrl_hdr hdr;
	struct virtio_gpu_rect r;
	uint64_t offset;
	uint32_t resource_id;
	uint32_t padding;
} __packed;

struct virtio_gpu_mem_entry {
	uint64_t addr;
	uint32_t length;
	uint32_t padding;
} __packed;

struct virtio_gpu_resource_attach_backing {
	struct virtio_gpu_ctrl_hdr hdr;
	uint32_t resource_id;
	uint32_t nr_entries;
	struct virtio_gpu_mem_entry entries[];
} __packed;

struct virtio_gpu_resource_detach_backing {
	struct virtio_gpu_ctrl_hdr hdr;
	uint32_t resource_id;
	uint32_t padding;
} __packed;

#define GPU_MAX_CHUNKS \
	((PAGE_SIZE - sizeof(struct virtio_gpu_resource_attach_backing)) / \
	 sizeof(struct virtio_gpu_mem_entry))

struct fb_chunk {
	phys_addr_t phys;
	unsigned int order;
	uint32_t bytes;			/* whole rows */
};

struct virtio_gpu {
	struct virtio_device vd;
	struct pci_dev *pci;
	struct virtqueue *ctrlq;
	spinlock_t lock;		/* the control queue and buffers */
	void *req, *resp;		/* one DMA page each */
	phys_addr_t req_phys, resp_phys;
	bool lost;			/* a command timed out */
	struct framebuffer fb;
	struct fb_chunk *chunks;
	unsigned int nr_chunks;
	uint64_t commands, errors;
};

static struct virtio_gpu *gpu;		/* the one display (devices.md 1) */

static bool used_pending(struct virtqueue *vq)
{
	return READ_ONCE(vq->used->idx) != vq->last_used;
}

/*
 * Waits a little for the device.  With interrupts on, the CPU halts until
 * the next interrupt, the queue's completion or the tick, so the host
 * thread doing the work gets the CPU (under TCG the guest spinning would
 * compete with it); interrupts are off from the test of the used ring to
 * the halt (sti takes effect after hlt starts), so the completion cannot
 * slip in between.  With interrupts off (the probe), it polls.
 */
static void wait_for_device(struct virtio_gpu *g)
{
	if (!irqs_enabled() || g->vd.irq.mode == PCI_IRQ_NONE) {
		cpu_relax();
		return;
	}
	local_irq_disable();
	if (used_pending(g->ctrlq))
		local_irq_enable();
	else
		__asm__ volatile("sti; hlt" : : : "memory");
}

/* One command of a batch: where its request and response are. */
struct gpu_cmd {
	uint32_t req_off, req_len;
	uint32_t resp_off, resp_len;
	uint32_t want;			/* the response type that means OK */
};

/*
 * Sends n commands (requests in g->req, responses into g->resp) as n
 * chains with one notification, and waits until the device has used them
 * all.  -EIO if any failed or the device stopped answering.  Locked.
 */
static int gpu_submit_locked(struct virtio_gpu *g, const struct gpu_cmd *c,
			     unsigned int n)
{
	unsigned int i, done = 0;
	uint64_t end;
	uint32_t len;
	int ret = 0;

	if (g->lost)
		return -EIO;
	for (i = 0; i < n; i++) {
		struct vq_buf bufs[2] = {
			{ g->req_phys + c[i].req_off, c[i].req_len, false },
			{ g->resp_phys + c[i].resp_off, c[i].resp_len, true },
		};
		struct virtio_gpu_ctrl_hdr *resp =
			(void *)((uint8_t *)g->resp + c[i].resp_off);
		int token;

		resp->type = 0;
		token = virtqueue_add(g->ctrlq, bufs, 2, g);
		if (token < 0) {
			/* The caller sized the batch for the queue: a bug. */
			pr_err("virtio-gpu: command %u of %u not queued (%d)",
			       i, n, token);
			n = i;
			ret = -EIO;
			break;
		}
	}
	g->commands += n;
	virtqueue_kick(g->ctrlq);
	end = uptime_ns() + GPU_TIMEOUT_NS;
	while (done < n) {
		if (virtqueue_get_used(g->ctrlq, &len, NULL)) {
			done++;
			continue;
		}
		if (g->ctrlq->broken || uptime_ns() > end) {
			pr_err("virtio-gpu: %u command(s) %s; display disabled",
			       n - done, g->ctrlq->broken ? "broke the queue" :
			       "timed out");
			g->lost = true;
			return -EIO;
		}
		wait_for_device(g);
	}
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	for (i = 0; i < n; i++) {
		struct virtio_gpu_ctrl_hdr *rq =
			(void *)((uint8_t *)g->req + c[i].req_off);
		struct virtio_gpu_ctrl_hdr *resp =
			(void *)((uint8_t *)g->resp + c[i].resp_off);
		uint32_t type = READ_ONCE(resp->type);

		if (type != c[i].want) {
			g->errors++;
			pr_err("virtio-gpu: command 0x%x answered 0x%x (expected 0x%x)",
			       rq->type, type, c[i].want);
			ret = -EIO;
		}
	}
	return ret;
}

/* One command: request at the start of g->req, response of g->resp. */
static int gpu_command_locked(struct virtio_gpu *g, size_t req_len,
			      size_t resp_len, uint32_t want)
{
	struct gpu_cmd c = { 0, (uint32_t)req_len, 0, (uint32_t)resp_len,
			     want };

	return gpu_submit_locked(g, &c, 1);
}

/* A fresh request of type in g->req, size bytes, zeroed. */
static void *new_req(struct virtio_gpu *g, uint32_t type, size_t size)
{
	struct virtio_gpu_ctrl_hdr *h = g->req;

	memset(g->req, 0, size);
	h->type = type;
	return g->req;
}

static int simple_command(struct virtio_gpu *g, size_t size)
{
	return gpu_command_locked(g, size, sizeof(struct virtio_gpu_ctrl_hdr),
				  VIRTIO_GPU_RESP_OK_NODATA);
}

/* ---------------------------------------------------------------- mode */

/* The preferred mode of the first detailed timing descriptor (8.3). */
static bool mode_from_edid(struct virtio_gpu *g, uint32_t *w, uint32_t *h)
{
	struct virtio_gpu_get_edid *c;
	struct virtio_gpu_resp_edid *r = g->resp;
	const uint8_t *e;

	if (!virtio_has_feature(&g->vd, VIRTIO_GPU_F_EDID))
		return false;
	c = new_req(g, VIRTIO_GPU_CMD_GET_EDID, sizeof(*c));
	c->scanout = GPU_SCANOUT;
	if (gpu_command_locked(g, sizeof(*c), sizeof(*r),
			       VIRTIO_GPU_RESP_OK_EDID))
		return false;
	if (r->size < 128 || r->size > sizeof(r->edid)) {
		pr_warn("virtio-gpu: EDID of %u bytes ignored", r->size);
		return false;
	}
	e = r->edid;
	*w = e[0x38] | ((e[0x3a] & 0xf0) << 4);
	*h = e[0x3b] | ((e[0x3d] & 0xf0) << 4);
	return *w && *h;
}

static bool mode_from_display_info(struct virtio_gpu *g, uint32_t *w,
				   uint32_t *h)
{
	struct virtio_gpu_resp_display_info *r = g->resp;

	new_req(g, VIRTIO_GPU_CMD_GET_DISPLAY_INFO,
		sizeof(struct virtio_gpu_ctrl_hdr));
	if (gpu_command_locked(g, sizeof(struct virtio_gpu_ctrl_hdr),
			       sizeof(*r), VIRTIO_GPU_RESP_OK_DISPLAY_INFO))
		return false;
	if (!r->pmodes[GPU_SCANOUT].enabled)
		return false;
	*w = r->pmodes[GPU_SCANOUT].r.width;
	*h = r->pmodes[GPU_SCANOUT].r.height;
	return *w && *h;
}

static void choose_mode(struct virtio_gpu *g, uint32_t *w, uint32_t *h)
{
	const char *how = "EDID";

	if (!mode_from_edid(g, w, h) || *w > GPU_MAX_DIM || *h > GPU_MAX_DIM) {
		how = "display info";
		if (!mode_from_display_info(g, w, h) || *w > GPU_MAX_DIM ||
		    *h > GPU_MAX_DIM) {
			how = "default";
			*w = GPU_DEFAULT_WIDTH;
			*h = GPU_DEFAULT_HEIGHT;
		}
	}
	pr_info("Display resolution: %ux%u", *w, *h);
	pr_debug("virtio-gpu: mode from %s", how);
}

/* ---------------------------------------------------------------- fb */

static void free_chunks(struct virtio_gpu *g)
{
	unsigned int i;

	for (i = 0; i < g->nr_chunks; i++)
		free_frames(g->chunks[i].phys, g->chunks[i].order);
	kfree(g->chunks);
	kfree(g->fb.rows);
	g->chunks = NULL;
	g->fb.rows = NULL;
	g->nr_chunks = 0;
}

/* Zeroed chunks of whole rows and the row table. */
static int alloc_framebuffer(struct virtio_gpu *g, uint32_t w, uint32_t h)
{
	uint32_t stride = w * 4, rows_per = (PAGE_SIZE << GPU_CHUNK_ORDER) /
					     stride, y = 0, i, n;

	if (!rows_per)
		return -EINVAL;
	n = (h + rows_per - 1) / rows_per;
	if (n > GPU_MAX_CHUNKS)
		return -EINVAL;
	g->chunks = kzalloc(n * sizeof(*g->chunks));
	g->fb.rows = kmalloc(h * sizeof(uint32_t *));
	if (!g->chunks || !g->fb.rows) {
		free_chunks(g);
		return -ENOMEM;
	}
	for (i = 0; i < n; i++) {
		uint32_t rows = MIN(rows_per, h - y), r;
		uint64_t bytes = (uint64_t)rows * stride;
		unsigned int order = 0;
		uint8_t *va;

		while (((uint64_t)PAGE_SIZE << order) < bytes)
			order++;
		g->chunks[i].phys = alloc_frames(order);
		if (!g->chunks[i].phys) {
			free_chunks(g);
			return -ENOMEM;
		}
		g->chunks[i].order = order;
		g->chunks[i].bytes = (uint32_t)bytes;
		g->nr_chunks++;
		va = phys_to_virt(g->chunks[i].phys);
		for (r = 0; r < rows; r++)
			g->fb.rows[y + r] = (uint32_t *)(va + r * stride);
		y += rows;
	}
	g->fb.width = w;
	g->fb.height = h;
	g->fb.stride = stride;
	return 0;
}

/* Resource, backing, scanout (8.4 steps 2-5). */
static int setup_scanout(struct virtio_gpu *g)
{
	struct virtio_gpu_resource_create_2d *c;
	struct virtio_gpu_resource_attach_backing *ab;
	struct virtio_gpu_set_scanout *s;
	unsigned int i;
	int ret;

	c = new_req(g, VIRTIO_GPU_CMD_RESOURCE_CREATE_2D, sizeof(*c));
	c->resource_id = GPU_FB_RESOURCE_ID;
	c->format = VIRTIO_GPU_FORMAT_B8G8R8A8_UNORM;
	c->width = g->fb.width;
	c->height = g->fb.height;
	ret = simple_command(g, sizeof(*c));
	if (ret)
		return ret;

	ab = new_req(g, VIRTIO_GPU_CMD_RESOURCE_ATTACH_BACKING,
		     sizeof(*ab) + g->nr_chunks * sizeof(ab->entries[0]));
	ab->resource_id = GPU_FB_RESOURCE_ID;
	ab->nr_entries = g->nr_chunks;
	for (i = 0; i < g->nr_chunks; i++) {
		ab->entries[i].addr = g->chunks[i].phys;
		ab->entries[i].length = g->chunks[i].bytes;
	}
	ret = simple_command(g, sizeof(*ab) +
				g->nr_chunks * sizeof(ab->entries[0]));
	if (ret)
		goto unref;

	s = new_req(g, VIRTIO_GPU_CMD_SET_SCANOUT, sizeof(*s));
	s->r.width = g->fb.width;
	s->r.height = g->fb.height;
	s->scanout_id = GPU_SCANOUT;
	s->resource_id = GPU_FB_RESOURCE_ID;
	ret = simple_command(g, sizeof(*s));
	if (!ret)
		return 0;
	new_req(g, VIRTIO_GPU_CMD_RESOURCE_DETACH_BACKING,
		sizeof(struct virtio_gpu_resource_detach_backing));
	((struct virtio_gpu_resource_detach_backing *)g->req)->resource_id =
		GPU_FB_RESOURCE_ID;
	simple_command(g, sizeof(struct virtio_gpu_resource_detach_backing));
unref:
	new_req(g, VIRTIO_GPU_CMD_RESOURCE_UNREF,
		sizeof(struct virtio_gpu_resource_unref));
	((struct virtio_gpu_resource_unref *)g->req)->resource_id =
		GPU_FB_RESOURCE_ID;
	simple_command(g, sizeof(struct virtio_gpu_resource_unref));
	return ret;
}

/* ---------------------------------------------------------------- API */

const struct framebuffer *display_framebuffer(void)
{
	return gpu ? &gpu->fb : NULL;
}

/*
 * Per rectangle a transfer and a flush; requests are packed in g->req,
 * responses in g->resp, and a batch fills at most the control queue (two
 * descriptors per command).
 */
#define FLUSH_CMD_BYTES	(sizeof(struct virtio_gpu_transfer_to_host_2d) + \
			 sizeof(struct virtio_gpu_resource_flush))
#define FLUSH_BATCH_MAX	16

int display_flush_rects(const struct pix_rect *rects, unsigned int n)
{
	struct virtio_gpu *g = gpu;
	struct gpu_cmd cmds[2 * FLUSH_BATCH_MAX];
	unsigned int i, k, batch;
	int ret = 0, r;

	if (!g)
		return -ENOENT;
	_Static_assert(FLUSH_BATCH_MAX * FLUSH_CMD_BYTES <= PAGE_SIZE &&
		       2 * FLUSH_BATCH_MAX *
		       sizeof(struct virtio_gpu_ctrl_hdr) <= PAGE_SIZE &&
		       4 * FLUSH_BATCH_MAX <= GPU_QUEUE_SIZE,
		       "a flush batch fits the buffers and the queue");
	spin_lock(&g->lock);
	for (i = 0; i < n; i += batch) {
		uint32_t off = 0, nc = 0;

		batch = MIN(n - i, FLUSH_BATCH_MAX);
		for (k = i; k < i + batch; k++) {
			struct pix_rect screen = pix_rect_make(0, 0, g->fb.width,
							       g->fb.height), c;
			struct virtio_gpu_transfer_to_host_2d *t;
			struct virtio_gpu_resource_flush *f;
			struct virtio_gpu_rect vr;

			if (!pix_rect_intersect(&rects[k], &screen, &c))
				continue;
			vr = (struct virtio_gpu_rect){
				(uint32_t)c.x0, (uint32_t)c.y0,
				(uint32_t)(c.x1 - c.x0),
				(uint32_t)(c.y1 - c.y0) };
			t = (void *)((uint8_t *)g->req + off);
			memset(t, 0, sizeof(*t));
			t->hdr.type = VIRTIO_GPU_CMD_TRANSFER_TO_HOST_2D;
			t->r = vr;
			t->offset = c.y0 * g->fb.stride + c.x0 * 4;
			t->resource_id = GPU_FB_RESOURCE_ID;
			cmds[nc] = (struct gpu_cmd){
				off, sizeof(*t),
				nc * sizeof(struct virtio_gpu_ctrl_hdr),
				sizeof(struct virtio_gpu_ctrl_hdr),
				VIRTIO_GPU_RESP_OK_NODATA };
			nc++;
			off += sizeof(*t);
			f = (void *)((uint8_t *)g->req + off);
			memset(f, 0, sizeof(*f));
			f->hdr.type = VIRTIO_GPU_CMD_RESOURCE_FLUSH;
			f->r = vr;
			f->resource_id = GPU_FB_RESOURCE_ID;
			cmds[nc] = (struct gpu_cmd){
				off, sizeof(*f),
				nc * sizeof(struct virtio_gpu_ctrl_hdr),
				sizeof(struct virtio_gpu_ctrl_hdr),
				VIRTIO_GPU_RESP_OK_NODATA };
			nc++;
			off += sizeof(*f);
		}
		if (!nc)
			continue;
		r = gpu_submit_locked(g, cmds, nc);
		if (r)
			ret = r;
	}
	spin_unlock(&g->lock);
	return ret;
}

int display_flush(uint32_t x, uint32_t y, uint32_t w, uint32_t h)
{
	struct pix_rect r = pix_rect_make(x, y, w, h);

	return display_flush_rects(&r, 1);
}

bool display_devpath_match(const char *path)
{
	struct devpath_addr a;

	return gpu && !devpath_resolve(path, &a) && a.segment == gpu->pci->segment &&
	       a.bus == gpu->pci->bus && a.dev == gpu->pci->dev &&
	       a.fn == gpu->pci->fn;
}

/* ---------------------------------------------------------------- probe */

static void gpu_free(struct virtio_gpu *g)
{
	free_chunks(g);
	if (g->req)
		free_frame(g->req_phys);
	if (g->resp)
		free_frame(g->resp_phys);
	kfree(g);
}

static int gpu_setup(struct virtio_gpu *g)
{
	uint32_t w, h;
	int ret;

	ret = virtio_negotiate(&g->vd, 1ULL << VIRTIO_GPU_F_EDID);
	if (ret)
		return ret;
	g->ctrlq = virtio_setup_vq(&g->vd, 0, GPU_QUEUE_SIZE, NULL, g);
	if (!g->ctrlq || g->ctrlq->size < 2)
		return -ENOMEM;
	g->req_phys = alloc_frame();
	g->resp_phys = alloc_frame();
	g->req = g->req_phys ? phys_to_virt(g->req_phys) : NULL;
	g->resp = g->resp_phys ? phys_to_virt(g->resp_phys) : NULL;
	if (!g->req || !g->resp)
		return -ENOMEM;
	virtio_driver_ok(&g->vd);

	spin_lock(&g->lock);
	choose_mode(g, &w, &h);
	ret = alloc_framebuffer(g, w, h);
	if (ret)
		pr_err("virtio-gpu: no memory for a %ux%u framebuffer", w, h);
	else
		ret = setup_scanout(g);
	spin_unlock(&g->lock);
	return ret;
}

static int gpu_probe(struct pci_dev *pci, const struct pci_device_id *id)
{
	struct virtio_gpu *g;
	int ret;

	if (gpu) {
		pr_info("virtio-gpu: %02x:%02x.%x left unused (one display)",
			pci->bus, pci->dev, pci->fn);
		return -EBUSY;
	}
	g = kzalloc(sizeof(*g));
	if (!g)
		return -ENOMEM;
	g->lock = (spinlock_t)SPINLOCK_INIT;
	g->pci = pci;
	g->vd.priv = g;
	ret = virtio_pci_init(&g->vd, pci);
	if (ret) {
		gpu_free(g);
		return ret;
	}
	ret = gpu_setup(g);
	if (ret) {
		virtio_fail(&g->vd);
		/* Frames the device may still write stay allocated. */
		if (!g->lost)
			gpu_free(g);
		return ret;
	}
	pci->driver_data = g;
	gpu = g;
	pr_info("virtio-gpu: %02x:%02x.%x: %ux%u framebuffer in %u chunk(s), queue %u%s",
		pci->bus, pci->dev, pci->fn, g->fb.width, g->fb.height,
		g->nr_chunks, g->ctrlq->size,
		virtio_has_feature(&g->vd, VIRTIO_GPU_F_EDID) ? ", EDID" : "");
	compositor_init(&g->fb);
	return 0;
}

static const struct pci_device_id gpu_ids[] = {
	{ VIRTIO_VENDOR, 0x1050, PCI_ANY_SUBCLASS },
	{ 0 }
};

const struct pci_driver virtio_gpu_driver = {
	.name = "virtio-gpu",
	.ids = gpu_ids,
	.probe = gpu_probe,
};
