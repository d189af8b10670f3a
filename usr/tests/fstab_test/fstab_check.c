// SPDX-License-Identifier: GPL-2.0
/*
 * fstab_check: run as a service by init after the mounts of fstab_test's
 * fstab.toml.  The ext2 disk must be at /data and nowhere else (no
 * default /mnt mount when an fstab exists, nothing at the skipped or
 * failed entries' mount points).  Logs the verdict.
 */
#include <panda/panda.h>
#include <stdlib.h>
#include <string.h>

static int verdict(const char *why)
{
	if (why)
		panda_logf("PANDA-TEST-RESULT: fail %s", why);
	else
		panda_log("PANDA-TEST-RESULT: pass");
	return why ? 1 : 0;
}

static bool exists(const char *uri)
{
	struct panda_file_stat st;

	return !panda_stat_path(uri, &st);
}

int main(int argc, char **argv, char **envp)
{
	static const char want[] = "Hello from ext2!\n";
	uint8_t *data;
	size_t len;
	int err;

	err = panda_read_whole_file("file:/data/hello.txt", &data, &len);
	if (err)
		return verdict("file:/data/hello.txt is not readable");
	if (len != sizeof(want) - 1 || memcmp(data, want, len))
		return verdict("file:/data/hello.txt has the wrong content");
	free(data);
	if (exists("file:/mnt/hello.txt"))
		return verdict("the disk is mounted at /mnt too");
	if (exists("file:/opt/hello.txt") || exists("file:/x/hello.txt") ||
	    exists("file:/y/hello.txt"))
		return verdict("a skipped entry was mounted");
	panda_log(
		"fstab_check: /data holds the ext2 disk, nothing else is mounted");
	return verdict(NULL);
}
