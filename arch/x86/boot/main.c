// SPDX-License-Identifier: GPL-2.0
/*
 * Panda's UEFI boot stage.
 *
 * Loads \efi\kernel.elf, \efi\initrd.tar and \efi\cmdline.txt from the volume
 * it was started from, records the ACPI RSDP and the GOP framebuffer, builds
 * the page tables the kernel starts on (an identity map of low memory plus the
 * kernel's segments at their higher-half addresses, W^X per segment), exits
 * boot services and jumps to the kernel with a struct boot_info.
 *
 * Any failure prints a message on the screen and the serial port and returns
 * to the firmware.  Documentation/boot.md has the whole flow.
 */
#include <efi.h>
#include <efilib.h>

#include <panda/bootinfo.h>
#include <panda/layout.h>
#include <lib/elf.h>
#include <lib/tar.h>

#include "paging.h"
#include "serial.h"

#define KERNEL_PATH	L"\\efi\\kernel.elf"
#define INITRD_PATH	L"\\efi\\initrd.tar"
#define CMDLINE_PATH	L"\\efi\\cmdline.txt"

/* The kernel must link inside the first GiB above KERNEL_IMAGE_BASE. */
#define KERNEL_WINDOW	(1ULL << 30)

static EFI_GUID acpi20_guid = ACPI_20_TABLE_GUID;

static EFI_STATUS fail(const CHAR16 *what, const char *serial_msg,
		       EFI_STATUS status)
{
	Print(L"\r\npanda-boot: error: %s (%r)\r\n", what, status);
	boot_serial_puts("panda-boot: error: ");
	boot_serial_puts(serial_msg);
	boot_serial_puts("\n");
	/* Leave the message on screen for a moment, then go back. */
	uefi_call_wrapper(BS->Stall, 1, 3 * 1000 * 1000);
	return EFI_ERROR(status) ? status : EFI_LOAD_ERROR;
}

/* Reads a whole file into freshly allocated pages of the given type. */
static EFI_STATUS read_file(EFI_FILE_HANDLE root, CHAR16 *path,
			    UINT32 mem_type, void **data, UINTN *size)
{
	EFI_FILE_HANDLE file;
	EFI_FILE_INFO *info;
	EFI_PHYSICAL_ADDRESS addr;
	EFI_STATUS st;
	UINTN len;

	st = uefi_call_wrapper(root->Open, 5, root, &file, path,
			       EFI_FILE_MODE_READ, 0);
	if (EFI_ERROR(st))
		return st;
	info = LibFileInfo(file);
	if (!info) {
		uefi_call_wrapper(file->Close, 1, file);
		return EFI_DEVICE_ERROR;
	}
	len = info->FileSize;
	FreePool(info);

	st = uefi_call_wrapper(BS->AllocatePages, 4, AllocateAnyPages,
			       mem_type, EFI_SIZE_TO_PAGES(len ? len : 1),
			       &addr);
	if (EFI_ERROR(st)) {
		uefi_call_wrapper(file->Close, 1, file);
		return st;
	}
	*size = len;
	st = uefi_call_wrapper(file->Read, 3, file, size, (void *)addr);
	uefi_call_wrapper(file->Close, 1, file);
	if (!EFI_ERROR(st) && *size != len)
		st = EFI_END_OF_FILE;
	if (EFI_ERROR(st)) {
		uefi_call_wrapper(BS->FreePages, 2, addr,
				  EFI_SIZE_TO_PAGES(len ? len : 1));
		return st;
	}
	*data = (void *)addr;
	return EFI_SUCCESS;
}

/* Copies the ELF's PT_LOAD segments into one physically contiguous block. */
static EFI_STATUS load_kernel(const void *elf, UINTN size,
			      const struct elf_info *info,
			      struct boot_info *bi)
{
	EFI_PHYSICAL_ADDRESS phys;
	UINT64 span = info->highest - info->lowest;
	UINTN pages = EFI_SIZE_TO_PAGES(span);
	EFI_STATUS st;
	unsigned int i;

