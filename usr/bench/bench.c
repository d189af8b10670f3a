// SPDX-License-Identifier: GPL-2.0
/*
 * bench: Panda's benchmark suite, booted as init of the bench image
 * ('make bench', Documentation/performance.md).  It prints one line per
 * metric,
 *
 *	BENCH name=<metric> value=<number> unit=<ns|ms|MBps|Mpix/s> iters=<n>
 *
 * or 'BENCH-SKIP name=<metric> reason=<text>' for a metric this system
 * cannot measure yet, then exits; the kernel halts and leaves QEMU.
 *
 * Timing: the TSC, read in user mode, converted to nanoseconds with the
 * kernel's calibration (calibrate()).  Values are medians of per-batch
 * means after a warm-up.
 *
 * scripts/bench/linux_bench.c measures the same metrics the same way on
 * Linux.  Adding a metric: a bench_<name>() here (and there), and a row in
 * scripts/bench/run.py's METRICS table.
 */
#include <panda/panda.h>
#include <stdio.h>
#include <string.h>

#define FILE_SIZE	(64u << 20)	/* file_read_seq / file_write_seq */
#define FILE_CHUNK	(64u << 10)
#define GFX_W		1920u		/* *_fullscreen */
#define GFX_H		1080u

static double tsc_per_ns;	/* the kernel's TSC calibration */

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

/*
 * One (TSC, kernel time) pair: the time call bracketed by two TSC reads,
 * the narrowest bracket of a few tries (a busy host can stall the guest
 * between any two instructions).
 */
static void sample(uint64_t *tsc, uint64_t *ns)
{
	uint64_t best = ~0ull;
	int i;

	for (i = 0; i < 8; i++) {
		uint64_t a = rdtsc(), t = (uint64_t)panda_sys_time(),
			 b = rdtsc();

		if (b - a < best) {
			best = b - a;
			*tsc = a + (b - a) / 2;
			*ns = t;
		}
	}
}

/*
 * OP_ENVIRONMENT_TIME is the TSC through the kernel's multiplier, so the
 * ratio of the two over 20 ms gives back the kernel's calibration.  Every
 * figure is converted with this one factor, printed as BENCH-TSC so that
 * run.py can check it against the host's TSC rate (under TCG the guest's
 * TSC is the host's).
 */
static void calibrate(void)
{
	uint64_t tsc0, ns0, tsc1, ns1;

	sample(&tsc0, &ns0);
	do
		sample(&tsc1, &ns1);
	while (ns1 - ns0 < 20000000);
	tsc_per_ns = (double)(tsc1 - tsc0) / (double)(ns1 - ns0);
	panda_logf("BENCH-TSC khz=%lu", (unsigned long)(tsc_per_ns * 1e6));
}

static double cycles_per_ns(void)
{
	return tsc_per_ns;
}

