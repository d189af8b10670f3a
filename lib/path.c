// SPDX-License-Identifier: GPL-2.0
/* Lexical path normalisation and mount-point matching (fs.md 2.3-2.4). */
#include <lib/path.h>
#include <lib/string.h>

int path_normalize(const char *in, char *out, size_t size)
{
	size_t len = 1;

	if (!in || in[0] != '/' || size < 2)
		return -1;
	out[0] = '/';
	while (*in) {
		const char *comp;
		size_t n;

		while (*in == '/')
			in++;
		comp = in;
		while (*in && *in != '/')
			in++;
		n = (size_t)(in - comp);
		if (!n || (n == 1 && comp[0] == '.'))
			continue;
		if (n > PATH_COMPONENT_MAX)
			return -1;
		if (n == 2 && comp[0] == '.' && comp[1] == '.') {
			while (len > 1 && out[len - 1] != '/')
				len--;
			if (len > 1)
				len--;	/* the slash before the component */
			continue;
		}
		if (len > 1) {
			if (len + 1 >= size)
				return -1;
			out[len++] = '/';
		}
		if (len + n >= size)
			return -1;
		memcpy(out + len, comp, n);
		len += n;
	}
	out[len] = '\0';
	return 0;
}

const char *path_under_mount(const char *path, const char *mount)
{
	size_t m = strlen(mount);

	if (m == 1 && mount[0] == '/')
		return path + 1;
	if (strncmp(path, mount, m))
		return NULL;
	if (path[m] == '\0')
		return path + m;
	if (path[m] == '/')
		return path + m + 1;
	return NULL;
}
