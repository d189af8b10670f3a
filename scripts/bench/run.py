#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Run Panda's benchmarks beside Linux's and print one table ('make bench').

run.py --panda IMG --linux IMG --disk EXT2 [--malloc BIN] [--host-tsc BIN]
       [--rounds 3] [--out build/bench] [--only panda|linux] [--timeout S]

Boots the Panda bench image and the Linux baseline image alternately
(Panda, Linux, Panda, Linux, ...), --rounds times each, with the same QEMU
flags as 'make qemu' and the test runner (q35, TCG, 1 GiB, one CPU, OVMF,
the boot disk on AHCI, the same virtio devices, the GPU's display at
1920x1080 for the *_fullscreen metrics) plus a fresh copy of the ext2 data
disk as virtio-blk at 00:04.0.  Each guest prints

    BENCH name=<metric> value=<number> unit=<unit> iters=<n>
    BENCH-SKIP name=<metric> reason=<text>

Panda's boot_to_init is computed here from the kernel's log (the boot stage's
start, logged as "Boot stage started <n> us before TSC calibration", to the
timestamp of init's first line, "bench: init started"); Linux's init
computes its own from the loader_tsc= its EFI loader passes.  The host
malloc comparison (libpanda's umalloc against glibc) runs between rounds.

Each guest converts TSC cycles with its own kernel's calibration and says
which (BENCH-TSC khz=<n>).  Under TCG a guest's TSC is the host's, so with
--host-tsc (a program printing the host's TSC rate) a run whose kernel
calibration is off by more than 0.5% is rescaled to the host's rate; the
JSON keeps the original figures (a busy host can throw a 20 ms calibration
off by 20%).

The table shows, per metric, the median over the rounds with min-max, and
Panda/Linux of the medians.  A metric a system cannot measure is "n/a" with
the reason (its BENCH-SKIP line, or the table's default below).  Results go
to OUT/results.json, the table to OUT/results.txt and OUT/results.md, and
every serial log to OUT/logs/<system>-<round>.log (each line prefixed with
the host's seconds since QEMU started).

Adding a metric: print its BENCH line from usr/bench/bench.c and
scripts/bench/linux_bench.c, and add a row to METRICS.
"""
import argparse
import datetime
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time

OVMF_CODE = os.environ.get("OVMF_CODE", "/usr/share/OVMF/OVMF_CODE_4M.fd")
OVMF_VARS = os.environ.get("OVMF_VARS", "/usr/share/OVMF/OVMF_VARS_4M.fd")
QEMU = os.environ.get("QEMU", "qemu-system-x86_64")


class Metric:
    def __init__(self, name, unit, better, target, what, na=None,
                 host=False):
        self.name = name
        self.unit = unit
        self.better = better        # "lower" or "higher"
        self.target = target        # bound on Panda/Linux, or None
        self.what = what
        self.na = na or {}          # default n/a reason per system
        self.host = host            # measured on the host, not in QEMU


# Targets (issue 7): null syscall and IPC at most half of Linux, spawn at
# most a quarter, ext2 read at least Linux, boot a small fraction (0.25).
METRICS = [
    Metric("null_syscall", "ns", "lower", 0.5,
           "getpid (Panda) / getppid (Linux), per call"),
    Metric("ipc_roundtrip_64", "ns", "lower", 0.5,
           "64-byte ping-pong: channel (Panda) / pipe pair (Linux)"),
    Metric("ipc_roundtrip_4k", "ns", "lower", 0.5,
           "4 KiB ping-pong: channel (Panda) / pipe pair (Linux)"),
    Metric("context_switch", "ns", "lower", None,
           "two processes yielding to each other, per switch"),
    Metric("spawn_wait", "ms", "lower", 0.25,
           "spawn+wait (Panda) / fork+execve+waitpid (Linux) of a "
           "program that exits at once"),
    Metric("file_read_seq", "MBps", "higher", 1.0,
           "64 MiB file on ext2 over virtio-blk, cold, 64 KiB reads"),
    Metric("file_write_seq", "MBps", "higher", None,
           "64 MiB written in 64 KiB writes, then synced"),
    Metric("boot_to_init", "ms", "lower", 0.25,
           "EFI application start to init's first line"),
    # Linux: the same pixel routines (lib/pixels.c) run in-process on a
    # buffer of its own, so the ratio is the cost of Panda's surface path.
    Metric("fill_fullscreen", "Mpix/s", "higher", None,
           "SURFACE_FILL of all of surface:/fb0 at 1920x1080 (Panda) / "
           "lib/pixels.c's fill of a 1920x1080 buffer in-process (Linux)"),
    Metric("blit_fullscreen", "Mpix/s", "higher", None,
           "opaque SURFACE_BLIT of a 1920x1080 buffer to surface:/fb0 "
           "(Panda) / lib/pixels.c's blend of it in-process (Linux)"),
    Metric("alpha_blend_fullscreen", "Mpix/s", "higher", None,
           "the same with translucent pixels (every pixel blended)"),
    Metric("malloc_mixed", "ns", "lower", None,
           "host: libpanda umalloc (Panda column) vs glibc malloc "
           "(Linux column), mixed workload, per operation", host=True),
]
BY_NAME = {m.name: m for m in METRICS}

BENCH_RE = re.compile(r"BENCH name=(\S+) value=([0-9.]+) unit=(\S+) "
                      r"iters=(\d+)")
SKIP_RE = re.compile(r"BENCH-SKIP name=(\S+) reason=(.*)$")
TSC_RE = re.compile(r"BENCH-TSC (\w+)=(\d+)")
STAMP_RE = re.compile(r"^\[\s*(\d+)\.(\d+)\]")
ANSI_RE = re.compile(r"\x1b\[[0-9;=?]*[A-Za-z]|\r")

SYSTEMS = {
    # name: (label, exit statuses that mean a clean end)
    "panda": ("Panda", (33,)),
    "linux": ("Linux", (0,)),
}


# Extra QEMU arguments (--qemu-arg), e.g. "-icount shift=0,sleep=off" to
# compare two kernels by instructions executed rather than by wall time.
QEMU_EXTRA = []


def qemu_cmd(image, vars_copy, disk):
    return [QEMU] + QEMU_EXTRA + [
        "-nodefaults", "-machine", "q35", "-m", "1G", "-smp", "1",
        "-serial", "stdio", "-boot", "menu=off",
        "-device", "virtio-gpu-pci,addr=01.0,xres=1920,yres=1080",
        "-device", "virtio-mouse-pci,addr=02.0",
        "-device", "virtio-keyboard-pci,addr=03.0",
        "-drive", "if=pflash,format=raw,readonly=on,file=" + OVMF_CODE,
        "-drive", "if=pflash,format=raw,file=" + vars_copy,
        "-drive", "format=raw,file=%s,if=none,id=boot,snapshot=on" % image,
        "-device", "ide-hd,drive=boot,bus=ide.0,bootindex=0",
        "-drive", "file=%s,if=none,format=raw,id=blk0" % disk,
        "-device", "virtio-blk-pci,drive=blk0,addr=04.0",
        "-display", "none", "-accel", "tcg",
        "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
    ]


def stamp_seconds(line):
    m = STAMP_RE.match(line)
    return int(m.group(1)) + int(m.group(2)) / 10 ** len(m.group(2)) \
        if m else None


def parse(system, lines):
    """Metrics {name: (value, unit, iters)}, skips {name: reason}, info."""
    values, skips, info = {}, {}, {}
    loader_us = init_s = None
    for _, line in lines:
        m = BENCH_RE.search(line)
        if m:
            values[m.group(1)] = (float(m.group(2)), m.group(3),
                                  int(m.group(4)))
            continue
        m = SKIP_RE.search(line)
        if m:
            skips[m.group(1)] = m.group(2).strip()
            continue
        m = TSC_RE.search(line)
        if m:
            info["tsc_" + m.group(1)] = int(m.group(2))
        if system == "panda":
            m = re.search(r"INFO: TSC: (\d+) kHz", line)
            if m:
                info["tsc_kernel_khz"] = int(m.group(1))
            m = re.search(r"Boot stage started (\d+) us before TSC", line)
            if m:
                loader_us = int(m.group(1))
            if init_s is None and "LOG: bench: init started" in line:
                init_s = stamp_seconds(line)
    if system == "panda" and "boot_to_init" not in values:
        if loader_us is None:
            skips["boot_to_init"] = ("the kernel does not log when the "
                                     "boot stage started")
        elif init_s is None:
            skips["boot_to_init"] = "no 'bench: init started' line"
        else:
            values["boot_to_init"] = (init_s * 1e3 + loader_us / 1e3, "ms",
                                      1)
    return values, skips, info


# A guest kernel's TSC calibration further than this from the host's TSC
# rate is corrected (see recalibrate()).
CALIBRATION_TOLERANCE = 0.005


def recalibrate(values, info, host_khz):
    """Each guest converts with its kernel's TSC calibration (BENCH-TSC).
    Under TCG the guest's TSC is the host's, so the host's rate is the
    truth; a calibration taken while the host was busy can be off by tens
    of percent (seen: Panda's 20 ms PIT window at 2998 MHz on a 2445 MHz
    host, Linux's first estimate at 474 MHz).  Rescale such a run."""
    guest = info.get("tsc_khz")
    if not guest or not host_khz:
        return
    f = guest / host_khz
    info["calibration_error"] = round(f - 1, 4)
    # Panda's boot_to_init comes from kernel log timestamps: the kernel's
    # own calibration ("TSC: <n> kHz"), not the program's.
    fk = info.get("tsc_kernel_khz", guest) / host_khz
    if max(abs(f - 1), abs(fk - 1)) <= CALIBRATION_TOLERANCE:
        return
    info["rescaled_from"] = dict(values)
    for name, (v, unit, iters) in values.items():
        g = fk if name == "boot_to_init" and "tsc_kernel_khz" in info \
            else f
        if unit in ("ns", "ms"):
            v *= g
        elif unit in ("MBps", "Mpix/s"):
            v /= g
        values[name] = (v, unit, iters)


def boot(system, image, disk_src, out, rnd, timeout, host_khz):
    """One boot: returns a run record."""
    work = os.path.join(out, "run")
    os.makedirs(work, exist_ok=True)
    vars_copy = os.path.join(work, "OVMF_VARS.fd")
    disk = os.path.join(work, "disk.ext2")
    shutil.copyfile(OVMF_VARS, vars_copy)
    shutil.copyfile(disk_src, disk)
    cmd = qemu_cmd(image, vars_copy, disk)
    lines = []
    t0 = time.monotonic()
    load0 = os.getloadavg()[0]
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    killer = threading.Timer(timeout, p.kill)
    killer.start()
    try:
        for raw in p.stdout:
            text = ANSI_RE.sub("", raw.decode("utf-8", "replace")).rstrip()
            lines.append((time.monotonic() - t0, text))
        status = p.wait()
    finally:
        killer.cancel()
    wall = time.monotonic() - t0
    logdir = os.path.join(out, "logs")
    os.makedirs(logdir, exist_ok=True)
    log = os.path.join(logdir, "%s-%d.log" % (system, rnd))
    with open(log, "w") as f:
        f.write("# %s\n" % " ".join(cmd))
        for t, text in lines:
            f.write("%8.3f | %s\n" % (t, text))
    values, skips, info = parse(system, lines)
    recalibrate(values, info, host_khz)
    ok = status in SYSTEMS[system][1]
    if not ok:
        why = "timed out after %d s" % timeout if wall >= timeout else \
            "QEMU exit status %d" % status
        for m in METRICS:
            if not m.host and m.name not in values:
                skips.setdefault(m.name, "run failed: " + why)
    return {"system": system, "round": rnd, "ok": ok, "status": status,
            "wall_s": round(wall, 2), "loadavg_before": round(load0, 2),
            "log": os.path.relpath(log), "values": values, "skips": skips,
            "info": info}


def host_malloc(binary, rnd):
    runs = []
    for system, alloc in (("panda", "umalloc"), ("linux", "glibc")):
        r = subprocess.run([binary, alloc], capture_output=True, text=True)
        values, skips, _ = parse(system, [(0, ln) for ln in
                                          r.stdout.splitlines()])
        if r.returncode:
            skips["malloc_mixed"] = "malloc_bench %s failed (%d)" % (
                alloc, r.returncode)
        runs.append({"system": system, "round": rnd, "host": True,
                     "ok": not r.returncode, "values": values,
                     "skips": skips, "info": {"allocator": alloc}})
    return runs


def fmt(v):
    if v is None:
        return "n/a"
    a = abs(v)
    if a >= 1000:
        return "{:,.0f}".format(v).replace(",", " ")
    if a >= 100:
        return "%.0f" % v
    if a >= 10:
        return "%.1f" % v
    return "%.2f" % v


def summarise(runs, systems):
    table = []
    for m in METRICS:
        row = {"metric": m.name, "unit": m.unit, "better": m.better,
               "target": m.target, "what": m.what}
        for s in SYSTEMS:
            mine = [r for r in runs if r["system"] == s and
                    bool(r.get("host")) == m.host]
            vals = [r["values"][m.name][0] for r in mine
                    if m.name in r["values"]]
            if s not in systems:
                row[s] = {"na": "not run (--only)"}
            elif vals:
                row[s] = {"median": statistics.median(vals),
                          "min": min(vals), "max": max(vals),
                          "values": vals}
            else:
                reasons = [r["skips"][m.name] for r in mine
                           if m.name in r["skips"]]
                row[s] = {"na": reasons[0] if reasons else
                          m.na.get(s, "not reported by the benchmark "
                                      "program")}
        p, lx = row["panda"].get("median"), row["linux"].get("median")
        row["ratio"] = p / lx if p is not None and lx else None
        if row["ratio"] is not None and m.target is not None:
            row["target_met"] = (row["ratio"] <= m.target
                                 if m.better == "lower"
                                 else row["ratio"] >= m.target)
        table.append(row)
    return table


def cell(d, notes):
    if "na" in d:
        if d["na"] not in notes:
            notes.append(d["na"])
        return "n/a [%d]" % (notes.index(d["na"]) + 1)
    return "%s (%s-%s)" % (fmt(d["median"]), fmt(d["min"]), fmt(d["max"]))


def target_text(row):
    if row["target"] is None:
        return ""
    t = "%s %.2f" % ("<=" if row["better"] == "lower" else ">=",
                     row["target"])
    if "target_met" in row:
        t += " met" if row["target_met"] else " MISSED"
    return t


def render(table, markdown=False):
    notes, rows = [], []
    for row in table:
        rows.append([row["metric"], row["unit"],
                     cell(row["panda"], notes), cell(row["linux"], notes),
                     "%.2f" % row["ratio"] if row["ratio"] is not None
                     else "-", target_text(row)])
    head = ["metric", "unit", "Panda median (min-max)",
            "Linux median (min-max)", "Panda/Linux", "target"]
    out = []
    if markdown:
        out.append("| " + " | ".join(head) + " |")
        out.append("|" + "|".join("---" for _ in head) + "|")
        for r in rows:
            out.append("| " + " | ".join(c.replace("-", "–", 1)
                                          if "(" in c else c
                                          for c in r) + " |")
        out.append("")
        for i, n in enumerate(notes, 1):
            out.append("[%d] %s  " % (i, n))
    else:
        w = [max(len(x) for x in col) for col in zip(head, *rows)]
        for r in [head] + rows:
            out.append("  ".join(c.ljust(w[i]) for i, c in
                                 enumerate(r)).rstrip())
        for i, n in enumerate(notes, 1):
            out.append("[%d] %s" % (i, n))
    return "\n".join(out) + "\n"


def machine(args):
    cpu = "unknown"
    try:
        for ln in open("/proc/cpuinfo"):
            if ln.startswith("model name"):
                cpu = ln.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    qv = subprocess.run([QEMU, "--version"], capture_output=True,
                        text=True).stdout.splitlines()
    rev = subprocess.run(["git", "describe", "--always", "--dirty"],
                         capture_output=True, text=True,
                         cwd=os.path.dirname(os.path.abspath(__file__)))
    lv = ""
    vf = os.path.join(os.path.dirname(os.path.abspath(args.linux)),
                      "version.txt")
    if os.path.exists(vf):
        lv = open(vf).read().strip()
    return {"cpu": cpu, "cpus": os.cpu_count(),
            "qemu": qv[0] if qv else "", "ovmf": OVMF_CODE,
            "panda_commit": rev.stdout.strip(), "linux": lv,
            "date": datetime.datetime.now().isoformat(timespec="seconds")}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--panda", required=True)
    ap.add_argument("--linux", required=True)
    ap.add_argument("--disk", required=True)
    ap.add_argument("--malloc")
    ap.add_argument("--host-tsc")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--out", default="build/bench")
    ap.add_argument("--only", choices=sorted(SYSTEMS))
    ap.add_argument("--timeout", type=int, default=180)
    ap.add_argument("--qemu-arg", action="append", default=[],
                    help="extra QEMU argument (repeatable), e.g. "
                    "--qemu-arg=-icount --qemu-arg=shift=0,sleep=off")
    args = ap.parse_args()
    QEMU_EXTRA[:] = args.qemu_arg
    for f in (OVMF_CODE, OVMF_VARS):
        if not os.path.exists(f):
            sys.exit("run.py: %s missing (apt-get install ovmf)" % f)
    if not shutil.which(QEMU):
        sys.exit("run.py: %s missing (apt-get install qemu-system-x86)"
                 % QEMU)
    systems = [args.only] if args.only else list(SYSTEMS)
    images = {"panda": args.panda, "linux": args.linux}
    os.makedirs(args.out, exist_ok=True)

    started = time.monotonic()
    host_khz = None
    if args.host_tsc:
        m = re.search(r"khz=(\d+)", subprocess.run(
            [args.host_tsc], capture_output=True, text=True).stdout)
        host_khz = int(m.group(1)) if m else None
    runs = []
    for rnd in range(1, args.rounds + 1):
        for s in systems:
            r = boot(s, images[s], args.disk, args.out, rnd, args.timeout,
                     host_khz)
            runs.append(r)
            state = "ok" if r["ok"] else "FAILED (%s)" % r["status"]
            if "rescaled_from" in r["info"]:
                state += ", TSC calibration off by %+.1f%%: rescaled" % (
                    100 * r["info"]["calibration_error"])
            print("  BENCH   %s round %d/%d: %s, %.1f s, %d metrics (%s)"
                  % (SYSTEMS[s][0], rnd, args.rounds, state, r["wall_s"],
                     len(r["values"]), r["log"]), flush=True)
        if args.malloc:
            runs += host_malloc(args.malloc, rnd)
    table = summarise(runs, systems)
    text = render(table)
    info = machine(args)
    loads = [r["loadavg_before"] for r in runs if "loadavg_before" in r]
    head = ("Panda vs Linux, %d rounds each, alternating; QEMU %s, TCG, "
            "q35, 1 CPU, 1 GiB; host %s (%d CPUs, load average %s); %s\n"
            % (args.rounds, info["qemu"].replace("QEMU emulator version ",
                                                 ""),
               info["cpu"], info["cpus"],
               "%.1f-%.1f" % (min(loads), max(loads)) if loads else "?",
               info["date"]))
    rescaled = sum(1 for r in runs if "rescaled_from" in r["info"])
    if rescaled:
        head += ("%d run(s) rescaled to the host's TSC rate (kernel "
                 "calibration off by more than %.1f%%)\n"
                 % (rescaled, 100 * CALIBRATION_TOLERANCE))
    print()
    print(head + text, end="")
    with open(os.path.join(args.out, "results.txt"), "w") as f:
        f.write(head + text)
    with open(os.path.join(args.out, "results.md"), "w") as f:
        f.write(head + "\n" + render(table, markdown=True))
    with open(os.path.join(args.out, "results.json"), "w") as f:
        info["host_tsc_khz"] = host_khz
        json.dump({"machine": info, "rounds": args.rounds,
                   "elapsed_s": round(time.monotonic() - started, 1),
                   "metrics": table, "runs": runs}, f, indent=1)
        f.write("\n")
    print("  JSON    %s" % os.path.join(args.out, "results.json"))
    return 0 if all(r["ok"] for r in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
