// SPDX-License-Identifier: GPL-2.0
/*
 * linux_bench: the Linux baseline of 'make bench', run as /init of an
 * initramfs under Debian's kernel (scripts/bench/mklinux.py).  The same
 * metrics as usr/bench/bench.c, measured the same way, printed the same way:
 *
 *	BENCH name=<metric> value=<number> unit=<ns|ms|MBps|Mpix/s> iters=<n>
 *	BENCH-SKIP name=<metric> reason=<text>
 *
 * then the machine powers off.  Timing is the TSC converted with the
 * kernel's calibration (calibrate()), medians of batch means after a
 * warm-up.  Built with the host's gcc -static.
 *
 * boot_to_init: the EFI loader (scripts/bench/efi_chain.c) appends
 * loader_tsc=<TSC at its start> to the kernel command line; the kernel
 * hands unknown key=value words to init as environment variables.  The
 * TSC at init's first line minus that, through the kernel's own TSC
 * calibration.
 *
 * *_fullscreen: Linux has no pixel operation to call, so these time the
 * pixel work in-process: the kernel's own row routines (lib/pixels.c,
 * compiled with the kernel's code-generation flags by
 * scripts/Makefile.bench) on a 1920 x 1080 target in this program's
 * memory, row by row as Panda's fb_fill/fb_blit (drivers/gpu/compositor.c)
 * call them.  Panda/Linux is then the cost of Panda's system call and
 * surface path on top of the same pixel work.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <lib/pixels.h>

#define FILE_SIZE	(64u << 20)
#define FILE_CHUNK	(64u << 10)
#define GFX_W		1920u		/* *_fullscreen */
#define GFX_H		1080u

static double tsc_per_ns;	/* the kernel's TSC calibration */
static char klog[1 << 17];

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

/* kHz from "<key>1234.567 MHz" in the kernel log, or 0. */
static double klog_mhz(const char *key)
{
	const char *p = strstr(klog, key);
	unsigned long mhz, frac;
	int digits = -1;

	if (!p || sscanf(p + strlen(key), "%lu.%n", &mhz, &digits) != 1 ||
	    digits < 0)
		return 0;
	p += strlen(key) + digits;
	frac = strtoul(p, NULL, 10);
	return mhz * 1000.0 + frac;
}

/*
 * The kernel's TSC calibration: the refined one if the kernel has logged
 * it yet, else its first ("tsc: Detected"); without either, TSC against
 * CLOCK_MONOTONIC over 20 ms.  Every figure is converted with this one
 * factor, printed as BENCH-TSC so that run.py can check it against the
 * host's TSC rate (under TCG the guest's TSC is the host's).
 */
static void calibrate(void)
{
	int n = klogctl(3 /* SYSLOG_ACTION_READ_ALL */, klog, sizeof(klog) - 1);
	double khz = 0;

	klog[n > 0 ? n : 0] = 0;
	khz = klog_mhz("tsc: Refined TSC clocksource calibration: ");
	if (!khz)
		khz = klog_mhz("tsc: Detected ");
	if (khz) {
		tsc_per_ns = khz / 1e6;
	} else {
		uint64_t ns0 = mono_ns(), tsc0 = rdtsc(), ns;

		do
			ns = mono_ns();
		while (ns - ns0 < 20000000);
		tsc_per_ns = (double)(rdtsc() - tsc0) / (double)(ns - ns0);
	}
	printf("BENCH-TSC khz=%.0f\n", tsc_per_ns * 1e6);
}

