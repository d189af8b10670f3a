#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Build the Linux baseline image of 'make bench'.

mklinux.py --out DIR --efi efi_chain.efi --init linux_bench --exit bench_exit

1. Debian's kernel package, not installed: the package linux-image-amd64
   depends on (apt-cache depends), fetched with 'apt-get download' into
   DIR/deb/ and unpacked with 'dpkg -x' into DIR/pkg/.  Both are kept, so
   only the first run downloads; 'apt-get update' runs (with sudo when not
   root) only when apt has no package lists.  LINUX_DEB=<file.deb> uses a
   given package instead.
2. An initramfs (newc cpio, written here: no root, no cpio tool): /init
   (the static linux_bench), /bench_exit, /dev/console, mount points, and
   /modules/ with the modules the file metrics need (virtio-pci,
   virtio-blk, ext4 for ext2, crc32c) from the same package, plus
   /modules/load.txt, their load order (dependencies first, from each
   module's .modinfo "depends=").
3. DIR/linux.img: a GPT disk whose EFI system partition holds
   \\EFI\\BOOT\\BOOTX64.EFI (efi_chain: the loader that records the TSC and
   starts the kernel with a command line), \\EFI\\linux\\vmlinuz,
   \\EFI\\linux\\initrd.img and \\EFI\\linux\\cmdline.txt.  Same layout
   tools as scripts/mkimage.sh (sfdisk, mtools).

Prints the kernel package version on its last line.
"""
import argparse
import glob
import os
import re
import shutil
import stat
import subprocess
import sys

META = "linux-image-amd64"
MODULES = ["virtio_pci", "virtio_blk", "ext4", "crc32c_generic"]
CMDLINE = "console=ttyS0 quiet initrd=\\EFI\\linux\\initrd.img"


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def sudo():
    return [] if os.geteuid() == 0 else ["sudo"]


def kernel_package():
    """The versioned package linux-image-amd64 depends on."""
    for attempt in (0, 1):
        r = subprocess.run(["apt-cache", "depends", META],
                           capture_output=True, text=True)
        m = re.search(r"Depends:\s*(linux-image-\S+)", r.stdout)
        if m:
            return m.group(1)
        if attempt == 0:
            print("  APT     no package lists: apt-get update")
            sh(sudo() + ["apt-get", "update", "-qq"])
    sys.exit("mklinux: cannot resolve %s (apt-cache depends)" % META)


def fetch_deb(out):
    given = os.environ.get("LINUX_DEB")
    if given:
        return os.path.abspath(given)
    debdir = os.path.join(out, "deb")
    have = sorted(glob.glob(os.path.join(debdir, "linux-image-*.deb")))
    if have:
        return have[-1]
    os.makedirs(debdir, exist_ok=True)
    pkg = kernel_package()
    print("  APT     apt-get download %s" % pkg)
    # Downloading as root into a directory _apt cannot write is fine.
    sh(["apt-get", "download", "-qq", pkg], cwd=debdir,
       stderr=subprocess.DEVNULL)
    have = sorted(glob.glob(os.path.join(debdir, "linux-image-*.deb")))
    if not have:
        sys.exit("mklinux: apt-get download %s produced no .deb" % pkg)
    return have[-1]


def unpack(deb, out):
    pkg = os.path.join(out, "pkg")
    stamp = os.path.join(pkg, ".from")
    if os.path.exists(stamp) and open(stamp).read() == deb:
        return pkg
    shutil.rmtree(pkg, ignore_errors=True)
    os.makedirs(pkg)
    print("  DPKG    dpkg -x %s" % os.path.basename(deb))
    sh(["dpkg", "-x", deb, pkg])
    with open(stamp, "w") as f:
        f.write(deb)
    return pkg


def modinfo_depends(path):
    data = open(path, "rb").read()
    m = re.search(rb"(?:^|\0)depends=([^\0]*)\0", data)
    if not m:
        return []
    return [d.replace("-", "_") for d in m.group(1).decode().split(",") if d]


def module_order(pkg):
    """[(name, path)] of MODULES and their dependencies, dependencies first."""
    paths = {}
    for p in glob.glob(os.path.join(pkg, "lib/modules/*/kernel/**/*.ko"),
                       recursive=True):
        paths[os.path.basename(p)[:-3].replace("-", "_")] = p
    order, seen = [], set()

    def visit(name):
        if name in seen:
            return
        seen.add(name)
        if name not in paths:
            return  # built in
        for d in modinfo_depends(paths[name]):
            visit(d)
        order.append((name, paths[name]))

    for m in MODULES:
        visit(m)
    return order


class Cpio:
    """newc writer: enough for files, directories and device nodes."""

    def __init__(self):
        self.data = bytearray()
        self.ino = 1

    def _entry(self, name, mode, body=b"", rdev=(0, 0)):
        hdr = "070701" + "".join("%08X" % v for v in (
            self.ino, mode, 0, 0, 1, 0, len(body), 0, 0, rdev[0], rdev[1],
            len(name) + 1, 0))
        self.ino += 1
        self.data += hdr.encode() + name.encode() + b"\0"
        self.data += b"\0" * (-len(self.data) % 4)
        self.data += body
        self.data += b"\0" * (-len(self.data) % 4)

    def dir(self, name):
        self._entry(name, stat.S_IFDIR | 0o755)

    def file(self, name, body, mode=0o644):
        self._entry(name, stat.S_IFREG | mode, body)

    def chardev(self, name, major, minor):
        self._entry(name, stat.S_IFCHR | 0o600, rdev=(major, minor))

    def finish(self):
        self._entry("TRAILER!!!", 0)
        self.data += b"\0" * (-len(self.data) % 512)
        return bytes(self.data)


def initramfs(args, mods):
    c = Cpio()
    for d in ("dev", "proc", "sys", "mnt", "modules"):
        c.dir(d)
    c.chardev("dev/console", 5, 1)
    c.file("init", open(args.init, "rb").read(), 0o755)
    c.file("bench_exit", open(args.exit, "rb").read(), 0o755)
    for name, path in mods:
        c.file("modules/%s.ko" % name, open(path, "rb").read())
    c.file("modules/load.txt",
           "".join("%s.ko\n" % n for n, _ in mods).encode())
    return c.finish()


def esp_image(out, efi, vmlinuz, initrd):
    img = os.path.join(out, "linux.img")
    tmp = img + ".tmp"
    if os.path.exists(tmp):
        os.unlink(tmp)
    with open(tmp, "wb") as f:
        f.truncate(64 << 20)
    sh(["sfdisk", "--quiet", tmp], text=True, input=(
        'label: gpt\nstart=2048, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B,'
        ' name="EFI system"\n'))
    part = tmp + "@@1M"
    cmdline = os.path.join(out, "cmdline.txt")
    with open(cmdline, "w") as f:
        f.write(CMDLINE + "\n")
    sh(["mformat", "-i", part, "-F", "-v", "LINUX", "::"])
    sh(["mmd", "-i", part, "::/EFI", "::/EFI/BOOT", "::/EFI/linux"])
    sh(["mcopy", "-i", part, efi, "::/EFI/BOOT/BOOTX64.EFI"])
    sh(["mcopy", "-i", part, vmlinuz, "::/EFI/linux/vmlinuz"])
    sh(["mcopy", "-i", part, initrd, "::/EFI/linux/initrd.img"])
    sh(["mcopy", "-i", part, cmdline, "::/EFI/linux/cmdline.txt"])
    os.replace(tmp, img)
    return img


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--efi", required=True)
    ap.add_argument("--init", required=True)
    ap.add_argument("--exit", required=True)
    args = ap.parse_args()
    out = os.path.abspath(args.out)
    os.makedirs(out, exist_ok=True)

    deb = fetch_deb(out)
    pkg = unpack(deb, out)
    vmlinuz = sorted(glob.glob(os.path.join(pkg, "boot/vmlinuz-*")))
    if not vmlinuz:
        sys.exit("mklinux: no boot/vmlinuz-* in %s" % deb)
    mods = module_order(pkg)
    initrd = os.path.join(out, "initrd.img")
    with open(initrd, "wb") as f:
        f.write(initramfs(args, mods))
    esp_image(out, args.efi, vmlinuz[-1], initrd)
    version = os.path.basename(deb).split("_")[1]
    with open(os.path.join(out, "version.txt"), "w") as f:
        f.write("%s %s\n" % (os.path.basename(vmlinuz[-1])[8:], version))
    print("  IMAGE   %s (Linux %s, Debian %s; modules: %s)" % (
        os.path.relpath(os.path.join(out, "linux.img"),
                        os.path.dirname(os.path.dirname(out))),
        os.path.basename(vmlinuz[-1])[8:], version,
        " ".join(n for n, _ in mods)))


if __name__ == "__main__":
    main()
