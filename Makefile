# SPDX-License-Identifier: GPL-2.0
# Panda top-level Makefile.  'make help' lists the targets.
VERSION = 0
PATCHLEVEL = 1
SUBLEVEL = 0
PANDA_VERSION = $(VERSION).$(PATCHLEVEL).$(SUBLEVEL)

MAKEFLAGS += --no-print-directory -rR
srctree := $(CURDIR)
O ?= build
objtree := $(abspath $(O))
export srctree objtree PANDA_VERSION

include $(srctree)/scripts/Kbuild.include
export Q quiet V

KCONFIG_CONFIG := $(objtree)/.config
export KCONFIG_CONFIG

# ---------------------------------------------------------------- toolchain
CC	= gcc
LD	= ld
OBJCOPY	= objcopy
NM	= nm
PYTHON	= python3
QEMU	= qemu-system-x86_64
export CC LD OBJCOPY NM

OVMF_CODE ?= /usr/share/OVMF/OVMF_CODE_4M.fd
OVMF_VARS ?= /usr/share/OVMF/OVMF_VARS_4M.fd

# Everything the project needs from Debian (see 'make deps').
DEB_PACKAGES := $(shell sed 's/\#.*//' $(srctree)/scripts/debian-packages.txt)

# ---------------------------------------------------------------- flags
# Kernel: freestanding, no red zone, no SSE, linked in the top half at
# 0xffffc00000000000 (outside the top 2 GiB, hence -mcmodel=large; see
# Documentation/memory-layout.md).
KBUILD_CPPFLAGS := -nostdinc -isystem $(shell $(CC) -print-file-name=include) \
	-I$(srctree)/include -I$(srctree)/arch/x86/include \
	-I$(objtree)/include -include $(objtree)/include/generated/autoconf.h \
	-D__KERNEL__ -fmacro-prefix-map=$(srctree)/=
KBUILD_CFLAGS := $(KBUILD_CPPFLAGS) -std=gnu11 -g -Wall -Wextra -Werror \
	-Wno-unused-parameter -Wmissing-prototypes -Wstrict-prototypes \
	-ffreestanding -fno-builtin -fno-stack-protector -fno-pic -fno-pie \
	-mno-red-zone -mgeneral-regs-only -mcmodel=large -mno-sse -mno-mmx \
	-mno-80387 -fno-omit-frame-pointer -mno-omit-leaf-frame-pointer -fno-shrink-wrap \
	-fno-strict-aliasing -fno-common -ffunction-sections -fdata-sections
KBUILD_AFLAGS := $(KBUILD_CPPFLAGS) -D__ASSEMBLY__ -g -Wa,--noexecstack
export KBUILD_CPPFLAGS KBUILD_CFLAGS KBUILD_AFLAGS

# ---------------------------------------------------------------- config
KCONF := cd $(objtree) && srctree=$(srctree) KCONFIG_CONFIG=$(KCONFIG_CONFIG)
config-targets := menuconfig nconfig oldconfig olddefconfig defconfig \
	savedefconfig %_defconfig

PHONY := all
all: kernel boot usr initramfs

$(objtree):
	@mkdir -p $@

PHONY += menuconfig nconfig oldconfig olddefconfig defconfig savedefconfig
menuconfig: | $(objtree)
	$(call need-tool,kconfig-mconf,kconfig-frontends)
	$(Q)$(KCONF) kconfig-mconf $(srctree)/Kconfig
nconfig: | $(objtree)
	$(call need-tool,kconfig-nconf,kconfig-frontends)
	$(Q)$(KCONF) kconfig-nconf $(srctree)/Kconfig
oldconfig olddefconfig: | $(objtree)
	$(call need-tool,kconfig-conf,kconfig-frontends)
	$(Q)$(KCONF) kconfig-conf --$@ $(srctree)/Kconfig
defconfig: | $(objtree)
	$(call need-tool,kconfig-conf,kconfig-frontends)
	$(Q)$(KCONF) kconfig-conf --defconfig=$(srctree)/configs/defconfig $(srctree)/Kconfig
%_defconfig: | $(objtree)
	$(call need-tool,kconfig-conf,kconfig-frontends)
	$(Q)test -f $(srctree)/configs/$@ || { echo "No such config: configs/$@" >&2; exit 1; }
	$(Q)$(KCONF) kconfig-conf --defconfig=$(srctree)/configs/$@ $(srctree)/Kconfig
