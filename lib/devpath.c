// SPDX-License-Identifier: GPL-2.0
/* Device-path parsing and PCI class names (devices.md 3.5, 10). */
#include <lib/devpath.h>
#include <lib/string.h>

static const struct {
	uint8_t code;
	char name[11];
} pci_classes[] = {
	{ 0x01, "storage" },	{ 0x02, "network" },
	{ 0x03, "display" },	{ 0x04, "multimedia" },
	{ 0x05, "memory" },	{ 0x06, "bridge" },
	{ 0x07, "serial" },	{ 0x08, "system" },
	{ 0x09, "input" },	{ 0x0c, "usb" },
	{ 0x0d, "wireless" },
};

const char *devpath_class_name(unsigned int class_code)
{
	size_t i;

	for (i = 0; i < sizeof(pci_classes) / sizeof(pci_classes[0]); i++)
		if (pci_classes[i].code == class_code)
			return pci_classes[i].name;
	return NULL;
}

int devpath_class_code(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(pci_classes) / sizeof(pci_classes[0]); i++)
		if (strlen(pci_classes[i].name) == len &&
		    !memcmp(pci_classes[i].name, name, len))
			return pci_classes[i].code;
	return -1;
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* 1-2 hex digits making up all of s[0 .. len); -1 otherwise. */
static int hex_byte(const char *s, size_t len)
{
	int hi, lo;

	if (len == 1)
		return hex_value(s[0]);
	if (len != 2)
		return -1;
	hi = hex_value(s[0]);
	lo = hex_value(s[1]);
	return hi < 0 || lo < 0 ? -1 : hi << 4 | lo;
}

static const char *find(const char *s, size_t len, char c)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] == c)
			return s + i;
	return NULL;
}

/* "BB:DD.F" */
static int parse_bdf(const char *s, size_t len, struct devpath *out)
{
	const char *colon = find(s, len, ':'), *dot;
	int bus, dev, fn;

	if (!colon)
		return -1;
	dot = find(colon + 1, len - (size_t)(colon + 1 - s), '.');
	if (!dot)
		return -1;
	bus = hex_byte(s, (size_t)(colon - s));
	dev = hex_byte(colon + 1, (size_t)(dot - colon - 1));
	fn = hex_byte(dot + 1, len - (size_t)(dot + 1 - s));
	if (bus < 0 || dev < 0 || fn < 0 || dev > 0x1f || fn > 7)
		return -1;
	out->kind = DEVPATH_BDF;
	out->bus = (uint8_t)bus;
	out->dev = (uint8_t)dev;
	out->fn = (uint8_t)fn;
	return 0;
}

/* 1*DIGIT, at most DEVPATH_INDEX_MAX. */
static int parse_index(const char *s, size_t len, uint32_t *out)
{
	uint32_t v = 0;
	size_t i;

	if (!len)
		return -1;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (uint32_t)(s[i] - '0');
		if (v > DEVPATH_INDEX_MAX)
			return -1;
	}
	*out = v;
	return 0;
}

int devpath_parse(const char *path, size_t len, struct devpath *out)
{
	const char *comp, *slash;
	size_t n;
	int code;

	memset(out, 0, sizeof(*out));
	if (len && path[0] == '/') {
		path++;
		len--;
	}
	if (!len) {
		out->kind = DEVPATH_ROOT;
		return 0;
	}
	if (len < 3 || memcmp(path, "pci", 3))
		return -1;
	if (len == 3) {
		out->kind = DEVPATH_PCI;
		return 0;
	}
	if (path[3] != '/')
		return -1;
	comp = path + 4;
	len -= 4;
	slash = find(comp, len, '/');
	n = slash ? (size_t)(slash - comp) : len;
	if (!n)
		return -1;
	if (find(comp, n, ':'))
		return slash ? -1 : parse_bdf(comp, n, out);
	code = devpath_class_code(comp, n);
	if (code < 0)
		return -1;
	out->class_code = (uint8_t)code;
	if (!slash) {
		out->kind = DEVPATH_CLASS;
		return 0;
	}
	if (parse_index(slash + 1, len - n - 1, &out->index)) {
		out->class_code = 0;
		return -1;
	}
	out->kind = DEVPATH_CLASS_INDEX;
	return 0;
}

int devpath_format_bdf(char *buf, size_t size, unsigned int bus,
		       unsigned int dev, unsigned int fn)
{
	static const char digits[] = "0123456789abcdef";

	if (size < 12 || bus > 0xff || dev > 0x1f || fn > 7)
		return -1;
	memcpy(buf, "pci/", 4);
	buf[4] = digits[bus >> 4];
	buf[5] = digits[bus & 15];
	buf[6] = ':';
	buf[7] = digits[dev >> 4];
	buf[8] = digits[dev & 15];
	buf[9] = '.';
	buf[10] = digits[fn];
	buf[11] = '\0';
	return 11;
}
