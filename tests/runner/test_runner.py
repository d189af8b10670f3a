#!/usr/bin/env python3
"""Self-tests of scripts/runtests.py as a whole: manifest handling, exit
statuses, timeouts, verdict lines, screenshots and monitor scripts, with
tests/runner/fake_qemu.py standing in for QEMU (no QEMU or OVMF needed).

Run from the repository root with
    python3 -m unittest discover -s tests/runner -t .
or directly:
    python3 tests/runner/test_runner.py
"""

import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
RUNNER = os.path.join(ROOT, "scripts", "runtests.py")
FAKE = os.path.join(HERE, "fake_qemu.py")

sys.path.insert(0, HERE)
from test_matcher import load_runtests  # noqa: E402

rt = load_runtests()

HAVE_IMAGEMAGICK = bool(shutil.which("convert") and shutil.which("compare"))


class RunnerTestCase(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="panda-runner-test-")
        self.code = self.path("OVMF_CODE.fd", "code")
        self.vars = self.path("OVMF_VARS.fd", "vars")
        self.lines = []

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def path(self, rel, content=None):
        p = os.path.join(self.tmp, rel)
        if content is not None:
            os.makedirs(os.path.dirname(p), exist_ok=True)
            with open(p, "w") as f:
                f.write(content)
        return p

    def suite(self, name, image_script, kind="kernel", expected=None,
              monitor=None, png_rgb=None, extra=""):
        """Add a suite; its image is a fake_qemu script."""
        img = self.path("img/%s.img" % name, image_script)
        d = os.path.join(self.tmp, "src", name)
        os.makedirs(d, exist_ok=True)
        if expected is not None:
            self.path("src/%s/expected.txt" % name, expected)
        if monitor is not None:
            self.path("src/%s/monitor.txt" % name, monitor)
        if png_rgb is not None:
            ppm = self.path("src/%s/expected.ppm" % name)
            with open(ppm, "wb") as f:
                f.write(b"P6\n40 40\n255\n" + bytes(png_rgb) * 1600)
            subprocess.run(["convert", ppm, os.path.join(d, "expected.png")], check=True)
            os.unlink(ppm)
        self.lines.append("name=%s kind=%s image=%s dir=%s log=%s %s" % (
            name, kind, img, d, os.path.join(self.tmp, "logs", "t-%s.log" % name), extra))

    def log(self, name):
        with open(os.path.join(self.tmp, "logs", "t-%s.log" % name), "rb") as f:
            return f.read().decode(errors="replace")

    def run_runner(self, *args, manifest=None):
        m = self.path("manifest.txt", manifest if manifest is not None
                      else "# generated\n" + "\n".join(self.lines) + "\n")
        env = dict(os.environ)
        env["PANDA_QEMU"] = "%s %s" % (shlex.quote(sys.executable), shlex.quote(FAKE))
        env["PANDA_OVMF_CODE"] = self.code
        env["PANDA_OVMF_VARS"] = self.vars
        p = subprocess.run([sys.executable, RUNNER, "--manifest", m] + list(args),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           env=env, timeout=60)
        return p.returncode, p.stdout.decode(), p.stderr.decode()


