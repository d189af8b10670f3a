/* SPDX-License-Identifier: GPL-2.0 */
/* Structures shared by kernel and userspace (abi.md 7); sizes are the ABI. */
#ifndef _UAPI_PANDA_TYPES_H
#define _UAPI_PANDA_TYPES_H

#include <stdint.h>

struct panda_file_stat {
	uint64_t size;
	uint8_t is_dir;
	uint8_t _pad[7];
};

struct panda_dirent {
	uint8_t name_len;
	uint8_t is_dir;
	char name[255];
};

struct panda_buffer_info {
	uint64_t addr;
	uint64_t size;
};

struct panda_spawn_params {
	uint64_t path_ptr;
	uint64_t path_len;
	uint32_t mailbox;
	uint32_t event_mask;
	uint32_t stdin_handle;
	uint32_t stdout_handle;
};

struct panda_surface_info {
	uint32_t width, height, format, stride;
};

struct panda_blit_params {
	uint32_t x, y, width, height, buffer_handle;
};

struct panda_fill_params {
	uint32_t x, y, width, height, colour;
};

struct panda_surface_rect {
	uint32_t x, y, width, height;
};

struct panda_update_params {
	uint32_t x, y, width, height, visible;
};

struct panda_input_event {
	uint16_t type;
	uint16_t code;
	uint32_t value;
};

/*
 * Input of OP_ENVIRONMENT_MOUNT_DEVICE (abi.md 11, services.md 13.5):
 * three UTF-8 strings, not NUL-terminated: the file-system type
 * ("ext2"), the device URI ("block:/pci/storage/1") and the mount point
 * ("/data").  Panda-C extension.
 */
struct panda_mount_params {
	uint64_t fstype_ptr;
	uint64_t fstype_len;
	uint64_t device_ptr;
	uint64_t device_len;
	uint64_t mountpoint_ptr;
	uint64_t mountpoint_len;
};

/*
 * Output of OP_FILE_BLOCK_STATS (a0 = this struct, a1 = its size) on a
 * block: file or a file of a disk file system: the counters of the block
 * device holding it since boot (fs.md 6.5), all devices' I/O through it
 * included.  Panda-C extension.
 */
struct panda_block_stats {
	uint64_t read_reqs;		/* requests submitted to the device */
	uint64_t write_reqs;
	uint64_t flush_reqs;
	uint64_t sectors_read;		/* 512-byte sectors they carried */
	uint64_t sectors_written;
	uint64_t data_descs;		/* data descriptors (segments) */
	uint64_t cache_hits;		/* buffers a read found complete */
	uint64_t cache_misses;		/* ... or not */
	uint64_t readahead_sectors;	/* sectors queued by read-ahead */
	uint64_t writes_merged;		/* buffer runs joined to a request */
	uint64_t errors;		/* requests that failed */
	uint64_t features;		/* PANDA_BLOCK_F_*: what is built in */
};

/* struct panda_block_stats.features */
#define PANDA_BLOCK_F_CACHE		(1u << 0)
#define PANDA_BLOCK_F_READAHEAD		(1u << 1)
#define PANDA_BLOCK_F_WRITE_COALESCE	(1u << 2)
#define PANDA_BLOCK_F_WRITEBACK		(1u << 3)

_Static_assert(sizeof(struct panda_file_stat) == 16, "abi 7.1");
_Static_assert(sizeof(struct panda_dirent) == 257, "abi 7.2");
_Static_assert(sizeof(struct panda_buffer_info) == 16, "abi 7.3");
_Static_assert(sizeof(struct panda_spawn_params) == 32, "abi 7.4");
_Static_assert(sizeof(struct panda_surface_info) == 16, "abi 7.5");
_Static_assert(sizeof(struct panda_blit_params) == 20, "abi 7.6");
_Static_assert(sizeof(struct panda_fill_params) == 20, "abi 7.7");
_Static_assert(sizeof(struct panda_surface_rect) == 16, "abi 7.8");
_Static_assert(sizeof(struct panda_update_params) == 20, "abi 7.9");
_Static_assert(sizeof(struct panda_input_event) == 8, "abi 7.10");
_Static_assert(sizeof(struct panda_mount_params) == 48, "abi 11");
_Static_assert(sizeof(struct panda_block_stats) == 96, "abi 11");

#endif