static double cycles_per_ns(void)
{
	return tsc_per_ns;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void report(const char *name, double value, const char *unit,
		   unsigned long iters)
{
	printf("BENCH name=%s value=%.3f unit=%s iters=%lu\n", name, value,
	       unit, iters);
	fflush(stdout);
}

static void skip(const char *name, const char *why, int err)
{
	printf("BENCH-SKIP name=%s reason=%s: %s\n", name, why,
	       strerror(err));
	fflush(stdout);
}

static void report_batches(const char *name, double *cyc, int batches,
			   unsigned long per_batch)
{
	report(name, median(cyc, batches) / cycles_per_ns(), "ns",
	       batches * per_batch);
}

/* ------------------------------------------------------------ metrics */

static void bench_boot(uint64_t first_tsc)
{
	const char *env = getenv("loader_tsc");

	if (!env) {
		printf("BENCH-SKIP name=boot_to_init reason=no loader_tsc= "
		       "from the EFI loader\n");
		return;
	}
	report("boot_to_init", (double)(first_tsc - strtoull(env, NULL, 10)) /
	       cycles_per_ns() / 1e6, "ms", 1);
}

static void bench_null_syscall(void)
{
	enum { BATCHES = 200, PER = 500, WARM = 2000 };
	static double cyc[BATCHES];
	int b, i;

	for (i = 0; i < WARM; i++)
		syscall(SYS_getppid);
	for (b = 0; b < BATCHES; b++) {
		uint64_t t0 = rdtsc();

		for (i = 0; i < PER; i++)
			syscall(SYS_getppid);
		cyc[b] = (double)(rdtsc() - t0) / PER;
	}
	report_batches("null_syscall", cyc, BATCHES, PER);
}

static int read_full(int fd, void *buf, size_t n)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = read(fd, (char *)buf + got, n - got);

		if (r <= 0)
			return -1;
		got += r;
	}
	return 0;
}

/* Ping-pong over a pipe pair with a forked child. */
static void bench_ipc(const char *name, size_t size)
{
	enum { BATCHES = 40, PER = 50, WARM = 4 };
	static char buf[4096];
	static double cyc[BATCHES];
	int down[2], up[2], b, i, ok = 1;
	pid_t pid;

	if (pipe(down) || pipe(up)) {
		skip(name, "pipe", errno);
		return;
	}
	pid = fork();
	if (pid == 0) {
		close(down[1]);
		close(up[0]);
		while (!read_full(down[0], buf, size))
			if (write(up[1], buf, size) != (ssize_t)size)
				_exit(1);
		_exit(0);
	}
	close(down[0]);
	close(up[1]);
	memset(buf, 0xa5, sizeof(buf));
	for (b = -WARM; b < BATCHES && ok; b++) {
		uint64_t t0 = rdtsc();

		for (i = 0; i < PER && ok; i++)
			ok = write(down[1], buf, size) == (ssize_t)size &&
			     !read_full(up[0], buf, size);
		if (b >= 0)
			cyc[b] = (double)(rdtsc() - t0) / PER;
	}
	close(down[1]);
	close(up[0]);
	waitpid(pid, NULL, 0);
	if (!ok) {
		skip(name, "round trip", errno);
		return;
	}
	report_batches(name, cyc, BATCHES, PER);
}

/*
 * Under CFS sched_yield often switches to nobody (the yielder is picked
 * again while the other task is ahead in virtual runtime: 218 switches in
 * 2000 yields here), so both processes run SCHED_FIFO at one priority,
 * where a yield always moves the caller behind the other.  Each batch
 * still counts the switches that happened (the parent's involuntary
 * context switches, where a switching yield is counted) and divides by
 * twice that.
 */