class Basics(RunnerTestCase):
    def test_pass_and_fail(self):
        self.suite("good", "print Running 1 tests\nprint basic::one...\\t[ok]\n"
                   "print \nprint All tests passed!\nexit 0x10\n")
        self.suite("bad", "print Running 1 tests\nprint basic::one...\\t[failed]\n"
                   "print \nprint Error: panicked at x.c:1\nprint noise\nexit 0x11\n")
        rc, out, err = self.run_runner("--jobs", "2")
        self.assertEqual(rc, 1, out + err)
        self.assertRegex(out, r"(?m)^\[[12]/2\] good \.\.\. ok \(\d+\.\d s\)$")
        self.assertRegex(out, r"(?m)^\[[12]/2\] bad \.\.\. FAILED \(exit 35\)$")
        self.assertIn("      basic::one...\t[failed]\n", out)
        self.assertIn("      Error: panicked at x.c:1\n", out)
        self.assertIn("      noise\n", out)
        self.assertIn("    log: %s" % os.path.join(self.tmp, "logs", "t-bad.log"), out)
        self.assertTrue(out.endswith("\n1 passed, 1 failed\n"), out)
        self.assertIn("All tests passed!", self.log("good"))

    def test_all_pass_exit_zero(self):
        for i in range(3):
            self.suite("s%d" % i, "print hi\nexit 0x10\n")
        rc, out, err = self.run_runner()
        self.assertEqual(rc, 0, out + err)
        self.assertEqual(out.splitlines()[-1], "3 passed, 0 failed")
        self.assertEqual(sorted(re.findall(r"^\[(\d)/3\]", out, re.M)), ["1", "2", "3"])

    def test_plain_status_zero_is_not_a_pass(self):
        self.suite("zero", "print hi\nstatus 0\n")
        rc, out, _ = self.run_runner()
        self.assertEqual(rc, 1)
        self.assertIn("zero ... FAILED (exit 0)", out)

    def test_timeout(self):
        self.suite("hang", "print started\nspin\n")
        rc, out, _ = self.run_runner("--timeout", "1")
        self.assertEqual(rc, 1)
        self.assertIn("[1/1] hang ... TIMEOUT (1 s)", out)
        self.assertIn("      started\n", out)
        self.assertIn("0 passed, 1 failed", out)

    def test_missing_image(self):
        self.lines.append("name=ghost kind=kernel image=%s log=%s" % (
            os.path.join(self.tmp, "nope.img"), os.path.join(self.tmp, "logs", "g.log")))
        rc, out, _ = self.run_runner()
        self.assertEqual(rc, 1)
        self.assertIn("ghost ... FAILED (image not found: ", out)

    def test_temp_files_removed(self):
        self.suite("good", "exit 0x10\n")
        self.run_runner()
        self.assertEqual(os.listdir(os.path.join(self.tmp, "logs")), ["t-good.log"])


class CommandLine(RunnerTestCase):
    def test_only_and_list(self):
        for n in ("a", "b", "c"):
            self.suite(n, "exit 0x10\n")
        rc, out, _ = self.run_runner("--list")
        self.assertEqual((rc, out), (0, "a\nb\nc\n"))
        rc, out, _ = self.run_runner("--list", "--only", "c,a")
        self.assertEqual((rc, out), (0, "c\na\n"))
        rc, out, _ = self.run_runner("--only", "b")
        self.assertEqual(rc, 0)
        self.assertIn("[1/1] b ... ok", out)
        self.assertTrue(out.endswith("1 passed, 0 failed\n"))

    def test_only_unknown(self):
        self.suite("a", "exit 0x10\n")
        rc, out, err = self.run_runner("--only", "a,zz")
        self.assertEqual(rc, 2)
        self.assertIn("Error: Test 'zz' not found", out + err)

    def test_bad_manifests(self):
        for text in ("name=a kind=kernel image=x\n",           # no log
                     "name=a kind=rust image=x log=y\n",       # bad kind
                     "name=a kind=user image=x log=y colour=red\n",
                     "name=a kind=user image=x log=y\nname=a kind=user image=x log=z\n",
                     "name=a kind=user image=x log=y junk\n",
                     "name=a kind=user image=x log=y qemu=\"unterminated\n"):
            rc, out, err = self.run_runner("--list", manifest=text)
            self.assertEqual(rc, 2, text)
            self.assertIn("Error:", err)

    def test_manifest_parsing(self):
        d = self.path("src/x/expected.txt", "a\n")
        d = os.path.dirname(d)
        self.path("src/x/monitor.txt", "sendkey a\n")
        suites = rt.parse_manifest(
            "# comment\n\nname=x kind=user image=i.img log=l.log dir=%s "
            "disk=d.img qemu=\"-cpu 'qemu64,+smap' -smp 2\"  # trailing\n" % d)
        self.assertEqual(len(suites), 1)
        s = suites[0]
        self.assertEqual((s.name, s.kind, s.image, s.log, s.disk),
                         ("x", "user", "i.img", "l.log", "d.img"))
        self.assertEqual(s.qemu_extra, ["-cpu", "qemu64,+smap", "-smp", "2"])
        self.assertEqual(s.expected, os.path.join(d, "expected.txt"))
        self.assertEqual(s.monitor, os.path.join(d, "monitor.txt"))
        self.assertIsNone(s.png)

    def test_explicit_expected_overrides_dir(self):
        other = self.path("elsewhere/exp.txt", "b\n")
        s = rt.parse_manifest("name=x kind=user image=i log=l dir=%s expected=%s"
                              % (self.tmp, other))[0]
        self.assertEqual(s.expected, other)
        s = rt.parse_manifest("name=x kind=user image=i log=l dir=%s" % self.tmp)[0]
        self.assertIsNone(s.expected)

    def test_qemu_command(self):
        s = rt.parse_manifest("name=x kind=user image=i.img log=l disk=d.img "
                              "qemu=\"-smp 2\"")[0]
        cmd = rt.build_command(s, "/t/vars.fd", None, debug_exit=True)
        joined = " ".join(cmd)
        for piece in ("-nodefaults -machine q35 -m 1G",
                      "-device virtio-gpu-pci,addr=01.0",
                      "-device virtio-mouse-pci,addr=02.0",
                      "-device virtio-keyboard-pci,addr=03.0",
                      "if=pflash,format=raw,readonly=on,file=",
                      "-drive if=pflash,format=raw,file=/t/vars.fd",
                      "format=raw,file=i.img,if=none,id=boot",
                      "ide-hd,drive=boot,bus=ide.0",
                      "-drive file=d.img,if=none,format=raw,id=blk0 "
                      "-device virtio-blk-pci,drive=blk0,addr=04.0",
                      "-display none -accel tcg",
                      "-device isa-debug-exit,iobase=0xf4,iosize=0x04"):
            self.assertIn(piece, joined)
        self.assertEqual(cmd[-2:], ["-smp", "2"])
        self.assertNotIn("-monitor", cmd)
        cmd = rt.build_command(s, "/t/vars.fd", "/t/m.sock", debug_exit=False)
        self.assertIn("unix:/t/m.sock,server,nowait", cmd)
        self.assertNotIn("isa-debug-exit,iobase=0xf4,iosize=0x04", cmd)


