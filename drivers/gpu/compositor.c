// SPDX-License-Identifier: GPL-2.0
/*
 * The CPU compositor and the framebuffer surface's drawing
 * (include/panda/compositor.h; graphics.md 4-6).  Pixel arithmetic is
 * lib/pixels.c; this file walks rows and the memory they live in.
 *
 * Memory: the framebuffer has contiguous rows (include/panda/surface.h).
 * Window stores and shared buffers are arrays of frames reached through
 * the RAM map, so a row of them may cross frames: row operations are
 * split where either side's page ends (at most one extra call per 1024
 * pixels).
 *
 * Dirty rectangles: update params marks the new and (Panda-C, 4.7) the
 * previous screen rectangle; a blit marks only the blitted rectangle
 * (the optional 6.5 optimisation); a flush its rectangle or the window;
 * a destroyed window its rectangle.  All go through dirty_add().
 *
 * Frames (6.1): the task sleeps COMPOSITOR_PERIOD_MS, takes the dirty
 * list, and for each entry fills the desktop colour and blends the
 * windows bottom to top, under the lock; then flushes the repainted
 * rectangles to the display in one batch without the lock, counts the
 * frame and wakes the flush waiters.  A waiter that arrives while a frame is being
 * flushed waits for the next one, which starts after it (4.9).
 */
#include <lib/pixels.h>
#include <lib/string.h>
#include <panda/buffer.h>
#include <panda/compositor.h>
#include <panda/errno.h>
#include <panda/list.h>
#include <panda/mm.h>
#include <panda/printk.h>
#include <panda/process.h>
#include <panda/sched.h>
#include <panda/spinlock.h>
#include <panda/time.h>

/* A window's pixel store: len bytes in frames[0 .. pages). */
struct pixstore {
	phys_addr_t *frames;
	uint64_t pages;
	uint64_t len;
};

struct window {
	struct list_head node;		/* the stack, bottom first */
	uint32_t id;
	uint32_t x, y, width, height;
	bool visible;
	struct pixstore store;
};

static spinlock_t comp_lock = SPINLOCK_INIT;
static const struct framebuffer *fb;
static LIST_HEAD(windows);
static struct dirty_list dirty;
static uint32_t next_window_id = 1;
static uint32_t nr_windows;
/* Frame accounting, under comp_lock. */
static uint64_t frames_done;
static bool in_frame;			/* between taking the list and done */
static uint64_t painted_frames, painted_pixels, busy_ns;
static struct wait_queue frame_waiters;
static bool started;

/* ---------------------------------------------------------------- rows */

typedef void (*row_fn)(uint32_t *dst, const uint32_t *src, size_t n);

static const void *store_kaddr(const struct pixstore *s, uint64_t off,
			       uint64_t *contig)
{
	*contig = PAGE_SIZE - off % PAGE_SIZE;
	return (const uint8_t *)phys_to_virt(s->frames[off / PAGE_SIZE]) +
	       off % PAGE_SIZE;
}

static const void *buffer_source_kaddr(const struct pix_source *s,
				       uint64_t off, uint64_t *contig)
{
	return buffer_kaddr((struct buffer *)s->priv, off, contig);
}

void pix_source_buffer(struct pix_source *s, struct buffer *b)
{
	s->size = buffer_size(b);
	s->kaddr = buffer_source_kaddr;
	s->priv = b;
}

static const void *memory_source_kaddr(const struct pix_source *s,
				       uint64_t off, uint64_t *contig)
{
	*contig = s->size - off;
	return (const uint8_t *)s->priv + off;
}

void pix_source_memory(struct pix_source *s, const void *p, uint64_t size)
{
	s->size = size;
	s->kaddr = memory_source_kaddr;
	s->priv = p;
}

/*
 * n pixels from a source at byte offset so into contiguous dst.  The
 * caller checked that the source holds them.
 */
static void from_source(uint32_t *dst, const struct pix_source *src,
			uint64_t so, size_t n, row_fn fn)
{
	while (n) {
		uint64_t avail;
		const uint32_t *p = src->kaddr(src, so, &avail);
		size_t k = MIN(n, avail / 4);

		fn(dst, p, k);
		dst += k;
		so += k * 4;
		n -= k;
	}
}

