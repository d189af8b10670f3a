// SPDX-License-Identifier: GPL-2.0
/*
 * efi_chain: the EFI application that boots Linux for 'make bench'.
 *
 * OVMF starts \EFI\BOOT\BOOTX64.EFI with no command line, so Debian's
 * vmlinuz cannot sit there itself.  This loader records the TSC where
 * Panda's boot stage records boot_info.loader_tsc (after InitializeLib and
 * its first serial line), reads \EFI\linux\cmdline.txt, appends
 * "loader_tsc=<tsc>" (the kernel passes it to init as an environment
 * variable: boot_to_init), and starts \EFI\linux\vmlinuz (an EFI-stub
 * PE image) with those load options.  Built with gnu-efi like
 * arch/x86/boot/.
 */
#include <efi.h>
#include <efilib.h>

#include "serial.h"	/* arch/x86/boot/serial.h */

#define KERNEL_PATH	L"\\EFI\\linux\\vmlinuz"
#define CMDLINE_PATH	L"\\EFI\\linux\\cmdline.txt"
#define CMDLINE_MAX	1024

static CHAR16 options[CMDLINE_MAX + 64];

static void fail(const char *what, EFI_STATUS st)
{
	Print(L"bench-boot: error: %a (%r)\r\n", what, st);
	boot_serial_puts("bench-boot: error: ");
	boot_serial_puts(what);
	boot_serial_puts("\n");
}

static char *u64_to_dec(unsigned long long v, char *end)
{
	*--end = 0;
	do {
		*--end = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	return end;
}

/* options = contents of cmdline.txt up to the first newline. */
static UINTN read_cmdline(EFI_FILE_HANDLE root)
{
	static char buf[CMDLINE_MAX];
	EFI_FILE_HANDLE f;
	UINTN len = sizeof(buf) - 1, i, n = 0;

	if (EFI_ERROR(uefi_call_wrapper(root->Open, 5, root, &f, CMDLINE_PATH,
					EFI_FILE_MODE_READ, 0)))
		return 0;
	if (EFI_ERROR(uefi_call_wrapper(f->Read, 3, f, &len, buf)))
		len = 0;
	uefi_call_wrapper(f->Close, 1, f);
	for (i = 0; i < len && buf[i] && buf[i] != '\n' && buf[i] != '\r'; i++)
		options[n++] = (CHAR16)(unsigned char)buf[i];
	return n;
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab)
{
	EFI_LOADED_IMAGE *loaded, *kernel;
	EFI_DEVICE_PATH *path;
	EFI_FILE_HANDLE root;
	EFI_HANDLE kimage;
	EFI_STATUS st;
	unsigned long long tsc;
	char dec[24], *s;
	UINTN n;

	InitializeLib(image, systab);
	boot_serial_puts("bench-boot: loading linux\n");
	tsc = boot_rdtsc();

	st = uefi_call_wrapper(BS->HandleProtocol, 3, image,
			       &LoadedImageProtocol, (void **)&loaded);
	if (EFI_ERROR(st)) {
		fail("no LoadedImage protocol", st);
		return st;
	}
	root = LibOpenRoot(loaded->DeviceHandle);
	if (!root) {
		fail("cannot open the boot volume", EFI_NOT_FOUND);
		return EFI_NOT_FOUND;
	}
	n = read_cmdline(root);
	s = u64_to_dec(tsc, dec + sizeof(dec));
	if (n)
		options[n++] = L' ';
	for (const char *k = "loader_tsc="; *k; k++)
		options[n++] = (CHAR16)*k;
	while (*s)
		options[n++] = (CHAR16)*s++;
	options[n] = 0;

	path = FileDevicePath(loaded->DeviceHandle, KERNEL_PATH);
	if (!path) {
		fail("no device path for the kernel", EFI_OUT_OF_RESOURCES);
		return EFI_OUT_OF_RESOURCES;
	}
	st = uefi_call_wrapper(BS->LoadImage, 6, FALSE, image, path, NULL, 0,
			       &kimage);
	if (EFI_ERROR(st)) {
		fail("LoadImage \\EFI\\linux\\vmlinuz", st);
		return st;
	}
	st = uefi_call_wrapper(BS->HandleProtocol, 3, kimage,
			       &LoadedImageProtocol, (void **)&kernel);
	if (EFI_ERROR(st)) {
		fail("no LoadedImage protocol on the kernel", st);
		return st;
	}
	kernel->LoadOptions = options;
	kernel->LoadOptionsSize = (UINT32)((n + 1) * sizeof(CHAR16));
	boot_serial_puts("bench-boot: starting linux\n");
	st = uefi_call_wrapper(BS->StartImage, 3, kimage, NULL, NULL);
	fail("StartImage returned", st);
	return st;
}