class ExpectedLogs(RunnerTestCase):
    def test_user_expected(self):
        self.suite("u", "print [i.c:1] INFO: LOG: one\nprint [k] INFO: boot\n"
                   "print \\x1b[32m[i.c:2] INFO: LOG: two\\x1b[0m\nexit 0x10\n",
                   kind="user", expected="# comment\none\ntwo\n")
        self.suite("v", "print [i.c:1] INFO: LOG: two\nprint [i.c:1] INFO: LOG: one\n"
                   "exit 0x10\n", kind="user", expected="one\ntwo\n")
        self.suite("w", "print [k] INFO: boot\nexit 0x10\n", kind="user",
                   expected="# @unordered\nboot\n")
        rc, out, _ = self.run_runner()
        self.assertEqual(rc, 1)
        self.assertIn("u ... ok", out)
        self.assertIn("v ... FAILED (Expected log not found: 'two' (line 2))", out)
        self.assertIn("w ... FAILED (Expected log not found: 'boot')", out)

    def test_kernel_expected_uses_all_lines(self):
        self.suite("k", "print Running 2 tests\nprint a::b...\\t[ok]\nexit 0x10\n",
                   expected="Running 2 tests\na::b...\t[ok]\n")
        rc, out, _ = self.run_runner()
        self.assertEqual(rc, 0, out)

    def test_exit_status_checked_before_expected(self):
        self.suite("u", "print [i.c:1] INFO: LOG: one\nexit 0x11\n", kind="user",
                   expected="one\n")
        rc, out, _ = self.run_runner()
        self.assertIn("u ... FAILED (exit 35)", out)
        self.assertNotIn("harness output", out)  # user suites show no harness lines