/* n pixels from a source at so into a store at byte offset doff. */
static void source_to_store(struct pixstore *s, uint64_t doff,
			    const struct pix_source *src, uint64_t so,
			    size_t n, row_fn fn)
{
	while (n) {
		uint64_t davail;
		uint32_t *dst = (uint32_t *)store_kaddr(s, doff, &davail);
		size_t k = MIN(n, davail / 4);

		from_source(dst, src, so, k, fn);
		doff += k * 4;
		so += k * 4;
		n -= k;
	}
}

/* n pixels of a store at byte offset so blended onto contiguous dst. */
static void store_to_row(uint32_t *dst, const struct pixstore *s, uint64_t so,
			 size_t n)
{
	while (n) {
		uint64_t avail;
		const uint32_t *src = store_kaddr(s, so, &avail);
		size_t k = MIN(n, avail / 4);

		pixels_blend(dst, src, k);
		dst += k;
		so += k * 4;
		n -= k;
	}
}

/* ---------------------------------------------------------------- stores */

static void store_free(struct pixstore *s)
{
	uint64_t i;

	for (i = 0; i < s->pages; i++)
		free_frame(s->frames[i]);
	kfree(s->frames);
	*s = (struct pixstore){ 0 };
}

/*
 * Resizes to len bytes linearly (graphics.md 4.7): bytes keep their
 * offsets, new bytes are zero.  Frames come zeroed and bytes past len in
 * the last frame are kept zero, so growing needs no clearing.  *s is a
 * copy of a window's store that the compositor may be painting from on
 * another CPU: nothing it uses is freed or cleared here (on -ENOMEM *s
 * is unchanged).  Once the window uses the new store, store_retire()
 * frees what the old one alone had.
 */
static int store_resize(struct pixstore *s, uint64_t len)
{
	uint64_t pages = DIV_ROUND_UP(len, PAGE_SIZE), i;
	phys_addr_t *frames = NULL;

	if (pages) {
		frames = kmalloc(pages * sizeof(*frames));
		if (!frames)
			return -ENOMEM;
		for (i = 0; i < pages; i++) {
			frames[i] = i < s->pages ? s->frames[i] : alloc_frame();
			if (!frames[i]) {
				while (i-- > s->pages)
					free_frame(frames[i]);
				kfree(frames);
				return -ENOMEM;
			}
		}
	}
	s->frames = frames;
	s->pages = pages;
	s->len = len;
	return 0;
}

/* After a resize from old to now: frees old's surplus, zeroes now's tail. */
static void store_retire(struct pixstore *old, const struct pixstore *now)
{
	uint64_t i;

	for (i = now->pages; i < old->pages; i++)
		free_frame(old->frames[i]);
	if (now->len < old->len && now->len % PAGE_SIZE)
		memset((uint8_t *)phys_to_virt(now->frames[now->pages - 1]) +
		       now->len % PAGE_SIZE, 0,
		       PAGE_SIZE - now->len % PAGE_SIZE);
	kfree(old->frames);
}

/* ---------------------------------------------------------------- dirty */

static struct pix_rect window_rect(const struct window *w)
{
	return pix_rect_make(w->x, w->y, w->width, w->height);
}

static bool window_shown(const struct window *w)
{
	return w->visible && w->width && w->height;
}

static void mark(const struct pix_rect *r)
{
	dirty_add(&dirty, r);
}

/* ---------------------------------------------------------------- paint */

/* Repaints one screen rectangle (graphics.md 6.3 steps 2-3).  Locked. */
static uint64_t paint(const struct pix_rect *area)
{
	struct pix_rect screen = pix_rect_make(0, 0, fb->width, fb->height);
	struct pix_rect r, part;
	struct window *w;
	uint64_t y;

	if (!pix_rect_intersect(area, &screen, &r))
		return 0;
	for (y = r.y0; y < r.y1; y++)
		pixels_fill(fb->rows[y] + r.x0, DESKTOP_COLOUR, r.x1 - r.x0);
	list_for_each_entry(w, &windows, node) {
		struct pix_rect wr = window_rect(w);

		if (!window_shown(w) || !w->store.len ||
		    !pix_rect_intersect(&wr, &r, &part))
			continue;
		for (y = part.y0; y < part.y1; y++) {
			uint64_t off = ((y - w->y) * w->width +
					(part.x0 - w->x)) * 4;

			store_to_row(fb->rows[y] + part.x0, &w->store, off,
				     part.x1 - part.x0);
		}
	}
	return (r.x1 - r.x0) * (r.y1 - r.y0);
}

