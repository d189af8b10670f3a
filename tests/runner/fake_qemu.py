#!/usr/bin/env python3
"""A stand-in for qemu-system-x86_64, used by test_runner.py.

It takes QEMU's command line, finds the boot drive (id=boot) and runs that
"image", which is a text script, one command a line:

    print TEXT     write TEXT (Python escapes allowed, e.g. \\x1b) + CRLF to stdout
    sleep SECONDS
    exit VALUE     leave as isa-debug-exit would: status (VALUE << 1) | 1
    status N       leave with status N
    spin           wait forever (until killed, or quit through the monitor)
    args           print the command line, one argument a line
    screen R G B   from now on the screen has this colour (the first such
                   line also sets it from the start)
    readline       read a line from stdin (the serial console) and print
                   "[s.c:1] INFO: LOG: serial got <line>"
    disk TEXT      print "[d.c:1] INFO: LOG: disk has N lines" (N: the lines
                   of the virtio-blk disk file, id=blk0), then append TEXT
                   and a newline to it

With "-monitor unix:PATH,server,nowait" it serves a tiny human monitor:
"screendump FILE" writes a 40x40 PPM (red, or the colour and size named by
the image's "screen R G B [W H]" line), "quit" leaves with status 0, "o /w 0xf4 V" leaves like
the debug-exit device, "sendkey K" logs "Key 'K' pressed/released".
"""

import os
import socket
import sys
import threading
import time

out_lock = threading.Lock()


def emit(text):
    with out_lock:
        sys.stdout.write(text + "\r\n")
        sys.stdout.flush()


def option_values(argv, opt):
    return [argv[i + 1] for i, a in enumerate(argv[:-1]) if a == opt]


def drive_file(argv, drive_id):
    for d in option_values(argv, "-drive"):
        parts = dict(p.partition("=")[::2] for p in d.split(","))
        if parts.get("id") == drive_id:
            return parts["file"]
    return None


def boot_image(argv):
    return drive_file(argv, "boot") or sys.exit("fake_qemu: no boot drive")


def serve_monitor(path, screen_box):
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    srv.bind(path)
    srv.listen(1)
    conn, _ = srv.accept()
    conn.sendall(b"QEMU fake monitor - type 'help' for more information\r\n(qemu) ")
    buf = b""
    while True:
        data = conn.recv(4096)
        if not data:
            return
        buf += data
        while b"\n" in buf:
            line, buf = buf.split(b"\n", 1)
            words = line.decode().split()
            if not words:
                pass
            elif words[0] == "quit":
                os._exit(0)
            elif words[0] == "screendump":
                screen = screen_box[0]
                w, h = screen[3], screen[4]
                with open(words[1], "wb") as f:
                    f.write(b"P6\n%d %d\n255\n" % (w, h) + bytes(screen[:3]) * (w * h))
            elif words[0] == "o" and len(words) == 4 and int(words[2], 0) == 0xf4:
                os._exit((int(words[3], 0) << 1) | 1)
            elif words[0] == "sendkey":
                emit("[kbd.c:1] INFO: LOG: Key '%s' pressed" % words[1])
                emit("[kbd.c:1] INFO: LOG: Key '%s' released" % words[1])
            conn.sendall(b"\r\n(qemu) ")


def main():
    argv = sys.argv[1:]
    with open(boot_image(argv)) as f:
        script = f.read().splitlines()
    def parse_screen(line, old):
        return (tuple(int(x) for x in line.split()[1:]) + old[3:])[:5]

    screen_box = [(255, 0, 0, 40, 40)]
    for line in script:
        if line.startswith("screen "):
            screen_box[0] = parse_screen(line, screen_box[0])
            break
    for mon in option_values(argv, "-monitor"):
        path = mon[len("unix:"):].split(",")[0]
        threading.Thread(target=serve_monitor, args=(path, screen_box),
                         daemon=True).start()
    for line in script:
        cmd, _, arg = line.partition(" ")
        if cmd == "print":
            emit(arg.encode().decode("unicode_escape"))
        elif cmd == "sleep":
            time.sleep(float(arg))
        elif cmd == "exit":
            sys.exit((int(arg, 0) << 1) | 1)
        elif cmd == "status":
            sys.exit(int(arg))
        elif cmd == "spin":
            while True:
                time.sleep(1)
        elif cmd == "screen":
            screen_box[0] = parse_screen(line, screen_box[0])
        elif cmd == "readline":
            got = sys.stdin.readline().rstrip("\r\n")
            emit("[s.c:1] INFO: LOG: serial got " + got)
        elif cmd == "disk":
            path = drive_file(argv, "blk0") or sys.exit("fake_qemu: no disk")
            with open(path) as f:
                n = len(f.read().splitlines())
            emit("[d.c:1] INFO: LOG: disk has %d lines" % n)
            with open(path, "a") as f:
                f.write(arg + "\n")
        elif cmd == "args":
            for a in argv:
                emit("ARG " + a)
    sys.exit(0)


if __name__ == "__main__":
    main()