static void bench_context_switch(void)
{
	enum { BATCHES = 40, PER = 50, WARM = 200 };
	struct sched_param fifo = { .sched_priority = 1 }, other = { 0 };
	static double cyc[BATCHES];
	long switches = 0;
	int b, i, n = 0;
	pid_t pid;

	if (sched_setscheduler(0, SCHED_FIFO, &fifo))
		printf("bench: SCHED_FIFO: %s\n", strerror(errno));
	pid = fork();
	if (pid == 0)
		for (;;)
			sched_yield();
	for (i = 0; i < WARM; i++)
		sched_yield();
	for (b = 0; b < BATCHES; b++) {
		struct rusage r0, r1;
		uint64_t t0;

		getrusage(RUSAGE_SELF, &r0);
		t0 = rdtsc();
		for (i = 0; i < PER; i++)
			sched_yield();
		t0 = rdtsc() - t0;
		getrusage(RUSAGE_SELF, &r1);
		if (r1.ru_nivcsw > r0.ru_nivcsw) {
			long sw = r1.ru_nivcsw - r0.ru_nivcsw;

			cyc[n++] = (double)t0 / (2 * sw);
			switches += sw;
		}
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	sched_setscheduler(0, SCHED_OTHER, &other);
	printf("BENCH-INFO context_switch yields=%d switched=%ld\n",
	       BATCHES * PER, switches);
	if (!n) {
		printf("BENCH-SKIP name=context_switch "
		       "reason=sched_yield never switched\n");
		return;
	}
	report_batches("context_switch", cyc, n, 2 * switches / n);
}

static void bench_spawn_wait(char **envp)
{
	enum { ITERS = 30, WARM = 3 };
	static double cyc[ITERS];
	char *argv[] = { "/bench_exit", NULL };
	int i, status;

	for (i = 0; i < WARM + ITERS; i++) {
		uint64_t t0 = rdtsc();
		pid_t pid = fork();

		if (pid == 0) {
			execve(argv[0], argv, envp);
			_exit(127);
		}
		if (pid < 0 || waitpid(pid, &status, 0) != pid ||
		    !WIFEXITED(status) || WEXITSTATUS(status)) {
			skip("spawn_wait", "fork+execve+waitpid of /bench_exit",
			     pid < 0 ? errno : ECHILD);
			return;
		}
		if (i >= WARM)
			cyc[i - WARM] = (double)(rdtsc() - t0);
	}
	report("spawn_wait", median(cyc, ITERS) / cycles_per_ns() / 1e6, "ms",
	       ITERS);
}

/* The modules of /modules/load.txt, in order (virtio-blk, ext2/ext4). */
static void load_modules(void)
{
	char line[256];
	FILE *f = fopen("/modules/load.txt", "r");

	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char path[300];
		int fd;

		line[strcspn(line, "\n")] = 0;
		if (!line[0])
			continue;
		snprintf(path, sizeof(path), "/modules/%s", line);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		if (syscall(SYS_finit_module, fd, "", 0) && errno != EEXIST)
			printf("bench: module %s: %s\n", line,
			       strerror(errno));
		close(fd);
	}
	fclose(f);
}

static void bench_files(void)
{
	static char buf[FILE_CHUNK];
	uint64_t t0, total = 0;
	ssize_t r = 0;
	int fd, i;

	load_modules();
	/* virtio-blk probes asynchronously: wait for the node. */
	for (i = 0; i < 200 && access("/dev/vda", F_OK); i++)
		usleep(10000);
	if (mount("/dev/vda", "/mnt", "ext2", MS_RDONLY, NULL)) {
		skip("file_read_seq", "mount /dev/vda (ext2) at /mnt", errno);
		skip("file_write_seq", "mount /dev/vda (ext2) at /mnt", errno);
		return;
	}
	fd = open("/mnt/bench/read64.bin", O_RDONLY);
	if (fd < 0) {
		skip("file_read_seq", "open /mnt/bench/read64.bin", errno);
	} else {
		t0 = rdtsc();
		while ((r = read(fd, buf, sizeof(buf))) > 0)
			total += r;
		t0 = rdtsc() - t0;
		close(fd);
		if (r < 0 || total != FILE_SIZE)
			skip("file_read_seq", "short read",
			     r < 0 ? errno : EIO);
		else
			report("file_read_seq", total * cycles_per_ns() * 1e3 /
			       (double)t0, "MBps", total / FILE_CHUNK);
	}

	if (mount(NULL, "/mnt", NULL, MS_REMOUNT, NULL)) {
		skip("file_write_seq", "remount /mnt read-write", errno);
		return;
	}
	memset(buf, 0x5a, sizeof(buf));
	fd = open("/mnt/bench/write64.bin", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0) {
		skip("file_write_seq", "create /mnt/bench/write64.bin", errno);
		return;
	}
	t0 = rdtsc();
	for (total = 0, r = 0; total < FILE_SIZE && r >= 0; total += r)
		r = write(fd, buf, sizeof(buf));
	if (r >= 0)
		r = fsync(fd);
	t0 = rdtsc() - t0;
	close(fd);
	if (r < 0)
		skip("file_write_seq", "write", errno);
	else
		report("file_write_seq", total * cycles_per_ns() * 1e3 /
		       (double)t0, "MBps", total / FILE_CHUNK);
	umount("/mnt");
}

