// SPDX-License-Identifier: GPL-2.0
/*
 * block_test (tests.md 3, fs.md 5.3) on the 1 MiB zeroed disk at 00:04.0:
 * by raw address and then by class path, open the device as a file, read
 * 512 bytes, write 64 bytes of 0xAA at 512, overwrite the first 32 with
 * "PANDA_BLOCK_TEST_OVERWRITE_DATA!", read the 64 bytes back.  Then what
 * the block layer adds: stat and SEEK_END give the device size, the end
 * of the device (read 0, write InvalidOffset, shortened crossing), a
 * 256 KiB write through one handle read back through another in odd
 * pieces (the cache and read-ahead must not change any result),
 * OP_FILE_SYNC, truncate NotSupported, a path that names no disk, and an
 * ext2 mount of this disk, which has none (IoError).
 */
#include <panda/panda.h>
#include <string.h>

#define DISK_SIZE	(1024 * 1024)
#define BIG		(256 * 1024)

static const char text[] = "PANDA_BLOCK_TEST_OVERWRITE_DATA!";
static uint8_t big[BIG], back[BIG];

static int fail(const char *what, long got)
{
	panda_logf("FAIL: %s: %ld (%s)", what, got, panda_errname((int)got));
	return 1;
}

static int test_path(const char *title, const char *uri)
{
	uint8_t buf[512], aa[64];
	panda_handle_t h;
	long n;
	int err;

	panda_logf("Testing %s", title);
	panda_logf("  Opening %s", uri);
	err = panda_open(uri, 0, 0, &h);
	if (err)
		return fail("open", err);
	panda_log("  Opened");
	panda_log("  Reading 512 bytes at offset 0");
	n = panda_read(h, buf, 512);
	if (n != 512)
		return fail("read of 512 bytes", n);
	panda_log("  Read succeeded");
	if (panda_seek(h, 512, PANDA_SEEK_SET) != 512)
		return fail("seek to 512", 0);
	memset(aa, 0xaa, sizeof(aa));
	panda_log("  Writing 64 bytes of 0xAA at offset 512");
	n = panda_write(h, aa, 64);
	if (n != 64)
		return fail("write of 64 bytes", n);
	panda_seek(h, 512, PANDA_SEEK_SET);
	panda_log("  Overwriting 32 bytes at offset 512");
	n = panda_write(h, text, 32);
	if (n != 32)
		return fail("overwrite of 32 bytes", n);
	panda_seek(h, 512, PANDA_SEEK_SET);
	panda_log("  Verifying 64 bytes at offset 512");
	memset(buf, 0, sizeof(buf));
	n = panda_read(h, buf, 64);
	if (n != 64)
		return fail("read of 64 bytes", n);
	if (memcmp(buf, text, 32) || memcmp(buf + 32, aa, 32)) {
		panda_log("FAIL: read back differs from what was written");
		return 1;
	}
	panda_log("  Verified");
	panda_close(h);
	return 0;
}

/* What the block layer adds; every result as without a cache. */
static int test_more(void)
{
	struct panda_file_stat st;
	panda_handle_t w, r;
	uint8_t buf[1024];
	size_t i, done;
	long n;
	int err;

	panda_log("Testing device size, ends, large transfers and sync");
	err = panda_open("block:/pci/storage/0", 0, 0, &w);
	if (!err)
		err = panda_open("block:/pci/00:04.0", 0, 0, &r);
	if (err)
		return fail("open", err);
	if (panda_fstat(w, &st) || st.size != DISK_SIZE || st.is_dir)
		return fail("stat size", (long)st.size);
	if (panda_seek(w, 0, PANDA_SEEK_END) != DISK_SIZE)
		return fail("seek to the end", 0);
	n = panda_read(w, buf, 512);
	if (n != 0)
		return fail("read at the end", n);
	n = panda_write(w, buf, 512);
	if (n != -PANDA_ERR_INVALID_OFFSET)
		return fail("write at the end", n);
	panda_seek(w, DISK_SIZE - 100, PANDA_SEEK_SET);
	memset(buf, 0x11, sizeof(buf));
	n = panda_write(w, buf, sizeof(buf));
	if (n != 100)
		return fail("write crossing the end", n);
	if (panda_seek(w, -10, PANDA_SEEK_END) != DISK_SIZE - 10)
		return fail("seek from the end", 0);
	n = panda_read(w, buf, sizeof(buf));
	if (n != 10 || buf[0] != 0x11 || buf[9] != 0x11)
		return fail("read crossing the end", n);
	panda_log("  Ends of the device behave");

	for (i = 0; i < BIG; i++)
		big[i] = (uint8_t)(i * 31 + (i >> 10));
	panda_seek(w, 300 * 1024 + 7, PANDA_SEEK_SET);
	n = panda_write(w, big, BIG);
	if (n != BIG)
		return fail("256 KiB write", n);
	/* Read back through the other handle in odd pieces. */
	panda_seek(r, 300 * 1024 + 7, PANDA_SEEK_SET);
	for (done = 0; done < BIG; done += (size_t)n) {
		size_t want = BIG - done < 3001 ? BIG - done : 3001;

		n = panda_read(r, back + done, want);
		if (n <= 0)
			return fail("read back", n);
	}
	if (memcmp(big, back, BIG)) {
		panda_log("FAIL: 256 KiB read back differs");
		return 1;
	}
	panda_log("  256 KiB written and read back");
	n = panda_sys_fsync(w);
	if (n != 0)
		return fail("OP_FILE_SYNC", n);
	n = panda_sys_truncate(w, 0);
	if (n != -PANDA_ERR_NOT_SUPPORTED)
		return fail("truncate of a device", n);
	n = panda_sync();
	if (n != 0)
		return fail("OP_ENVIRONMENT_SYNC", n);
	panda_log("  Sync done");
	panda_close(w);
	panda_close(r);
	err = panda_open("block:/pci/storage/1", 0, 0, &w);
	if (err != -PANDA_ERR_NOT_FOUND)
		return fail("open of a missing disk", err);
	/* No ext2 superblock on this disk: refused, nothing mounted. */
	err = panda_mount("ext2", "/mnt");
	if (err != -PANDA_ERR_IO)
		return fail("ext2 mount of a disk without ext2", err);
	err = panda_opendir("file:/mnt", &w);
	if (err != -PANDA_ERR_NOT_FOUND)
		return fail("/mnt after a failed mount", err);
	panda_log("  Mounting ext2 from it fails cleanly");
	return 0;
}

int main(int argc, char **argv, char **envp)
{
	panda_log("Block test starting");
	if (test_path("raw PCI address", "block:/pci/00:04.0") ||
	    test_path("class-based path", "block:/pci/storage/0") ||
	    test_more())
		return 1;
	panda_log("Block test passed");
	return 0;
}