class VerdictLine(RunnerTestCase):
    def test_verdict_pass_stops_qemu(self):
        self.suite("svc", "print [s.c:1] INFO: LOG: up\n"
                   "print [d.c:1] INFO: LOG: PANDA-TEST-RESULT: pass\nspin\n",
                   kind="user", expected="# @verdict-line\nup\n")
        rc, out, _ = self.run_runner("--timeout", "20")
        self.assertEqual(rc, 0, out)
        secs = float(re.search(r"svc \.\.\. ok \((\d+\.\d) s\)", out).group(1))
        self.assertLess(secs, 10)

    def test_verdict_fail(self):
        self.suite("svc", "print [d.c:1] INFO: LOG: PANDA-TEST-RESULT: fail svcctl said 3\n"
                   "spin\n", kind="user", expected="# @verdict-line\n")
        rc, out, _ = self.run_runner("--timeout", "20")
        self.assertEqual(rc, 1)
        self.assertIn("svc ... FAILED (verdict: fail svcctl said 3)", out)

    def test_verdict_pass_but_expected_missing(self):
        self.suite("svc", "print [d.c:1] INFO: LOG: PANDA-TEST-RESULT: pass\nspin\n",
                   kind="user", expected="# @verdict-line\nup\n")
        rc, out, _ = self.run_runner("--timeout", "20")
        self.assertIn("svc ... FAILED (Expected log not found: 'up' (line 2))", out)

    def test_no_verdict(self):
        self.suite("svc", "print [s.c:1] INFO: LOG: up\nexit 0x10\n",
                   kind="user", expected="# @verdict-line\nup\n")
        self.suite("hang", "spin\n", kind="user", expected="# @verdict-line\n")
        rc, out, _ = self.run_runner("--timeout", "1")
        self.assertIn("svc ... FAILED (no PANDA-TEST-RESULT line (exit 33))", out)
        self.assertIn("hang ... TIMEOUT (1 s)", out)


class StopWhenMatched(RunnerTestCase):
    def test_idling_systems(self):
        # One runner call, suites in parallel, to keep the self-tests fast.
        self.suite("idle", "print Panda booting\nprint reached idle loop\nspin\n",
                   expected="# @stop-when-matched\nbooting\nidle loop\n")
        self.suite("grows", "print one\nsleep 0.3\nprint [i.c:1] INFO: LOG: two\nspin\n",
                   kind="user", expected="# @stop-when-matched\n# @unordered\n"
                                         "two\n# @barrier\n")
        self.suite("unord", "print b\nprint a\nprint c\nspin\n",
                   expected="# @unordered\n# @stop-when-matched\na\nb\n"
                            "# @barrier\nc\n")
        self.suite("missing", "print stage1: Error: no kernel\nspin\n",
                   expected="# @stop-when-matched\nstage1\nkernel loaded\n")
        self.suite("exits", "print booting\nexit 0x11\n",
                   expected="# @stop-when-matched\nready\n")
        self.suite("exits_ok", "print booting\nexit 0x10\n",
                   expected="# @stop-when-matched\nbooting\nready\n")
        self.suite("keys", "print [k.c:1] INFO: LOG: Keyboard opened\nspin\n",
                   kind="user", expected="# @stop-when-matched\nKey 'a' released\n",
                   monitor="# @wait-log Keyboard opened\nsendkey a\n")
        rc, out, _ = self.run_runner("--timeout", "1.5", "--jobs", "7")
        self.assertEqual(rc, 1, out)
        for name in ("idle", "grows", "unord", "keys"):
            self.assertRegex(out, r"(?m)^\[\d/7\] %s \.\.\. ok \(\d\.\d s\)$" % name)
        self.assertIn("missing ... TIMEOUT (1.5 s): Expected log not found: "
                      "'kernel loaded' (line 3)\n", out)
        self.assertIn("      stage1: Error: no kernel\n", out)
        self.assertIn("exits ... FAILED (exit 35)\n", out)
        self.assertIn("exits_ok ... FAILED (Expected log not found: 'ready' (line 3))\n", out)
        self.assertIn("two", self.log("grows"))
        self.assertTrue(out.endswith("\n4 passed, 3 failed\n"), out)