savedefconfig: $(KCONFIG_CONFIG)
	$(Q)$(KCONF) kconfig-conf --savedefconfig=$(objtree)/defconfig $(srctree)/Kconfig
	@echo "  GEN     $(call pretty,$(objtree)/defconfig)"

# A build without a .config starts from configs/defconfig.
$(KCONFIG_CONFIG): | $(objtree)
	@echo "  CONFIG  no .config yet: using configs/defconfig"
	$(call need-tool,kconfig-conf,kconfig-frontends)
	$(Q)$(KCONF) kconfig-conf --defconfig=$(srctree)/configs/defconfig $(srctree)/Kconfig

# auto.conf (for make) and autoconf.h (for C) follow .config and every Kconfig.
KCONFIG_FILES := $(shell find $(srctree) -name 'Kconfig*' -not -path '$(objtree)/*')
$(objtree)/include/config/auto.conf $(objtree)/include/generated/autoconf.h: \
		$(KCONFIG_CONFIG) $(KCONFIG_FILES)
	$(Q)mkdir -p $(objtree)/include/config $(objtree)/include/generated
	@# New symbols take their defaults (no questions), then the headers.
	$(Q)$(KCONF) kconfig-conf --olddefconfig $(srctree)/Kconfig >/dev/null
	$(Q)$(KCONF) kconfig-conf --silentoldconfig $(srctree)/Kconfig
	@touch $(objtree)/include/config/auto.conf $(objtree)/include/generated/autoconf.h

VERSION_H := $(objtree)/include/generated/version.h
$(VERSION_H): $(srctree)/Makefile
	@mkdir -p $(@D)
	@echo '#define PANDA_VERSION_STRING "$(PANDA_VERSION)"' > $@

# Rewritten only when the global flags change, so a flag change rebuilds all.
FLAGS_STAMP := $(objtree)/include/generated/flags.stamp
$(FLAGS_STAMP): FORCE
	@mkdir -p $(@D)
	@echo '$(KBUILD_CFLAGS) $(KBUILD_AFLAGS)' | cmp -s - $@ 2>/dev/null || \
		echo '$(KBUILD_CFLAGS) $(KBUILD_AFLAGS)' > $@

prepare: $(objtree)/include/config/auto.conf $(objtree)/include/generated/autoconf.h $(VERSION_H) $(FLAGS_STAMP)

# Configuration and housekeeping goals run without a configured tree.
no-config-goals := menuconfig nconfig oldconfig olddefconfig defconfig \
	savedefconfig help deps print-deps clean distclean
ifeq ($(filter-out $(no-config-goals) %_defconfig,$(or $(MAKECMDGOALS),all)),)
  need-config :=
else
  need-config := y
endif
ifdef need-config
-include $(objtree)/include/config/auto.conf
endif
KBUILD_CFLAGS += $(if $(CONFIG_CC_OPTIMIZE_FOR_SIZE),-Os,-O2)

# ---------------------------------------------------------------- kernel
# Directories linked into the kernel.  Each holds a Kbuild-style Makefile.
core-dirs := arch/x86 kernel mm fs ipc drivers lib
core-builtins := $(addsuffix /built-in.o,$(addprefix $(objtree)/,$(core-dirs)))
KERNEL_ELF := $(objtree)/panda.elf
LDS := $(objtree)/arch/x86/kernel/panda.lds

PHONY += kernel prepare
kernel: $(KERNEL_ELF)

$(core-builtins): $(objtree)/%/built-in.o: prepare FORCE
	$(Q)$(MAKE) -f $(srctree)/scripts/Makefile.build obj=$*

$(LDS): $(srctree)/arch/x86/kernel/panda.lds.S $(objtree)/include/generated/autoconf.h | prepare
	@mkdir -p $(@D)
	@echo "  LDS     $(call pretty,$@)"
	$(Q)$(CC) -E -P -x c $(KBUILD_CPPFLAGS) -D__ASSEMBLY__ -o $@ $<

include $(srctree)/scripts/Makefile.kernel

