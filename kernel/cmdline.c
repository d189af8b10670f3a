// SPDX-License-Identifier: GPL-2.0
#include <lib/string.h>
#include <panda/bootinfo.h>
#include <panda/cmdline.h>
#include <panda/printk.h>

static char cmdline[BOOT_CMDLINE_MAX];

void cmdline_init(const char *line)
{
	size_t i;

	for (i = 0; i < sizeof(cmdline) - 1 && line[i]; i++)
		cmdline[i] = line[i];
	cmdline[i] = '\0';
}

const char *cmdline_get(void)
{
	return cmdline;
}

bool cmdline_value(const char *key, char *buf, size_t size)
{
	size_t klen = strlen(key);
	const char *p = cmdline;

	while (*p) {
		const char *word = p, *end;

		while (*p && *p != ' ')
			p++;
		end = p;
		while (*p == ' ')
			p++;
		if ((size_t)(end - word) > klen && !strncmp(word, key, klen) &&
		    word[klen] == '=') {
			size_t n = end - word - klen - 1;

			if (size) {
				if (n >= size)
					n = size - 1;
				memcpy(buf, word + klen + 1, n);
				buf[n] = '\0';
			}
			return true;
		}
	}
	return false;
}