	if (info->lowest != KERNEL_IMAGE_BASE)
		return EFI_LOAD_ERROR;
	st = uefi_call_wrapper(BS->AllocatePages, 4, AllocateAnyPages,
			       BOOT_MEM_KERNEL, pages, &phys);
	if (EFI_ERROR(st))
		return st;
	ZeroMem((void *)phys, pages * EFI_PAGE_SIZE);
	for (i = 0; i < ((const struct elf64_ehdr *)elf)->e_phnum; i++) {
		const struct elf64_phdr *ph = elf_phdr(elf, i);

		if (ph->p_type != PT_LOAD)
			continue;
		CopyMem((void *)(phys + ph->p_vaddr - info->lowest),
			(const UINT8 *)elf + ph->p_offset, ph->p_filesz);
	}
	bi->kernel_phys = phys;
	bi->kernel_size = pages * EFI_PAGE_SIZE;
	bi->kernel_virt = info->lowest;
	return EFI_SUCCESS;
}

static void find_gop(struct boot_info *bi)
{
	EFI_GRAPHICS_OUTPUT_PROTOCOL *gop;

	if (EFI_ERROR(LibLocateProtocol(&GraphicsOutputProtocol,
					(void **)&gop)) || !gop || !gop->Mode)
		return;
	bi->gop.base = gop->Mode->FrameBufferBase;
	bi->gop.size = gop->Mode->FrameBufferSize;
	bi->gop.width = gop->Mode->Info->HorizontalResolution;
	bi->gop.height = gop->Mode->Info->VerticalResolution;
	bi->gop.pixels_per_scanline = gop->Mode->Info->PixelsPerScanLine;
	bi->gop.format = gop->Mode->Info->PixelFormat;
}

static void read_cmdline(EFI_FILE_HANDLE root, struct boot_info *bi)
{
	void *data;
	UINTN size, i, n = 0;

	if (EFI_ERROR(read_file(root, CMDLINE_PATH, EfiLoaderData, &data,
				&size)))
		return;
	for (i = 0; i < size && n < BOOT_CMDLINE_MAX - 1; i++) {
		char c = ((const char *)data)[i];

		if (c == '\n' || c == '\r' || c == '\0')
			break;
		bi->cmdline[n++] = c;
	}
	bi->cmdline[n] = '\0';
	uefi_call_wrapper(BS->FreePages, 2, (EFI_PHYSICAL_ADDRESS)data,
			  EFI_SIZE_TO_PAGES(size ? size : 1));
}

/* Validates every header of the archive before the kernel relies on it. */
static int initrd_valid(const void *data, UINTN size)
{
	struct tar_iter it;
	struct tar_entry e;
	int ret;

	if (tar_iter_init(&it, data, size) < 0)
		return 0;
	while ((ret = tar_next(&it, &e)) > 0)
		;
	return ret == 0;
}