/*
 * The pixel work of Panda's SURFACE_FILL and SURFACE_BLIT of all of a
 * 1920 x 1080 surface:/fb0 (usr/bench/bench.c), done in-process with the
 * same routines: fb_fill calls pixels_fill per row, fb_blit pixels_blend
 * per row (which copies opaque pixel pairs and blends the others).  The
 * target stands for the framebuffer, the source for the buffer; both are
 * anonymous mappings, touched by the warm-up batch as on Panda.  No flush
 * on either side.  The same data, batches and statistic as bench.c.
 */
static uint32_t *gfx_fb, *gfx_src;

static void gfx_fill(void)
{
	uint32_t row;

	for (row = 0; row < GFX_H; row++)
		pixels_fill(gfx_fb + (size_t)row * GFX_W, 0xff203040u, GFX_W);
}

static void gfx_blit(void)
{
	uint32_t row;

	for (row = 0; row < GFX_H; row++)
		pixels_blend(gfx_fb + (size_t)row * GFX_W,
			     gfx_src + (size_t)row * GFX_W, GFX_W);
}

static void gfx_report(const char *name, void (*op)(void), int batches,
		       int per)
{
	static double cyc[16];
	int b, i;

	for (b = -1; b < batches; b++) {
		uint64_t t0 = rdtsc();

		for (i = 0; i < per; i++)
			op();
		if (b >= 0)
			cyc[b] = (double)(rdtsc() - t0) / per;
	}
	/* pixels per ns * 1000 = Mpix/s */
	report(name, (double)GFX_W * GFX_H * 1e3 /
	       (median(cyc, batches) / cycles_per_ns()), "Mpix/s",
	       (unsigned long)batches * per);
}

static void bench_graphics(void)
{
	size_t i, n = (size_t)GFX_W * GFX_H;
	void *fb, *src;

	fb = mmap(NULL, n * 4, PROT_READ | PROT_WRITE,
		  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	src = mmap(NULL, n * 4, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (fb == MAP_FAILED || src == MAP_FAILED) {
		skip("fill_fullscreen", "mmap", errno);
		skip("blit_fullscreen", "mmap", errno);
		skip("alpha_blend_fullscreen", "mmap", errno);
		return;
	}
	gfx_fb = fb;
	gfx_src = src;
	/* Panda's framebuffer starts in the desktop colour. */
	pixels_fill(gfx_fb, DESKTOP_COLOUR, n);

	gfx_report("fill_fullscreen", gfx_fill, 15, 4);
	/* Opaque: every pixel copied. */
	for (i = 0; i < n; i++)
		gfx_src[i] = 0xff000000u | (uint32_t)(i * 2654435761u >> 8);
	gfx_report("blit_fullscreen", gfx_blit, 15, 4);
	/* Every pixel translucent, alphas 1..254: every pixel blended. */
	for (i = 0; i < n; i++)
		gfx_src[i] = ((uint32_t)(1 + i % 254) << 24) |
			     (uint32_t)(i * 2654435761u >> 8 & 0xffffff);
	gfx_report("alpha_blend_fullscreen", gfx_blit, 9, 1);
	munmap(fb, n * 4);
	munmap(src, n * 4);
}

int main(int argc, char **argv, char **envp)
{
	uint64_t first = rdtsc();
	int fd;

	/* Without /dev/console the kernel starts us with no stdio. */
	if (fcntl(1, F_GETFD) < 0 &&
	    (fd = open("/dev/console", O_RDWR)) >= 0) {
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
	}
	/* The first line: boot_to_init ends at the TSC read above. */
	printf("bench: init started\n");
	fflush(stdout);
	calibrate();

	mount("proc", "/proc", "proc", 0, NULL);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);

	bench_boot(first);
	bench_null_syscall();
	bench_ipc("ipc_roundtrip_64", 64);
	bench_ipc("ipc_roundtrip_4k", 4096);
	bench_context_switch();
	bench_spawn_wait(envp);
	bench_files();
	bench_graphics();
	printf("bench: done\n");
	fflush(stdout);
	sync();
	reboot(RB_POWER_OFF);
	return 0;
}
