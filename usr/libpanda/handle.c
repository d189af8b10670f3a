// SPDX-License-Identifier: GPL-2.0
/* Typed-handle checks (userspace.md 3.2, abi.md 2.3). */
#include <panda/handle.h>

static bool known_tag(uint8_t tag)
{
	switch (tag) {
	case PANDA_HT_INVALID:
	case PANDA_HT_FILE:
	case PANDA_HT_DIRECTORY:
	case PANDA_HT_CHANNEL:
	case PANDA_HT_PROCESS:
	case PANDA_HT_MAILBOX:
	case PANDA_HT_TIMER:
	case PANDA_HT_SURFACE:
	case PANDA_HT_BUFFER:
		return true;
	}
	return false;
}

bool panda_handle_is(panda_handle_t h, enum panda_handle_type expected)
{
	uint8_t tag = panda_handle_tag(h);

	if (!known_tag(tag))
		return false;
	return tag == expected ||
	       (tag == PANDA_HT_PROCESS && expected == PANDA_HT_CHANNEL);
}

bool panda_handle_exists(panda_handle_t h)
{
	struct panda_file_stat st;

	return panda_sys_stat(h, &st) == 0;
}