class ExpectExit(RunnerTestCase):
    PANIC = "print Running 1 tests\nprint Error: panicked at x.c:1\nexit 0x11\n"

    def test_expect_exit_and_directive_errors(self):
        self.suite("panic", self.PANIC, expected="# @expect-exit 35\npanicked at\n")
        self.suite("panic_log", self.PANIC, expected="# @expect-exit 35\nnot there\n")
        self.suite("no_panic", "print fine\nexit 0x10\n",
                   expected="# @unordered\n# @expect-exit 35\nfine\n")
        self.suite("zero", "status 0\n", expected="# @expect-exit 0\n")
        self.suite("idle35", "print ready\nspin\n",
                   expected="# @expect-exit 35\n# @stop-when-matched\nready\n")
        self.suite("mon", "spin\n", kind="user", expected="# @expect-exit 35\n",
                   monitor="o /w 0xf4 0x11\n")
        self.suite("known", "print a\nprint b\nexit 0x10\n",
                   expected="# @unordered\n# @barrier\nb\n# @barrier\n")
        self.suite("typo", "print ready\nexit 0x10\n",
                   expected="# @stop-when-mached\nready\n")
        self.suite("typo_unord", "print ready\nexit 0x10\n",
                   expected="# @unordered\n# @barier\nready\n")
        self.suite("waitlog", "print ready\nexit 0x10\n",
                   expected="# @wait-log ready\nready\n")
        self.suite("badexit", "exit 0x11\n", expected="# @expect-exit 0x23\n")
        rc, out, _ = self.run_runner("--timeout", "20", "--jobs", "11")
        self.assertEqual(rc, 1, out)
        for name in ("panic", "zero", "idle35", "mon", "known"):
            self.assertRegex(out, r"(?m)^\[\d+/11\] %s \.\.\. ok " % name)
        self.assertIn("panic_log ... FAILED (Expected log not found: 'not there' (line 2))", out)
        self.assertIn("no_panic ... FAILED (exit 33, expected 35)\n", out)
        self.assertIn("typo ... FAILED (unknown directive '# @stop-when-mached')\n"
                      "    in %s\n" % os.path.join(self.tmp, "src", "typo", "expected.txt"),
                      out)
        self.assertIn("typo_unord ... FAILED (unknown directive '# @barier')\n", out)
        self.assertIn("waitlog ... FAILED (unknown directive '# @wait-log' "
                      "(it belongs in monitor.txt))\n", out)
        self.assertIn("badexit ... FAILED (directive '# @expect-exit' wants an exit "
                      "status 0-255, not '0x23' (line 1))\n", out)
        # A bad expected.txt fails before QEMU starts.
        logs = os.listdir(os.path.join(self.tmp, "logs"))
        for name in ("typo", "typo_unord", "waitlog", "badexit"):
            self.assertNotIn("t-%s.log" % name, logs)
        self.assertTrue(out.endswith("\n5 passed, 6 failed\n"), out)


class MonitorScript(RunnerTestCase):
    def test_keys_then_exit(self):
        self.suite("kbd", "print [k.c:1] INFO: LOG: Keyboard opened\nspin\n", kind="user",
                   expected="Key 'a' pressed\nKey 'a' released\nKey 'b' pressed\n"
                            "Key 'b' released\n",
                   monitor="# comment\n# @wait-log Keyboard opened\n\nsleep 0.2\n"
                           "sendkey a\n  sendkey b\no /w 0xf4 0x10\n")
        rc, out, _ = self.run_runner("--timeout", "20")
        self.assertEqual(rc, 0, out)
        self.assertIn("kbd ... ok", out)

    def test_guest_fails(self):
        self.suite("kbd", "spin\n", kind="user", monitor="o /w 0xf4 0x11\n")
        rc, out, _ = self.run_runner("--timeout", "20")
        self.assertIn("kbd ... FAILED (exit 35)", out)

    def test_no_exit_after_script_times_out(self):
        self.suite("kbd", "spin\n", kind="user", monitor="sendkey a\n")
        rc, out, _ = self.run_runner("--timeout", "1")
        self.assertIn("kbd ... TIMEOUT (1 s)", out)

    def test_bad_sleep(self):
        self.suite("kbd", "spin\n", kind="user", monitor="sleep soon\n")
        rc, out, _ = self.run_runner("--timeout", "1")
        self.assertIn("kbd ... FAILED (monitor.txt line 1: bad sleep 'soon')", out)

    def test_parse_monitor_script(self):
        self.assertEqual(
            rt.parse_monitor_script("# c\n\n  sleep 1.5\nsendkey a\n#@wait-log x y\n"),
            [("sleep", 1.5), ("send", "sendkey a"), ("wait-log", "x y")])
        self.assertEqual(
            rt.parse_monitor_script("# @serial ls | grep a\\r\n# @serial \\x03\n"),
            [("serial", b"ls | grep a\r"), ("serial", b"\x03")])
        with self.assertRaises(ValueError):
            rt.parse_monitor_script("# @serial bad \\x\n")

    def test_serial_typing(self):
        self.suite("ser", "print [s.c:1] INFO: LOG: prompt\nreadline\nreadline\n"
                   "exit 0x10\n", kind="user",
                   expected="serial got hello world\nserial got second\n",
                   monitor="# @wait-log prompt\n# @serial hello world\\r\\n\n"
                           "# @wait-log serial got hello\n# @serial second\\n\n")
        rc, out, _ = self.run_runner("--timeout", "20")
        self.assertEqual(rc, 0, out)
        self.assertIn("ser ... ok", out)


