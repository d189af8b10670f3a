// SPDX-License-Identifier: GPL-2.0
/* resource: handle tables, directory resources, the initramfs through the VFS. */
#include <lib/string.h>
#include <panda/errno.h>
#include <panda/ktest.h>
#include <panda/mm.h>
#include <panda/vfs.h>

static int destroyed;

static void counting_destroy(struct resource *r)
{
	destroyed++;
	kfree(r);
}

static const struct resource_ops test_ops = {
	.name = "test", .tag = PANDA_TAG_FILE, .destroy = counting_destroy,
};

KTEST(resource, handle_table_insert_get_remove)
{
	struct handle_table t;
	struct resource *r = kzalloc(sizeof(*r));
	int64_t h1, h2;

	handle_table_init(&t);
	resource_init(r, &test_ops);
	destroyed = 0;
	h1 = handle_install(&t, r);
	h2 = handle_install(&t, r);
	KTEST_ASSERT_EQ(h1, (PANDA_TAG_FILE << 24) | 7);	/* first index 7 */
	KTEST_ASSERT_EQ(h2, (PANDA_TAG_FILE << 24) | 8);
	resource_put(r);		/* handles keep it alive */
	KTEST_ASSERT_EQ(destroyed, 0);
	KTEST_ASSERT(handle_lookup(&t, h1)->res == r);
	/* The full value counts: right index, wrong tag is no handle. */
	KTEST_ASSERT(handle_lookup(&t, (PANDA_TAG_CHANNEL << 24) | 7) == NULL);
	handle_lookup(&t, h1)->offset = 99;
	KTEST_ASSERT_EQ(handle_lookup(&t, h2)->offset, 0);
	KTEST_ASSERT_EQ(handle_close(&t, h1), 0);
	KTEST_ASSERT_EQ(handle_close(&t, h1), -PANDA_ERR_BAD_HANDLE);
	KTEST_ASSERT_EQ(destroyed, 0);
	KTEST_ASSERT_EQ(handle_close(&t, h2), 0);
	KTEST_ASSERT_EQ(destroyed, 1);
	/* Indices are never reused. */
	r = kzalloc(sizeof(*r));
	resource_init(r, &test_ops);
	KTEST_ASSERT_EQ(handle_install(&t, r), (PANDA_TAG_FILE << 24) | 9);
	resource_put(r);
	handle_table_release(&t);
	KTEST_ASSERT_EQ(destroyed, 2);
}

/* An exiting process's table: what the broker installs late is refused. */
KTEST(resource, released_table_refuses_installs)
{
	struct handle_table t;
	struct resource *r = kzalloc(sizeof(*r));

	handle_table_init(&t);
	resource_init(r, &test_ops);
	destroyed = 0;
	KTEST_ASSERT(handle_install(&t, r) > 0);
	handle_table_release(&t);
	KTEST_ASSERT_EQ(destroyed, 0);		/* we still hold r */
	KTEST_ASSERT_EQ(handle_install(&t, r), -ENOENT);
	KTEST_ASSERT_EQ(handle_install_at(&t, PANDA_HANDLE_STDIN, r), -ENOENT);
	KTEST_ASSERT_EQ(t.count, 0);
	resource_put(r);
	KTEST_ASSERT_EQ(destroyed, 1);		/* no entry kept it */
	handle_table_release(&t);		/* twice is harmless */
}

KTEST(resource, initramfs_files_and_directories)
{
	struct vfs_stat st;
	void *data;
	size_t size;

	KTEST_ASSERT_EQ(vfs_stat("/initrd/hello.txt", &st), 0);
	KTEST_ASSERT_EQ(st.size, 23);
	KTEST_ASSERT(!st.is_dir);
	KTEST_ASSERT_EQ(vfs_stat("/initrd", &st), 0);
	KTEST_ASSERT(st.is_dir);
	KTEST_ASSERT_EQ(vfs_stat("/", &st), 0);	/* synthetic root */
	KTEST_ASSERT(st.is_dir);
	KTEST_ASSERT_EQ(vfs_stat("/initrd/nope", &st), -ENOENT);
	/* Lexical normalisation before lookup. */
	KTEST_ASSERT_EQ(vfs_stat("//initrd/./x/../hello.txt/", &st), 0);
	KTEST_ASSERT_EQ(vfs_read_file("/initrd/hello.txt", &data, &size), 0);
	KTEST_ASSERT_EQ(size, 23);
	KTEST_ASSERT(!memcmp(data, "Hello from the initrd!\n", 23));
	kfree(data);
}

KTEST(resource, directory_resource_lists_snapshot)
{
	struct handle_entry h = { 0 };
	struct panda_dirent de;
	struct resource *r;
	bool saw_init = false, saw_hello = false, saw_config = false;

	KTEST_ASSERT_EQ(vfs_opendir("/initrd", &r), 0);
	KTEST_ASSERT_EQ(r->ops->tag, PANDA_TAG_DIRECTORY);
	while (r->ops->readdir(r, &h, &de) == 1) {
		if (de.name_len == 4 && !memcmp(de.name, "init", 4))
			saw_init = true;
		if (de.name_len == 9 && !memcmp(de.name, "hello.txt", 9))
			saw_hello = true;
		/* The only directory: the service configs (usr/rootfs/). */
		if (de.name_len == 6 && !memcmp(de.name, "config", 6))
			saw_config = de.is_dir;
		else
			KTEST_ASSERT(!de.is_dir);
	}
	KTEST_ASSERT(saw_init && saw_hello && saw_config);
	KTEST_ASSERT_EQ(r->ops->readdir(r, &h, &de), 0);
	resource_put(r);
	/* The root lists the mount points. */
	h.offset = 0;
	KTEST_ASSERT_EQ(vfs_opendir("/", &r), 0);
	KTEST_ASSERT_EQ(r->ops->readdir(r, &h, &de), 1);
	KTEST_ASSERT(de.is_dir && de.name_len == 6 && !memcmp(de.name, "initrd", 6));
	resource_put(r);
	KTEST_ASSERT_EQ(vfs_opendir("/initrd/hello.txt", &r),
			-PANDA_ERR_NOT_A_DIRECTORY);
}