static EFI_STATUS exit_boot_services(EFI_HANDLE image, struct boot_info *bi)
{
	EFI_MEMORY_DESCRIPTOR *map = NULL;
	UINTN map_size = 0, key, desc_size, alloc = 0;
	UINT32 desc_version;
	EFI_STATUS st;
	int tries;

	for (tries = 0; tries < 8; tries++) {
		map_size = alloc;
		st = uefi_call_wrapper(BS->GetMemoryMap, 5, &map_size, map,
				       &key, &desc_size, &desc_version);
		if (st == EFI_BUFFER_TOO_SMALL) {
			/* Room for the descriptors this allocation adds. */
			if (map)
				FreePool(map);
			alloc = map_size + 8 * desc_size;
			map = AllocatePool(alloc);
			if (!map)
				return EFI_OUT_OF_RESOURCES;
			continue;
		}
		if (EFI_ERROR(st))
			return st;
		st = uefi_call_wrapper(BS->ExitBootServices, 2, image, key);
		if (!EFI_ERROR(st)) {
			bi->mmap_phys = (UINT64)map;
			bi->mmap_size = map_size;
			bi->mmap_desc_size = desc_size;
			bi->mmap_desc_version = desc_version;
			return EFI_SUCCESS;
		}
		/* The map changed under us: fetch it again (no allocation). */
	}
	return st;
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab)
{
	EFI_LOADED_IMAGE *loaded;
	EFI_FILE_HANDLE root;
	EFI_PHYSICAL_ADDRESS bi_phys;
	struct boot_info *bi;
	struct elf_policy policy = {
		.min_addr = KERNEL_IMAGE_BASE,
		.max_addr = KERNEL_IMAGE_BASE + KERNEL_WINDOW,
	};
	struct elf_info kinfo;
	struct boot_pagetables pt;
	void *kernel_file, *initrd;
	UINTN kernel_size, initrd_size;
	EFI_STATUS st;
	int ret;

	InitializeLib(image, systab);
	boot_serial_puts("panda-boot: loading kernel\n");

	st = uefi_call_wrapper(BS->AllocatePages, 4, AllocateAnyPages,
			       EfiLoaderData, 1, &bi_phys);
	if (EFI_ERROR(st))
		return fail(L"out of memory", "out of memory", st);
	bi = (struct boot_info *)bi_phys;
	ZeroMem(bi, sizeof(*bi));
	bi->magic = BOOT_INFO_MAGIC;
	bi->version = BOOT_INFO_VERSION;
	bi->size = sizeof(*bi);
	bi->loader_tsc = boot_rdtsc();

	st = uefi_call_wrapper(BS->HandleProtocol, 3, image,
			       &LoadedImageProtocol, (void **)&loaded);
	if (EFI_ERROR(st))
		return fail(L"no LoadedImage protocol", "no LoadedImage", st);
	root = LibOpenRoot(loaded->DeviceHandle);
	if (!root)
		return fail(L"cannot open the boot volume",
			    "cannot open the boot volume", EFI_NOT_FOUND);

	st = read_file(root, KERNEL_PATH, EfiLoaderData, &kernel_file,
		       &kernel_size);
	if (EFI_ERROR(st))
		return fail(L"cannot read \\efi\\kernel.elf",
			    "cannot read \\efi\\kernel.elf", st);
	ret = elf_check(kernel_file, kernel_size, &policy, &kinfo);
	if (ret) {
		boot_serial_puts("panda-boot: kernel.elf: ");
		boot_serial_puts(elf_strerror(ret));
		boot_serial_puts("\n");
		return fail(L"\\efi\\kernel.elf is not a valid Panda kernel",
			    "\\efi\\kernel.elf is not a valid Panda kernel",
			    EFI_LOAD_ERROR);
	}
	st = load_kernel(kernel_file, kernel_size, &kinfo, bi);
	if (EFI_ERROR(st))
		return fail(L"cannot load the kernel segments",
			    "cannot load the kernel segments", st);

	st = read_file(root, INITRD_PATH, BOOT_MEM_INITRD, &initrd,
		       &initrd_size);
	if (EFI_ERROR(st))
		return fail(L"cannot read \\efi\\initrd.tar",
			    "cannot read \\efi\\initrd.tar", st);
	if (!initrd_valid(initrd, initrd_size))
		return fail(L"\\efi\\initrd.tar is not a valid ustar archive",
			    "\\efi\\initrd.tar is not a valid ustar archive",
			    EFI_LOAD_ERROR);
	bi->initrd_phys = (UINT64)initrd;
	bi->initrd_size = initrd_size;

	read_cmdline(root, bi);

	{
		void *rsdp = NULL;

		if (!EFI_ERROR(LibGetSystemConfigurationTable(&acpi20_guid,
							      &rsdp)))
			bi->acpi_rsdp_phys = (UINT64)rsdp;
	}
	if (!bi->acpi_rsdp_phys)
		return fail(L"No ACPI2 RSDP", "No ACPI2 RSDP", EFI_NOT_FOUND);
	find_gop(bi);

	st = boot_build_pagetables(&pt, kernel_file, bi);
	if (EFI_ERROR(st))
		return fail(L"cannot build page tables",
			    "cannot build page tables", st);
	/* The ELF file copy is no longer needed once segments are placed. */
	uefi_call_wrapper(BS->FreePages, 2, (EFI_PHYSICAL_ADDRESS)kernel_file,
			  EFI_SIZE_TO_PAGES(kernel_size ? kernel_size : 1));

	boot_serial_puts("panda-boot: starting kernel\n");
	st = exit_boot_services(image, bi);
	if (EFI_ERROR(st))
		return fail(L"ExitBootServices failed", "ExitBootServices failed",
			    st);

	boot_enter_kernel(&pt, kinfo.entry, bi);
	/* not reached */
	return EFI_LOAD_ERROR;
}