# ---------------------------------------------------------------- boot stage
BOOT_EFI := $(objtree)/arch/x86/boot/bootx64.efi
PHONY += boot
boot: prepare
	$(call need-tool,$(firstword $(wildcard /usr/lib/crt0-efi-x86_64.o) missing-gnu-efi),gnu-efi)
	$(Q)$(MAKE) -f $(srctree)/scripts/Makefile.build obj=arch/x86/boot
$(BOOT_EFI): boot

# ---------------------------------------------------------------- userspace
INITRD := $(objtree)/usr/initrd.tar
PHONY += usr initramfs
usr: prepare
	$(Q)$(MAKE) -f $(srctree)/scripts/Makefile.build obj=usr
initramfs: usr
$(INITRD): usr
$(KERNEL_ELF): | prepare

# ---------------------------------------------------------------- image
IMAGE := $(objtree)/panda.img
CMDLINE ?= $(patsubst "%",%,$(CONFIG_CMDLINE))
# The ESP gets the kernel without debug sections; panda.elf keeps them for gdb.
KERNEL_STRIPPED := $(objtree)/kernel.elf
$(KERNEL_STRIPPED): kernel
	@echo "  STRIP   $(call pretty,$@)"
	$(Q)$(OBJCOPY) --strip-debug $(KERNEL_ELF) $@

PHONY += image
image: all $(KERNEL_STRIPPED)
	$(call need-tool,mformat,mtools)
	$(call need-tool,sfdisk,fdisk)
	@echo "  IMAGE   $(call pretty,$(IMAGE))"
	$(Q)$(srctree)/scripts/mkimage.sh $(IMAGE) $(BOOT_EFI) $(KERNEL_STRIPPED) $(INITRD) '$(CMDLINE)'

# ---------------------------------------------------------------- data disk
# The ext2 disk 'make qemu' attaches (virtio-blk at 00:04.0, mounted at
# /mnt by init's fstab): the terminal and the utilities, hello.txt, and
# the service configs (config/services/, services.md 11.4; init prefers
# them to the initramfs's).  It is made when missing or when one of its
# programs or the initramfs changed (which replaces what was written to
# it); DISK=<file> boots any other raw disk instead, unchanged.
DATA_DISK := $(objtree)/disk.img
DISK ?= $(DATA_DISK)
DISK_SIZE ?= 32M
DISK_PROGRAMS := $(addprefix $(objtree)/usr/bin/,terminal hello ls cat grep \
	echo svcctl)
PHONY += disk
disk: $(DATA_DISK)
$(DATA_DISK): $(DISK_PROGRAMS) $(INITRD) $(srctree)/scripts/mkdatadisk.sh | usr
	$(call need-tool,mke2fs,e2fsprogs)
	@echo "  DISK    $(call pretty,$@)"
	$(Q)$(srctree)/scripts/mkdatadisk.sh $@ $(DISK_SIZE) $(INITRD) \
		$(DISK_PROGRAMS)
$(DISK_PROGRAMS): | usr

# ---------------------------------------------------------------- run
# A window when a display exists, otherwise headless; serial on stdio,
# multiplexed with the monitor (mon:): Ctrl+C goes to Panda's terminal,
# Ctrl-A x quits, Ctrl-A c switches to the QEMU monitor and back.
# TCG by default: KVM only when asked (QEMU_ACCEL=kvm), it is not on every host.
QEMU_ACCEL ?= tcg
QEMU_DISPLAY := $(if $(DISPLAY)$(WAYLAND_DISPLAY),,-display none)
# The display mode the GPU offers (its EDID's preferred mode); graphics.md
# 1: the interactive run is 1920 x 1080 (the test machine keeps QEMU's
# 1280 x 800).  QEMU_RES=1280x800 for a smaller window.
QEMU_RES ?= 1920x1080
QEMU_FLAGS = -nodefaults -machine q35 -m 1G -serial mon:stdio -boot menu=off \
	-device virtio-gpu-pci,addr=01.0,xres=$(word 1,$(subst x, ,$(QEMU_RES))),yres=$(word 2,$(subst x, ,$(QEMU_RES))) \
	-device virtio-mouse-pci,addr=02.0 \
	-device virtio-keyboard-pci,addr=03.0 \
	-drive if=pflash,format=raw,readonly=on,file=$(OVMF_CODE) \
	-drive if=pflash,format=raw,file=$(objtree)/OVMF_VARS.fd \
	-drive format=raw,file=$(IMAGE),if=none,id=boot \
	-device ide-hd,drive=boot,bus=ide.0 \
	-drive format=raw,file=$(DISK),if=none,id=data \
	-device virtio-blk-pci,drive=data,addr=04.0 \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04 \
	$(QEMU_DISPLAY) -accel $(QEMU_ACCEL) $(QEMU_EXTRA)