static void composite_frame(void)
{
	static struct dirty_list taken;	/* only the compositor task uses it */
	uint64_t t0 = uptime_ns(), pixels = 0;
	unsigned int i;

	spin_lock(&comp_lock);
	taken = dirty;
	dirty.n = 0;
	in_frame = true;
	for (i = 0; i < taken.n; i++)
		pixels += paint(&taken.r[i]);
	spin_unlock(&comp_lock);

	if (taken.n)
		display_flush_rects(taken.r, taken.n);

	spin_lock(&comp_lock);
	in_frame = false;
	frames_done++;
	if (pixels) {
		painted_frames++;
		painted_pixels += pixels;
		busy_ns += uptime_ns() - t0;
	}
	spin_unlock(&comp_lock);
	wake_up_all(&frame_waiters);
}

static void compositor_task(void *arg)
{
	for (;;) {
		sleep_ms(COMPOSITOR_PERIOD_MS);
		composite_frame();
	}
}

void compositor_init(const struct framebuffer *f)
{
	uint32_t y;

	wait_queue_init(&frame_waiters);
	fb = f;
	for (y = 0; y < fb->height; y++)
		pixels_fill(fb->rows[y], DESKTOP_COLOUR, fb->width);
	display_flush(0, 0, fb->width, fb->height);
}

void compositor_start(void)
{
	if (!fb || started)
		return;
	if (!kthread_create("compositor", compositor_task, NULL)) {
		pr_err("compositor: cannot start its task; windows stay unpainted");
		return;
	}
	started = true;
}

int compositor_wait_frame(void)
{
	struct process *self = current_process();
	uint64_t target;

	if (!fb || !started)
		return -ENOENT;
	spin_lock(&comp_lock);
	/* A frame under way started before us: wait for the one after. */
	target = frames_done + (in_frame ? 2 : 1);
	spin_unlock(&comp_lock);
	wait_event(&frame_waiters, READ_ONCE(frames_done) >= target ||
		   (self && process_kill_pending(self)));
	if (READ_ONCE(frames_done) < target)
		return -PANDA_ERR_IO;
	return 0;
}

void compositor_get_stats(struct compositor_stats *st)
{
	spin_lock(&comp_lock);
	st->frames = frames_done;
	st->painted_frames = painted_frames;
	st->pixels = painted_pixels;
	st->busy_ns = busy_ns;
	st->windows = nr_windows;
	spin_unlock(&comp_lock);
}

/* ---------------------------------------------------------------- windows */

struct window *window_create(void)
{
	struct window *w = kzalloc(sizeof(*w));

	if (!w)
		return NULL;
	spin_lock(&comp_lock);
	w->id = next_window_id++;
	list_add_tail(&w->node, &windows);	/* on top */
	nr_windows++;
	spin_unlock(&comp_lock);
	return w;
}

void window_destroy(struct window *w)
{
	struct pix_rect r = window_rect(w);

	spin_lock(&comp_lock);
	list_del_init(&w->node);
	nr_windows--;
	if (window_shown(w))
		mark(&r);
	spin_unlock(&comp_lock);
	store_free(&w->store);
	kfree(w);
}

uint32_t window_id(const struct window *w)
{
	return w->id;
}

void window_info(struct window *w, struct panda_surface_info *out)
{
	spin_lock(&comp_lock);
	out->width = w->width;
	out->height = w->height;
	out->format = PANDA_PIXEL_FORMAT_ARGB8888;
	out->stride = w->width * 4;
	spin_unlock(&comp_lock);
}

int window_update(struct window *w, const struct panda_update_params *p)
{
	struct pix_rect old = window_rect(w), now;
	bool was_shown = window_shown(w);
	bool resize = p->width != w->width || p->height != w->height;
	struct pixstore s = w->store, prev = w->store;
	struct mem_stats ms;
	uint64_t len;
	int ret;

	/*
	 * The store is resized on a copy, outside the lock (the frame
	 * allocator is not called under it); nothing else changes a window
	 * while its owner's system call runs.  The compositor task may
	 * paint from the old store on another CPU until the swap below, so
	 * what only the old store used is freed after it.  A size beyond
	 * the free frames fails at once rather than after taking them all.
	 */
	if (resize) {
		len = (uint64_t)p->width * p->height;	/* < 2^64 */
		mem_stats(&ms);
		if (len > (ms.free_frames + s.pages) * (PAGE_SIZE / 4))
			return -PANDA_ERR_NO_MEMORY;
		ret = store_resize(&s, len * 4);
		if (ret)
			return ret;
	}
	spin_lock(&comp_lock);
	if (resize)
		w->store = s;
	w->x = p->x;
	w->y = p->y;
	w->width = p->width;
	w->height = p->height;
	w->visible = p->visible != 0;
	now = window_rect(w);
	/* Panda-C (4.7): the vacated area shows what lies beneath. */
	if (was_shown && (!window_shown(w) || old.x0 != now.x0 ||
			  old.y0 != now.y0 || old.x1 != now.x1 ||
			  old.y1 != now.y1))
		mark(&old);
	if (window_shown(w))
		mark(&now);
	spin_unlock(&comp_lock);
	if (resize)	/* no frame paints from prev from here on */
		store_retire(&prev, &s);
	return 0;
}