@unittest.skipUnless(HAVE_IMAGEMAGICK, "ImageMagick (convert, compare) not installed")
class Screenshot(RunnerTestCase):
    SHOT = "print [s.c:1] INFO: LOG: drawn\nprint [s.c:1] INFO: LOG: <<<SCREENSHOT_READY>>>\nspin\n"

    def test_match(self):
        self.suite("shot", "screen 255 0 0\n" + self.SHOT, kind="user",
                   expected="drawn\n", png_rgb=(255, 0, 0))
        rc, out, _ = self.run_runner("--timeout", "20")
        self.assertEqual(rc, 0, out)
        self.assertEqual(sorted(os.listdir(os.path.join(self.tmp, "logs"))), ["t-shot.log"])

    def test_colour_within_fuzz(self):
        self.suite("near", "screen 254 1 0\n" + self.SHOT, kind="user",
                   png_rgb=(255, 0, 0))
        rc, out, _ = self.run_runner("--timeout", "20")
        self.assertEqual(rc, 0, out)

    def test_threshold_and_non_numeric_counts(self):
        # A stand-in compare that prints what the suite's name asks for.
        bindir = os.path.join(self.tmp, "bin")
        os.makedirs(bindir)
        fake = os.path.join(bindir, "compare")
        with open(fake, "w") as f:
            f.write("#!/bin/sh\ncase \"$6\" in *n1000*) echo 1000 >&2;;"
                    " *n1001*) echo 1001 >&2;; *exp*) echo 1.6e+03 >&2;;"
                    " *) echo 'compare: image widths or heights differ' >&2;;"
                    " esac\nexit 1\n")
        os.chmod(fake, 0o755)
        for n in ("n1000", "n1001", "exp", "err"):
            self.suite(n, self.SHOT, kind="user", png_rgb=(255, 0, 0))
        old = os.environ["PATH"]
        os.environ["PATH"] = bindir + os.pathsep + old
        try:
            rc, out, _ = self.run_runner("--timeout", "20", "--jobs", "4")
        finally:
            os.environ["PATH"] = old
        self.assertIn("n1000 ... ok", out)
        self.assertIn("n1001 ... FAILED (screenshot differs from expected "
                      "(1001 pixels > 1000))", out)
        self.assertIn("exp ... FAILED (screenshot comparison gave no pixel "
                      "count: '1.6e+03')", out)
        self.assertIn("err ... FAILED (screenshot comparison gave no pixel "
                      "count: 'compare: image widths or heights differ')", out)

    def test_mismatch_keeps_images(self):
        self.suite("shot", "screen 0 0 255\n" + self.SHOT, kind="user",
                   expected="drawn\n", png_rgb=(255, 0, 0))
        rc, out, _ = self.run_runner("--timeout", "20")
        self.assertEqual(rc, 1)
        self.assertIn("shot ... FAILED (screenshot differs from expected "
                      "(1600 pixels > 1000))", out)
        logs = os.path.join(self.tmp, "logs")
        self.assertEqual(sorted(os.listdir(logs)),
                         ["shot_actual.png", "shot_diff.png", "t-shot.log"])
        self.assertIn("    actual:   %s" % os.path.join(logs, "shot_actual.png"), out)

    def test_expected_log_checked_after_screenshot(self):
        self.suite("shot", self.SHOT, kind="user", expected="missing\n",
                   png_rgb=(255, 0, 0))
        rc, out, _ = self.run_runner("--timeout", "20")
        self.assertIn("shot ... FAILED (Expected log not found: 'missing' (line 1))", out)

    def test_qemu_dies_before_marker(self):
        self.suite("shot", "print oops\nstatus 1\n", kind="user", png_rgb=(0, 0, 0))
        rc, out, _ = self.run_runner("--timeout", "20")
        self.assertIn("shot ... FAILED (QEMU exited before screenshot ready (exit 1))", out)

    def test_stop_and_exit_directives_rejected(self):
        self.suite("shot", self.SHOT, kind="user", png_rgb=(255, 0, 0),
                   expected="# @stop-when-matched\ndrawn\n")
        rc, out, _ = self.run_runner("--timeout", "20")
        self.assertIn("shot ... FAILED ('# @stop-when-matched' and '# @expect-exit' "
                      "do not apply to screenshot suites", out)

    def test_keys_then_screenshot_at_a_later_marker(self):
        # The first marker (blue screen) comes before the script's last
        # wait-log text; the screenshot waits for the next one (red).
        self.suite("kshot", "screen 0 0 255\n"
                   "print [s.c:1] INFO: LOG: <<<SCREENSHOT_READY>>>\n"
                   "print [s.c:1] INFO: LOG: typed\nsleep 1.5\nscreen 255 0 0\n"
                   "print [s.c:1] INFO: LOG: <<<SCREENSHOT_READY>>>\nspin\n",
                   kind="user", expected="Key 'a' pressed\n",
                   monitor="sendkey a\n# @wait-log typed\n", png_rgb=(255, 0, 0))
        rc, out, _ = self.run_runner("--timeout", "20")
        self.assertEqual(rc, 0, out)
        self.assertIn("kshot ... ok", out)

    def test_marker_never_appears(self):
        self.suite("shot", "spin\n", kind="user", png_rgb=(0, 0, 0))
        rc, out, _ = self.run_runner("--timeout", "1")
        self.assertIn("shot ... TIMEOUT (1 s)", out)


