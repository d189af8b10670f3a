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

#endif
