/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The CPU compositor (CONFIG_VIRTIO_GPU; graphics.md 4-6,
 * drivers/gpu/compositor.c).
 *
 * Windows are stacked in creation order (later on top).  Each owns a
 * pixel store of width * height * 4 bytes in whole frames (resized
 * linearly, graphics.md 4.7).  System calls only change windows and mark
 * screen rectangles dirty; the compositor task wakes every 16 ms,
 * repaints the dirty rectangles (desktop colour, then every visible
 * window bottom to top, blended with lib/pixels.c), flushes them to the
 * display, counts the frame and wakes the flush waiters.  A frame with
 * nothing dirty paints nothing, so pictures drawn on surface:/fb0 stay.
 *
 * One spinlock, never taken in interrupt context, guards the window
 * stack, the dirty list and the framebuffer pixels; it is taken without
 * disabling interrupts, so a long repaint does not hold off the tick or
 * the keyboard.  The kernel is not preemptible, so the lock is never
 * contended on one CPU; it orders the compositor against system calls
 * once there are more.
 */
#ifndef _PANDA_COMPOSITOR_H
#define _PANDA_COMPOSITOR_H

#include <panda/compiler.h>
#include <panda/surface.h>

struct buffer;
struct window;

/*
 * Where blitted pixels come from: size bytes, rows packed (width * 4
 * bytes each), reached piecewise through kaddr(), which gives the kernel
 * address of byte off and how many bytes are contiguous from there (one
 * call per page, never per pixel).  Shared buffers are read through the
 * RAM map (pix_source_buffer()), never through their user addresses.
 */
struct pix_source {
	uint64_t size;
	const void *(*kaddr)(const struct pix_source *s, uint64_t off,
			     uint64_t *contig);
	const void *priv;
};

void pix_source_buffer(struct pix_source *s, struct buffer *b);
/* Kernel memory (tests, kernel drawing). */
void pix_source_memory(struct pix_source *s, const void *p, uint64_t size);

#define COMPOSITOR_PERIOD_MS	16

/*
 * From the GPU driver once the framebuffer is scanned out: it becomes the
 * compositor's, is filled with the desktop colour and flushed
 * (graphics.md 2, step 4).
 */
void compositor_init(const struct framebuffer *fb);

#ifdef CONFIG_VIRTIO_GPU
/* Starts the compositor task (after sched_init()); nothing without a display. */
void compositor_start(void);
#else
static inline void compositor_start(void)
{
}
#endif

/* A new window: invisible, at (0, 0), 0 x 0, on top.  NULL: no memory. */
struct window *window_create(void);
/* Removes it, repainting where it was (graphics.md 4.10), and frees it. */
void window_destroy(struct window *w);
uint32_t window_id(const struct window *w);

/* graphics.md 4.1 info, 4.7 update params, 4.8 blit, 4.9 flush. */
void window_info(struct window *w, struct panda_surface_info *out);
int window_update(struct window *w, const struct panda_update_params *p);
/* The parameters' buffer_handle is not looked at: src is the source. */
int window_blit(struct window *w, const struct panda_blit_params *p,
		const struct pix_source *src);
int window_flush(struct window *w, const struct panda_surface_rect *rect);

/* The framebuffer surface (graphics.md 4.2-4.4). */
int fb_fill(const struct panda_fill_params *p);
int fb_blit(const struct panda_blit_params *p, const struct pix_source *src);
int fb_flush(void);

struct compositor_stats {
	uint64_t frames;		/* the frame counter (graphics.md 6.1) */
	uint64_t painted_frames;	/* frames that repainted something */
	uint64_t pixels;		/* pixels repainted, all frames */
	uint64_t busy_ns;		/* time spent repainting and flushing */
	uint32_t windows;		/* windows alive */
};

void compositor_get_stats(struct compositor_stats *st);

/*
 * Blocks until the compositor has completed a frame that started after
 * the call (what a window flush waits for).  0, or -PANDA_ERR_IO when
 * the calling process was killed meanwhile, or -ENOENT without display.
 */
int compositor_wait_frame(void);

#endif /* _PANDA_COMPOSITOR_H */