class PostCheck(RunnerTestCase):
    """post="command": a host check after QEMU exits (e.g. e2fsck -fn {disk})."""

    CHECK = (
        "import sys\n"
        "disk, name, marker = sys.argv[1:4]\n"
        "open(marker, 'w').write(name)\n"
        "data = open(disk).read()\n"
        "print('checked', name, repr(data))\n"
        "sys.exit(0 if data == 'clean' else 3)\n")

    def post_suite(self, name, script, disk_text):
        disk = self.path("img/%s-disk.img" % name, disk_text)
        check = self.path("check.py", self.CHECK)
        marker = os.path.join(self.tmp, "ran-%s" % name)
        self.suite(name, script, extra="disk=%s post=\"%s %s {disk} {name} %s\""
                   % (disk, shlex.quote(sys.executable), check, marker))
        return marker

    def test_post_passes(self):
        marker = self.post_suite("good", "exit 0x10\n", "clean")
        rc, out, err = self.run_runner()
        self.assertEqual(rc, 0, out + err)
        self.assertIn("good ... ok", out)
        with open(marker) as f:
            self.assertEqual(f.read(), "good")  # {name} substituted

    def test_post_fails_the_suite(self):
        self.post_suite("dirty", "print [k] boot\nexit 0x10\n", "corrupt")
        rc, out, _ = self.run_runner()
        self.assertEqual(rc, 1)
        self.assertRegex(out, r"dirty \.\.\. FAILED \(post check failed \(exit 3\): "
                         r"\S+ \S+check\.py \S+dirty-disk\.img dirty ")
        self.assertIn("    post check output:\n", out)
        self.assertIn("      checked dirty 'corrupt'\n", out)
        self.assertIn("      [k] boot\n", out)  # the log tail still follows

    def test_post_skipped_when_the_run_failed(self):
        marker = self.post_suite("crash", "exit 0x11\n", "clean")
        rc, out, _ = self.run_runner()
        self.assertEqual(rc, 1)
        self.assertIn("crash ... FAILED (exit 35)", out)
        self.assertFalse(os.path.exists(marker))

    def test_post_command_missing(self):
        self.suite("nocmd", "exit 0x10\n", extra="post=/nonexistent/checker")
        rc, out, _ = self.run_runner()
        self.assertEqual(rc, 1)
        self.assertIn("nocmd ... FAILED (post check cannot run: /nonexistent/checker", out)

    def test_post_manifest_parsing(self):
        s = rt.parse_manifest("name=x kind=user image=i.img log=l.log disk=d.img "
                              "dir=/src/x post=\"e2fsck -fn {disk} '{dir}/a b'\"")[0]
        self.assertEqual(rt.post_command(s), ["e2fsck", "-fn", "d.img", "/src/x/a b"])
        s = rt.parse_manifest("name=x kind=user image=i.img log=l.log post=\"c {disk}\"")[0]
        self.assertEqual(rt.post_command(s), ["c", ""])
        self.assertIsNone(rt.parse_manifest("name=x kind=user image=i log=l")[0].post)
        for bad in ("post=\"'unterminated\"", "post=\"  \""):
            with self.assertRaises(rt.ManifestError):
                rt.parse_manifest("name=x kind=user image=i log=l " + bad)