static void sort(double *v, int n)
{
	int i, j;

	for (i = 1; i < n; i++) {
		double x = v[i];

		for (j = i; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

static double median(double *v, int n)
{
	sort(v, n);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Fixed-point text of a non-negative value (the C library has no %f). */
static const char *num(double v, char *buf, size_t cap)
{
	uint64_t milli = (uint64_t)(v * 1000.0 + 0.5);

	snprintf(buf, cap, "%lu.%03lu", (unsigned long)(milli / 1000),
		 (unsigned long)(milli % 1000));
	return buf;
}

static void report(const char *name, double value, const char *unit,
		   unsigned long iters)
{
	char b[32];

	panda_logf("BENCH name=%s value=%s unit=%s iters=%lu", name,
		   num(value, b, sizeof(b)), unit, iters);
}

static void skip(const char *name, const char *why, int err)
{
	panda_logf("BENCH-SKIP name=%s reason=%s: %s", name, why,
		   panda_errname(err));
}

/* Median of batches of cycles-per-op, reported in ns. */
static void report_batches(const char *name, double *cyc, int batches,
			   unsigned long per_batch)
{
	report(name, median(cyc, batches) / cycles_per_ns(), "ns",
	       batches * per_batch);
}

/* ------------------------------------------------------------ metrics */

static void bench_null_syscall(void)
{
	enum { BATCHES = 200, PER = 500, WARM = 2000 };
	static double cyc[BATCHES];
	int b, i;

	for (i = 0; i < WARM; i++)
		panda_sys_getpid();
	for (b = 0; b < BATCHES; b++) {
		uint64_t t0 = rdtsc();

		for (i = 0; i < PER; i++)
			panda_sys_getpid();
		cyc[b] = (double)(rdtsc() - t0) / PER;
	}
	report_batches("null_syscall", cyc, BATCHES, PER);
}

/* Ping-pong over the parent channel with bench_echo. */
static void bench_ipc(const char *name, size_t size)
{
	enum { BATCHES = 40, PER = 50, WARM = 4 };
	static uint8_t buf[4096];
	static double cyc[BATCHES];
	panda_child c;
	int b, i, err, code;
	long r = 0;

	err = panda_child_spawn("file:/initrd/bench_echo", &c);
	if (err) {
		skip(name, "spawn bench_echo", err);
		return;
	}
	memset(buf, 0xa5, sizeof(buf));
	for (b = -WARM; b < BATCHES && r >= 0; b++) {
		uint64_t t0 = rdtsc();

		for (i = 0; i < PER; i++) {
			r = panda_sys_channel_send(c.h, buf, size);
			if (r >= 0)
				r = panda_sys_channel_recv(c.h, buf,
							   sizeof(buf));
			if (r >= 0 && (size_t)r != size)
				r = -PANDA_ERR_INVALID_ARGUMENT;
			if (r < 0)
				break;
		}
		if (b >= 0)
			cyc[b] = (double)(rdtsc() - t0) / PER;
	}
	/* A one-byte message tells the echo to exit. */
	panda_sys_channel_send(c.h, buf, 1);
	panda_child_wait(&c, &code);
	panda_child_release(&c);
	if (r < 0) {
		skip(name, "round trip", (int)r);
		return;
	}
	report_batches(name, cyc, BATCHES, PER);
}

/* Two processes yielding to each other: two switches per round. */
static void bench_context_switch(void)
{
	enum { BATCHES = 40, PER = 50, WARM = 200 };
	static double cyc[BATCHES];
	panda_child c;
	int b, i, err;

	err = panda_child_spawn("file:/initrd/bench_yield", &c);
	if (err) {
		skip("context_switch", "spawn bench_yield", err);
		return;
	}
	for (i = 0; i < WARM; i++)
		panda_sys_yield();
	for (b = 0; b < BATCHES; b++) {
		uint64_t t0 = rdtsc();

		for (i = 0; i < PER; i++)
			panda_sys_yield();
		cyc[b] = (double)(rdtsc() - t0) / (2 * PER);
	}
	panda_child_kill(&c);
	panda_child_release(&c);
	report_batches("context_switch", cyc, BATCHES, 2 * PER);
}

/* Spawn a program that exits at once, and wait for it. */
static void bench_spawn_wait(void)
{
	enum { ITERS = 30, WARM = 3 };
	static double cyc[ITERS];
	int i, err, code;

	for (i = 0; i < WARM + ITERS; i++) {
		uint64_t t0 = rdtsc();
		panda_child c;

		err = panda_child_spawn("file:/initrd/bench_exit", &c);
		if (!err)
			err = panda_child_wait(&c, &code);
		if (err) {
			skip("spawn_wait", "spawn bench_exit", err);
			return;
		}
		panda_child_release(&c);
		if (i >= WARM)
			cyc[i - WARM] = (double)(rdtsc() - t0);
	}
	report("spawn_wait", median(cyc, ITERS) / cycles_per_ns() / 1e6,
	       "ms", ITERS);
}

/*
 * ext2 over virtio-blk: the bench disk (scripts/bench/mkdisk.sh) holds
 * bench/read64.bin; a fresh boot is a cold cache.
 */
static void bench_files(void)
{
	static uint8_t buf[FILE_CHUNK];
	panda_handle_t h;
	uint64_t t0, total = 0;
	long r;
	int err;

	err = panda_mount("ext2", "/mnt");
	if (err) {
		skip("file_read_seq", "mount ext2 at /mnt", err);
		skip("file_write_seq", "mount ext2 at /mnt", err);
		return;
	}
	err = panda_open("file:/mnt/bench/read64.bin", 0, 0, &h);
	if (err) {
		skip("file_read_seq", "open /mnt/bench/read64.bin", err);
	} else {
		t0 = rdtsc();
		while ((r = panda_sys_read(h, buf, sizeof(buf))) > 0)
			total += (uint64_t)r;
		t0 = rdtsc() - t0;
		panda_sys_close(h);
		if (r < 0 || total != FILE_SIZE)
			skip("file_read_seq", "short read",
			     r < 0 ? (int)r : 0);
		else
			report("file_read_seq", total * cycles_per_ns() * 1e3 /
			       (double)t0, "MBps", total / FILE_CHUNK);
	}

	memset(buf, 0x5a, sizeof(buf));
	err = panda_create("file:/mnt/bench/write64.bin",
			   PANDA_CREATE_TRUNCATE, &h);
	if (err) {
		skip("file_write_seq", "create /mnt/bench/write64.bin", err);
		return;
	}
	t0 = rdtsc();
	for (total = 0, r = 0; total < FILE_SIZE && r >= 0; total += r)
		r = panda_sys_write(h, buf, sizeof(buf));
#ifdef PANDA_OP_FILE_SYNC
	if (r >= 0)
		r = panda_sys_fsync(h);
#endif
	t0 = rdtsc() - t0;
	panda_sys_close(h);
	if (r < 0)
		skip("file_write_seq", "write", (int)r);
	else
		report("file_write_seq", total * cycles_per_ns() * 1e3 /
		       (double)t0, "MBps", total / FILE_CHUNK);
}

/*
 * Full-screen drawing on surface:/fb0 (the framebuffer, no compositor
 * window): the kernel's fill, an opaque blit (a copy) and a blit of
 * translucent pixels (a blend), each of all 1920 x 1080 pixels, in Mpix/s.
 * The flush that pushes the pixels to the host's display is not counted.
 */
static void gfx_skip_all(const char *why, int err)
{
	skip("fill_fullscreen", why, err);
	skip("blit_fullscreen", why, err);
	skip("alpha_blend_fullscreen", why, err);
}

static int gfx_report(const char *name, panda_handle_t fb, const void *params,
		      bool fill, int batches, int per)
{
	static double cyc[16];
	int b, i;
	long r = 0;

	for (b = -1; b < batches; b++) {
		uint64_t t0 = rdtsc();

		for (i = 0; i < per && !r; i++)
			r = fill ? panda_sys_surface_fill(fb, params)
				 : panda_sys_surface_blit(fb, params);
		if (r) {
			skip(name, fill ? "fill" : "blit", (int)r);
			return (int)r;
		}
		if (b >= 0)
			cyc[b] = (double)(rdtsc() - t0) / per;
	}
	/* pixels per ns * 1000 = Mpix/s */
	report(name, (double)GFX_W * GFX_H * 1e3 /
	       (median(cyc, batches) / cycles_per_ns()), "Mpix/s",
	       (unsigned long)batches * per);
	return 0;
}

static void bench_graphics(void)
{
	struct panda_surface_info si;
	struct panda_buffer_info bi;
	struct panda_fill_params fp = { 0, 0, GFX_W, GFX_H, 0xff203040u };
	struct panda_blit_params bp = { 0, 0, GFX_W, GFX_H, 0 };
	uint32_t *px;
	size_t i, n = (size_t)GFX_W * GFX_H;
	long h, buf;

	h = panda_sys_open("surface:/fb0", 12, 0, 0);
	if (h < 0) {
		gfx_skip_all("open surface:/fb0", (int)h);
		return;
	}
	if (panda_sys_surface_info((panda_handle_t)h, &si) ||
	    si.width != GFX_W || si.height != GFX_H) {
		panda_logf("BENCH-SKIP name=fill_fullscreen reason=framebuffer is %ux%u, not %ux%u",
			   si.width, si.height, GFX_W, GFX_H);
		panda_logf("BENCH-SKIP name=blit_fullscreen reason=framebuffer is %ux%u, not %ux%u",
			   si.width, si.height, GFX_W, GFX_H);
		panda_logf("BENCH-SKIP name=alpha_blend_fullscreen reason=framebuffer is %ux%u, not %ux%u",
			   si.width, si.height, GFX_W, GFX_H);
		goto out;
	}
	buf = panda_sys_buffer_alloc(n * 4, &bi);
	if (buf < 0) {
		gfx_skip_all("buffer alloc", (int)buf);
		goto out;
	}
	px = (uint32_t *)(uintptr_t)bi.addr;
	bp.buffer_handle = (panda_handle_t)buf;

	gfx_report("fill_fullscreen", (panda_handle_t)h, &fp, true, 15, 4);
	/* Opaque: every pixel copied. */
	for (i = 0; i < n; i++)
		px[i] = 0xff000000u | (uint32_t)(i * 2654435761u >> 8);
	gfx_report("blit_fullscreen", (panda_handle_t)h, &bp, false, 15, 4);
	/* Every pixel translucent, alphas 1..254: every pixel blended. */
	for (i = 0; i < n; i++)
		px[i] = ((uint32_t)(1 + i % 254) << 24) |
			(uint32_t)(i * 2654435761u >> 8 & 0xffffff);
	gfx_report("alpha_blend_fullscreen", (panda_handle_t)h, &bp, false,
		   9, 1);
	panda_sys_surface_flush((panda_handle_t)h, NULL);
	panda_sys_buffer_free((panda_handle_t)buf);
out:
	panda_sys_close((panda_handle_t)h);
}

int main(int argc, char **argv, char **envp)
{
	/* The first line: boot_to_init ends at its kernel timestamp. */
	panda_log("bench: init started");
	calibrate();

	bench_null_syscall();
	bench_ipc("ipc_roundtrip_64", 64);
	bench_ipc("ipc_roundtrip_4k", 4096);
	bench_context_switch();
	bench_spawn_wait();
	bench_files();
	bench_graphics();
	panda_log("bench: done");
	return 0;
}