PHONY += qemu qemu-gdb
qemu: image $(if $(filter $(DATA_DISK),$(DISK)),$(DATA_DISK))
	$(call need-tool,$(QEMU),qemu-system-x86)
	$(Q)test -f $(OVMF_CODE) || { echo "OVMF missing: install the Debian package 'ovmf' (or run 'make deps')" >&2; exit 1; }
	$(Q)cp $(OVMF_VARS) $(objtree)/OVMF_VARS.fd
	$(QEMU) $(QEMU_FLAGS); st=$$?; [ $$st = 33 ] || [ $$st = 0 ] || exit $$st
qemu-gdb: image $(if $(filter $(DATA_DISK),$(DISK)),$(DATA_DISK))
	$(Q)cp $(OVMF_VARS) $(objtree)/OVMF_VARS.fd
	@echo "Waiting for gdb: gdb -ex 'target remote :1234' -ex 'symbol-file $(KERNEL_ELF)'"
	$(QEMU) $(QEMU_FLAGS) -s -S

# ---------------------------------------------------------------- tests
include $(srctree)/scripts/Makefile.test
include $(srctree)/scripts/Makefile.bench

# ---------------------------------------------------------------- misc
PHONY += deps print-deps clean distclean help
deps:
	$(if $(filter 0,$(shell id -u)),,sudo) apt-get update
	$(if $(filter 0,$(shell id -u)),,sudo) env DEBIAN_FRONTEND=noninteractive \
		apt-get install -y $(DEB_PACKAGES)
print-deps:
	@echo $(DEB_PACKAGES)

clean:
	@echo "  CLEAN   $(call pretty,$(objtree))"
	$(Q)find $(objtree) -mindepth 1 -maxdepth 1 ! -name .config ! -name include \
		-exec rm -rf {} + 2>/dev/null || true
distclean:
	$(Q)rm -rf $(objtree)

help:
	@echo 'Configuration:'
	@echo '  defconfig          - full system (configs/defconfig)'
	@echo '  <name>_defconfig   - a config from configs/: $(notdir $(wildcard $(srctree)/configs/*_defconfig))'
	@echo '  menuconfig nconfig - edit the configuration'
	@echo '  oldconfig olddefconfig savedefconfig'
	@echo 'Building (output in O=$(O)):'
	@echo '  all (default)      - boot stage, kernel, libpanda, programs, initramfs'
	@echo '  image              - $(O)/panda.img, a GPT disk bootable by UEFI'
	@echo '  qemu / qemu-gdb    - boot the image in QEMU (QEMU_EXTRA= appends flags, QEMU_RES=1920x1080)'
	@echo '  disk               - the ext2 data disk make qemu attaches at /mnt (DISK= boots another)'
	@echo 'Testing:'
	@echo '  test               - host unit tests and every QEMU suite (TEST=name for one)'
	@echo '  test-host          - host unit tests (Criterion, ASan+UBSan)'
	@echo '  kernel-test        - every QEMU suite, two at a time (TEST=name for one):'
	@echo '                       kernel: $(KERNEL_TESTS)'
	@echo '                       boot: $(BOOT_TESTS)'
	@echo '                       userspace: every usr/tests/<suite>/ ($(words $(USER_TESTS)) suites)'
	@echo '  fuzz-smoke         - run each libFuzzer target briefly'
	@echo '  bench              - benchmarks, Panda beside Linux (Documentation/performance.md)'
	@echo 'Other:'
	@echo '  deps               - apt-get install the Debian packages Panda needs'
	@echo '  clean distclean    - remove build output (distclean also .config)'
	@echo '  V=1                - show full commands; O=dir - build in dir'

PHONY += FORCE
FORCE:
.PHONY: $(PHONY)