class Boots(RunnerTestCase):
    """boots=N: N boots in a row on one disk, judged as one suite."""

    CHECK = (
        "import sys\n"
        "sys.exit(0 if open(sys.argv[1]).read() == 'x\\nx\\n' else 4)\n")

    def boots_suite(self, name, script, expected, boots=2, post=False):
        disk = self.path("img/%s-disk.img" % name, "")
        extra = "disk=%s boots=%d" % (disk, boots)
        if post:
            check = self.path("check.py", self.CHECK)
            extra += " post=\"%s %s {disk}\"" % (shlex.quote(sys.executable),
                                                check)
        self.suite(name, script, kind="user", expected=expected, extra=extra)
        return disk

    def test_second_boot_sees_the_first_boots_disk(self):
        # Each boot logs how many lines the disk has, then adds one; the
        # post check runs once, after the last boot.
        self.boots_suite("persist", "disk x\nexit 0x10\n",
                         "disk has 0 lines\ndisk has 1 lines\n", post=True)
        rc, out, err = self.run_runner()
        self.assertEqual(rc, 0, out + err)
        self.assertIn("persist ... ok", out)
        log = self.log("persist")
        self.assertEqual(log.count("disk has"), 2, log)
        self.assertIn("=== runtests.py: boot 2 of 2 (same disk) ===\n", log)
        self.assertLess(log.index("disk has 0 lines"),
                        log.index("boot 2 of 2"))
        self.assertLess(log.index("boot 2 of 2"),
                        log.index("disk has 1 lines"))

    def test_expected_spans_the_boots(self):
        self.boots_suite("three", "disk b\nexit 0x10\n",
                         "disk has 0 lines\ndisk has 1 lines\n"
                         "disk has 2 lines\n", boots=3)
        self.boots_suite("short", "disk b\nexit 0x10\n",
                         "disk has 0 lines\ndisk has 2 lines\n", boots=2)
        rc, out, _ = self.run_runner()
        self.assertEqual(rc, 1)
        self.assertIn("three ... ok", out)
        self.assertIn("short ... FAILED (Expected log not found: "
                      "'disk has 2 lines' (line 2))", out)

    def test_a_failing_boot_ends_the_suite(self):
        disk = self.boots_suite("crash", "disk b\nexit 0x11\n",
                                "disk has 0 lines\n", post=True)
        rc, out, _ = self.run_runner()
        self.assertEqual(rc, 1)
        self.assertIn("crash ... FAILED (boot 1 of 2: exit 35)", out)
        with open(disk) as f:
            self.assertEqual(f.read(), "b\n")  # no second boot, no post
        self.assertNotIn("boot 2 of 2", self.log("crash"))

    def test_timeout_names_the_boot(self):
        self.boots_suite("hang", "disk b\nspin\n", None)
        rc, out, _ = self.run_runner("--timeout", "1")
        self.assertEqual(rc, 1)
        self.assertIn("hang ... TIMEOUT (1 s): boot 1 of 2", out)

    def test_not_with_interactive_suites(self):
        self.boots_suite("watch", "disk b\nexit 0x10\n",
                         "# @stop-when-matched\ndisk has 0 lines\n")
        rc, out, _ = self.run_runner()
        self.assertEqual(rc, 1)
        self.assertIn("watch ... FAILED (boots=2 does not apply", out)

    def test_manifest(self):
        base = "name=x kind=user image=i log=l"
        self.assertEqual(rt.parse_manifest(base)[0].boots, 1)
        self.assertEqual(rt.parse_manifest(base + " boots=3")[0].boots, 3)
        for bad in ("boots=0", "boots=10", "boots=two", "boots="):
            with self.assertRaises(rt.ManifestError):
                rt.parse_manifest(base + " " + bad)


if __name__ == "__main__":
    unittest.main()