/*
 * x + w <= limit and y + h <= limit without 32-bit overflow, and the
 * buffer holds w * h pixels (graphics.md 4.3, 4.8; abi.md 3.3).
 */
static int check_blit(const struct panda_blit_params *p, uint32_t width,
		      uint32_t height, const struct pix_source *src)
{
	if ((uint64_t)p->x + p->width > width ||
	    (uint64_t)p->y + p->height > height)
		return -EINVAL;
	if (src->size < (uint64_t)p->width * p->height * 4)
		return -EINVAL;
	return 0;
}

int window_blit(struct window *w, const struct panda_blit_params *p,
		const struct pix_source *src)
{
	struct pix_rect r;
	uint32_t row;
	int ret;

	spin_lock(&comp_lock);
	ret = check_blit(p, w->width, w->height, src);
	if (ret || !p->width || !p->height) {
		spin_unlock(&comp_lock);
		return ret;
	}
	for (row = 0; row < p->height; row++)
		source_to_store(&w->store,
				(((uint64_t)p->y + row) * w->width + p->x) * 4,
				src, (uint64_t)row * p->width * 4, p->width,
				pixels_blend_store);
	/* Only the blitted part changed (6.5). */
	r = pix_rect_make(w->x, w->y, p->width, p->height);
	r.x0 += p->x;
	r.x1 += p->x;
	r.y0 += p->y;
	r.y1 += p->y;
	if (window_shown(w))
		mark(&r);
	spin_unlock(&comp_lock);
	return 0;
}

int window_flush(struct window *w, const struct panda_surface_rect *rect)
{
	struct pix_rect r;

	spin_lock(&comp_lock);
	if (!rect) {
		r = window_rect(w);
		if (window_shown(w))
			mark(&r);
	} else if (w->visible) {
		r = pix_rect_make(rect->x, rect->y, rect->width, rect->height);
		r.x0 += w->x;
		r.x1 += w->x;
		r.y0 += w->y;
		r.y1 += w->y;
		mark(&r);
	}
	spin_unlock(&comp_lock);
	return compositor_wait_frame();
}

/* ---------------------------------------------------------------- fb0 */

/* graphics.md 4.2: inside the screen, no 32-bit overflow. */
static int check_fb_rect(uint32_t x, uint32_t y, uint32_t w, uint32_t h)
{
	if (x >= fb->width || y >= fb->height)
		return -EINVAL;
	if ((uint64_t)x + w > fb->width || (uint64_t)y + h > fb->height)
		return -EINVAL;
	return 0;
}

int fb_fill(const struct panda_fill_params *p)
{
	uint32_t row;
	int ret;

	if (!fb)
		return -ENOENT;
	ret = check_fb_rect(p->x, p->y, p->width, p->height);
	if (ret)
		return ret;
	spin_lock(&comp_lock);
	for (row = 0; row < p->height; row++)
		pixels_fill(fb->rows[p->y + row] + p->x, p->colour, p->width);
	spin_unlock(&comp_lock);
	return 0;
}

int fb_blit(const struct panda_blit_params *p, const struct pix_source *src)
{
	uint32_t row;
	int ret;

	if (!fb)
		return -ENOENT;
	ret = check_fb_rect(p->x, p->y, p->width, p->height);
	if (!ret)
		ret = check_blit(p, fb->width, fb->height, src);
	if (ret)
		return ret;
	spin_lock(&comp_lock);
	for (row = 0; row < p->height; row++)
		from_source(fb->rows[p->y + row] + p->x, src,
			    (uint64_t)row * p->width * 4, p->width,
			    pixels_blend);
	spin_unlock(&comp_lock);
	return 0;
}

int fb_flush(void)
{
	if (!fb)
		return -ENOENT;
	return display_flush(0, 0, fb->width, fb->height);
}
