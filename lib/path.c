// SPDX-License-Identifier: GPL-2.0
/* Lexical path normalisation and mount-point matching (fs.md 2.3-2.4). */
#include <lib/path.h>
#include <lib/string.h>

/*
 * Appends the components of in to the normal path out[0..*len) (which
 * starts with '/'), applying the rules of path_normalize().  Returns 0, or
 * -1 when a component is too long or out (size bytes) is too small.
 */
static int path_append(const char *in, char *out, size_t *len, size_t size)
{
	size_t l = *len;

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
			while (l > 1 && out[l - 1] != '/')
				l--;
			if (l > 1)
				l--;	/* the slash before the component */
			continue;
		}
		if (l > 1) {
			if (l + 1 >= size)
				return -1;
			out[l++] = '/';
		}
		if (l + n >= size)
			return -1;
		memcpy(out + l, comp, n);
		l += n;
	}
	*len = l;
	return 0;
}

int path_normalize(const char *in, char *out, size_t size)
{
	size_t len = 1;

	if (!in || in[0] != '/' || size < 2)
		return -1;
	out[0] = '/';
	if (path_append(in, out, &len, size))
		return -1;
	out[len] = '\0';
	return 0;
}

int path_resolve(const char *cwd, const char *arg, char *out, size_t size)
{
	size_t len = 1;

	if (!cwd)
		cwd = "/";
	if (!strncmp(arg, "file:", 5))
		arg += 5;
	if (arg[0] == '/')
		return path_normalize(arg, out, size);
	if (cwd[0] != '/' || size < 2)
		return -1;
	out[0] = '/';
	if (path_append(cwd, out, &len, size) ||
	    path_append(arg, out, &len, size))
		return -1;
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
