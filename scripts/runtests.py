#!/usr/bin/env python3
"""Panda test runner: boots test suites in QEMU and judges them.

Usage:
    scripts/runtests.py --manifest FILE [--jobs N] [--timeout S]
                        [--only NAME[,NAME...]] [--list]

The manifest has one suite per line, whitespace-separated ``key=value`` fields
(shell-style quoting, ``#`` starts a comment):

    name=basic kind=kernel image=build/test/img/basic.img \
        log=build/test/logs/test-basic.log [expected=FILE] [dir=DIR] \
        [disk=FILE] [qemu="extra args"] [post="command"] [boots=N]

Relative paths are taken relative to the current directory (the repository
root when run from the Makefile).

``disk=FILE`` attaches FILE as a raw virtio-blk disk at PCI 00:04.0 (the
suite may write it).  ``post="command"`` is a check run on the host after
QEMU has exited, only when the run passed so far: the command is split like
a shell line (no shell runs it), ``{disk}``, ``{dir}``, ``{log}``,
``{image}`` and ``{name}`` in it are replaced by the suite's fields (a
missing one by the empty string), it runs in the current directory with a
120 s limit, and a non-zero exit status fails the suite as ``post check
failed (exit N): command``, showing the last lines of its output.  Example:
``post="e2fsck -fn {disk}"`` fails a suite that leaves its ext2 disk
image inconsistent.

``boots=N`` (1-9, default 1) boots the suite N times in a row on the same
disk, each boot a fresh machine (a fresh copy of OVMF_VARS, the boot image
again opened snapshot=on) with its own timeout: what one boot writes to
the disk, the next one reads.  Every boot must end with the passing exit
status (33, or ``# @expect-exit``); the first that does not fails the
suite as ``boot K of N: <reason>`` and no further boot runs.  The log holds
all boots in order, each boot after the first preceded by the line
``=== runtests.py: boot K of N (same disk) ===``; expected.txt is checked
once, against that whole log, after the last boot, and so is post=.  The
program tells the boots apart by what is on the disk.  Not with
expected.png, monitor.txt, ``# @verdict-line`` or ``# @stop-when-matched``
(the suite fails before QEMU starts).

Judging follows spec kernel.md sections 16 and 17 and tests.md section 1:

* ``kind=kernel``: every serial line is a log message; ``kind=user``: only
  lines containing ``INFO: LOG: `` count, the message being the text after it.
* QEMU exit status 33 (isa-debug-exit value 0x10) passes, anything else fails
  (unless ``# @expect-exit`` says otherwise); screenshot suites quit through
  the monitor (status 0).
* ``expected.txt`` is checked with the matcher below (ordered mode, or
  ``# @unordered`` with ``# @barrier`` sections).
* Directives: in ``expected.txt`` a line beginning ``# @`` is a directive (a
  comment to other readers, never a pattern, in either mode):

  ``# @unordered [text]``
      unordered mode (``[text]`` is ignored).
  ``# @barrier``
      starts a new section in unordered mode (ignored in ordered mode).
  ``# @verdict-line``
      stop QEMU at the ``PANDA-TEST-RESULT: pass|fail <reason>`` line and
      judge by it (the exit status does not count).
  ``# @stop-when-matched``
      for systems that idle forever (a kernel in its idle loop, a boot stage
      that prints an error and returns to the firmware): while QEMU runs
      (in a monitor-script suite: once the script is done), the expected
      patterns are re-checked against the log as it grows, every 0.2 s.  As
      soon as all match, QEMU is stopped and the suite passes whatever the
      exit status.  If QEMU exits first, the suite is judged as usual; if the
      timeout comes first, it is a TIMEOUT whose report names the pattern
      still missing.
  ``# @expect-exit N``
      the QEMU exit status (0-255) that counts as success instead of 33,
      e.g. 35 for a suite whose kernel deliberately panics and leaves
      through isa-debug-exit with 0x11.  The expected patterns are still
      checked; another status fails as ``exit X, expected N``.

  Any other ``# @word`` fails the suite before QEMU starts (``unknown
  directive '# @word'``), so typos are loud; so does a malformed directive (an
  argument where none is taken, a bad status, ``# @verdict-line`` together
  with either of the last two, ``# @stop-when-matched`` without patterns, or
  either of the last two in a screenshot suite).  ``#@x`` and ``#  @x`` are
  not directives: comments in ordered mode; in unordered mode, as spec
  kernel.md 17.4 says, a pattern and a comment.  (The spec would make a
  ``# @word`` line an unordered-mode pattern; here it is an error.)
* ``expected.png`` next to ``expected.txt`` makes a screenshot suite,
  ``monitor.txt`` a monitor-script suite.  Besides ``sleep S`` lines and
  monitor commands, a monitor script may hold ``# @wait-log TEXT`` (a comment
  to other readers): wait until TEXT appears in the serial log.  Under TCG,
  OVMF alone takes about 5 s, so prefer it to a fixed first ``sleep``.
  ``# @serial TEXT`` types TEXT on the serial console (QEMU's stdin; Python
  string escapes such as ``\r``, ``\x03`` and ``\x1b`` are decoded), for
  expect-style suites of the serial terminal.
* A suite with both ``expected.png`` and ``monitor.txt`` (a keyboard-driven
  screenshot suite) runs the script first; the screenshot is then taken at
  the first ``<<<SCREENSHOT_READY>>>`` marker that comes after the text the
  script's last ``# @wait-log`` waited for (after the script's end if it has
  none), so markers logged earlier do not count.
* Per run, QEMU gets a fresh copy of OVMF_VARS and the boot image is opened
  with snapshot=on (the image is never modified; suites may share one).

The matcher functions (strip_ansi, log_lines, extract_messages,
parse_expected, check_expected, parse_verdict) are importable by the
self-tests in tests/runner/.

Environment overrides (for the self-tests and unusual hosts): PANDA_QEMU (the
QEMU binary), PANDA_OVMF_CODE, PANDA_OVMF_VARS.
"""

import argparse
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from concurrent.futures import wait as wait_futures

# PANDA_QEMU may carry arguments ("python3 fake_qemu.py"); it is shlex-split.
QEMU = shlex.split(os.environ.get("PANDA_QEMU", "qemu-system-x86_64"))
OVMF_CODE = os.environ.get("PANDA_OVMF_CODE", "/usr/share/OVMF/OVMF_CODE_4M.fd")
OVMF_VARS = os.environ.get("PANDA_OVMF_VARS", "/usr/share/OVMF/OVMF_VARS_4M.fd")

USER_LOG_MARKER = "INFO: LOG: "
SCREENSHOT_MARKER = "<<<SCREENSHOT_READY>>>"
VERDICT_MARKER = "PANDA-TEST-RESULT: "
EXIT_PASS = 33  # (0x10 << 1) | 1
SCREENSHOT_MAX_DIFF = 1000  # differing pixels tolerated
TAIL_LINES = 20

# ---------------------------------------------------------------------------
# Log processing and expected.txt matching (spec kernel.md 17.3, 17.4)
# ---------------------------------------------------------------------------

# CSI sequences (ESC [ params intermediates final, including OVMF's "ESC[=3h"),
# OSC sequences (ESC ] ... BEL or ESC \), and two-byte escapes.
_ANSI_RE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"
    r"|\x1b[ -/]*[0-~]"
)


def strip_ansi(text):
    """Remove ANSI escape sequences and carriage returns from text."""
    return _ANSI_RE.sub("", text).replace("\r", "")


def log_lines(text):
    """Split a raw log (str or bytes) into lines, ANSI sequences and \\r removed."""
    if isinstance(text, (bytes, bytearray)):
        text = bytes(text).decode("utf-8", errors="replace")
    text = strip_ansi(text)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def extract_messages(text, kind):
    """The log messages of a log (str, bytes or list of lines), numbered from 1
    by their position in the returned list (index + 1).

    kind "kernel": every line.  kind "user": only lines containing
    "INFO: LOG: ", each contributing the text after that marker."""
    lines = text if isinstance(text, list) else log_lines(text)
    if kind == "kernel":
        return list(lines)
    if kind == "user":
        out = []
        for line in lines:
            at = line.find(USER_LOG_MARKER)
            if at >= 0:
                out.append(line[at + len(USER_LOG_MARKER):])
        return out
    raise ValueError("unknown suite kind %r" % (kind,))


class Expected:
    """A parsed expected.txt.

    mode: "ordered" or "unordered".
    patterns: ordered mode, list of (line number, pattern).
    sections: unordered mode, list of sections, each a list of
      (line number, pattern); a "# @barrier" line starts a new section.
    verdict_line: True when the file contains "# @verdict-line".
    stop_when_matched: True when it contains "# @stop-when-matched".
    expect_exit: the status of "# @expect-exit N", or None (meaning 33).
    """

    def __init__(self, mode, patterns, sections, verdict_line,
                 stop_when_matched=False, expect_exit=None):
        self.mode = mode
        self.patterns = patterns
        self.sections = sections
        self.verdict_line = verdict_line
        self.stop_when_matched = stop_when_matched
        self.expect_exit = expect_exit

    def __repr__(self):
        return ("Expected(mode=%r, patterns=%r, sections=%r, verdict_line=%r, "
                "stop_when_matched=%r, expect_exit=%r)" % (
                    self.mode, self.patterns, self.sections, self.verdict_line,
                    self.stop_when_matched, self.expect_exit))


class ExpectedError(ValueError):
    """A malformed expected.txt (unknown or misused directive)."""


_UNORDERED_COMMENT_RE = re.compile(r"#\s*$|#\s[^@]")
# "# @word rest": a directive (see the module docstring).
_DIRECTIVE_RE = re.compile(r"# @(\S*)\s*(.*?)\s*$")
_FLAG_DIRECTIVES = ("barrier", "verdict-line", "stop-when-matched")


def _directive(line):
    """(word, argument) when line is a directive, else None."""
    m = _DIRECTIVE_RE.match(line)
    return (m.group(1), m.group(2)) if m else None


def parse_expected(text):
    """Parse the text of an expected.txt file into an Expected.  Raises
    ExpectedError on an unknown or malformed directive."""
    raw = text.split("\n")
    if raw and raw[-1] == "":
        raw.pop()
    lines = [(i + 1, l.rstrip("\r")) for i, l in enumerate(raw)]
    unordered = verdict = stop = False
    expect_exit = None
    directives = {}  # line number -> word
    for n, l in lines:
        d = _directive(l)
        if d is None:
            continue
        word, arg = d
        name = "'# @%s'" % word
        if word == "unordered":
            unordered = True
        elif word in _FLAG_DIRECTIVES:
            if arg:
                raise ExpectedError("directive %s takes no argument (line %d)"
                                    % (name, n))
            verdict = verdict or word == "verdict-line"
            stop = stop or word == "stop-when-matched"
        elif word == "expect-exit":
            if not re.fullmatch(r"\d{1,3}", arg) or int(arg) > 255:
                raise ExpectedError("directive %s wants an exit status 0-255, "
                                    "not %r (line %d)" % (name, arg, n))
            if expect_exit is not None and expect_exit != int(arg):
                raise ExpectedError("conflicting %s directives (line %d)"
                                    % (name, n))
            expect_exit = int(arg)
        else:
            msg = "unknown directive %s" % name
            if word == "wait-log":
                msg += " (it belongs in monitor.txt)"
            raise ExpectedError(msg)
        directives[n] = word
    if verdict and (stop or expect_exit is not None):
        raise ExpectedError("'# @verdict-line' cannot be combined with %s"
                            % ("'# @stop-when-matched'" if stop
                               else "'# @expect-exit'"))
    if not unordered:
        pats = [(n, l) for n, l in lines
                if l.strip() and not l.startswith("#")]
        if stop and not pats:
            raise ExpectedError("'# @stop-when-matched' needs at least one pattern")
        return Expected("ordered", pats, [], verdict, stop, expect_exit)
    sections = [[]]
    for n, l in lines:
        if not l.strip():
            continue
        if _UNORDERED_COMMENT_RE.match(l):
            continue
        if directives.get(n) == "barrier":
            sections.append([])
            continue
        if n in directives:
            continue
        sections[-1].append((n, l))
    if stop and not any(sections):
        raise ExpectedError("'# @stop-when-matched' needs at least one pattern")
    return Expected("unordered", [], sections, verdict, stop, expect_exit)


def _check_ordered(patterns, messages):
    pos = 0
    for lineno, pat in patterns:
        for i in range(pos, len(messages)):
            if pat in messages[i]:
                pos = i + 1
                break
        else:
            return "Expected log not found: '%s' (line %d)" % (pat, lineno)
    return None


def _match_section(section, messages, barrier):
    """Assign to each pattern of a section a distinct message numbered above
    barrier (earliest eligible message first; a pattern may take a message
    held by an earlier pattern if that one can move to another eligible
    message).  Returns (owner dict message index -> pattern index, index of
    the first pattern that could not be matched or None)."""
    cand = []
    for _, pat in section:
        cand.append([i for i in range(barrier, len(messages)) if pat in messages[i]])
    owner = {}

    def assign(p, seen):
        for m in cand[p]:
            if m in seen:
                continue
            seen.add(m)
            if m not in owner or assign(owner[m], seen):
                owner[m] = p
                return True
        return False

    for p in range(len(section)):
        if not assign(p, set()):
            return owner, p
    return owner, None


def _check_unordered(sections, messages):
    barrier = 0  # B: messages numbered <= barrier are no longer eligible
    for section in sections:
        if not section:
            continue
        owner, bad = _match_section(section, messages, barrier)
        if bad is not None:
            pat = section[bad][1]
            everywhere = [i + 1 for i, m in enumerate(messages) if pat in m]
            if not everywhere:
                return "Expected log not found: '%s'" % pat
            after = [n for n in everywhere if n > barrier]
            if not after:
                return ("Pattern '%s' found at position %d, but barrier "
                        "requires position > %d" % (pat, everywhere[-1], barrier))
            return ("Expected log not found: '%s' (the %d matching message(s) "
                    "after position %d are taken by other patterns of this "
                    "section)" % (pat, len(after), barrier))
        barrier = max(owner) + 1
    return None


def check_expected(expected, messages):
    """Check log messages against an Expected (or the text of an
    expected.txt).  Returns None when satisfied, else the failure message."""
    if isinstance(expected, str):
        expected = parse_expected(expected)
    if expected.mode == "ordered":
        return _check_ordered(expected.patterns, messages)
    return _check_unordered(expected.sections, messages)


def parse_verdict(lines):
    """Find the first verdict line (tests.md 1.3).  Returns None when there is
    none, ("pass", "") or ("fail", reason)."""
    for line in lines:
        at = line.find(VERDICT_MARKER)
        if at < 0:
            continue
        rest = line[at + len(VERDICT_MARKER):].strip()
        if rest == "pass":
            return ("pass", "")
        if rest == "fail" or rest.startswith("fail ") or rest.startswith("fail\t"):
            return ("fail", rest[4:].strip())
        return ("fail", "malformed verdict line: %r" % line.strip())
    return None


_HARNESS_RE = re.compile(r"^(Running |.*\.\.\.|All tests)|\[failed\]|Error:")


def harness_lines(lines):
    """The kernel harness lines of a log worth showing (kernel.md 16.4)."""
    return [l for l in lines if _HARNESS_RE.search(l)]


# ---------------------------------------------------------------------------
# Manifest
# ---------------------------------------------------------------------------

class ManifestError(Exception):
    pass


KNOWN_KEYS = {"name", "kind", "image", "expected", "log", "disk", "dir", "qemu",
              "boots",
              "post"}


class Suite:
    def __init__(self, fields, lineno):
        for key in ("name", "kind", "image", "log"):
            if not fields.get(key):
                raise ManifestError("line %d: missing %s=" % (lineno, key))
        self.name = fields["name"]
        self.kind = fields["kind"]
        if self.kind not in ("kernel", "user"):
            raise ManifestError("line %d: kind must be kernel or user, not %r"
                                % (lineno, self.kind))
        self.image = fields["image"]
        self.log = fields["log"]
        self.disk = fields.get("disk") or None
        self.dir = fields.get("dir") or None
        try:
            self.qemu_extra = shlex.split(fields.get("qemu", ""))
        except ValueError as e:
            raise ManifestError("line %d: qemu=: %s" % (lineno, e))
        boots = fields.get("boots", "1")
        if not re.fullmatch(r"[1-9]", boots):
            raise ManifestError("line %d: boots= must be 1-9, not %r"
                                % (lineno, boots))
        self.boots = int(boots)
        self.post = fields.get("post") or None
        if self.post is not None:
            try:
                if not shlex.split(self.post):
                    raise ValueError("empty command")
            except ValueError as e:
                raise ManifestError("line %d: post=: %s" % (lineno, e))
        if fields.get("expected"):
            exp = fields["expected"]
        elif self.dir:
            exp = os.path.join(self.dir, "expected.txt")
        else:
            exp = None
        # A suite without expected.txt is judged by exit status only.
        self.expected = exp if exp and os.path.isfile(exp) else None
        # expected.png (screenshot suite) and monitor.txt (monitor-script
        # suite) live in dir, or else next to expected.txt.
        png = mon = None
        if self.dir:
            png = os.path.join(self.dir, "expected.png")
            mon = os.path.join(self.dir, "monitor.txt")
        elif exp:
            base = os.path.dirname(exp)
            png = (exp[:-4] + ".png" if exp.endswith(".txt")
                   else os.path.join(base, "expected.png"))
            mon = os.path.join(base, "monitor.txt")
        self.png = png if png and os.path.isfile(png) else None
        self.monitor = mon if mon and os.path.isfile(mon) else None


def parse_manifest(text):
    suites = []
    seen = set()
    for lineno, line in enumerate(text.splitlines(), 1):
        try:
            tokens = shlex.split(line, comments=True)
        except ValueError as e:
            raise ManifestError("line %d: %s" % (lineno, e))
        if not tokens:
            continue
        fields = {}
        for tok in tokens:
            key, eq, value = tok.partition("=")
            if not eq:
                raise ManifestError("line %d: expected key=value, got %r" % (lineno, tok))
            if key not in KNOWN_KEYS:
                raise ManifestError("line %d: unknown key %r" % (lineno, key))
            fields[key] = value
        suite = Suite(fields, lineno)
        if suite.name in seen:
            raise ManifestError("line %d: duplicate suite name %r" % (lineno, suite.name))
        seen.add(suite.name)
        suites.append(suite)
    return suites


# ---------------------------------------------------------------------------
# Running QEMU
# ---------------------------------------------------------------------------

_procs_lock = threading.Lock()
_procs = set()
_aborting = threading.Event()


def _kill_group(proc):
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    except OSError:
        try:
            proc.kill()
        except OSError:
            pass


def kill_all():
    _aborting.set()
    with _procs_lock:
        procs = list(_procs)
    for p in procs:
        _kill_group(p)


class Result:
    def __init__(self, status, detail="", extra=None):
        self.status = status  # "ok", "FAILED", "TIMEOUT"
        self.detail = detail
        self.extra = extra or []
        self.elapsed = 0.0
        self.lines = []
        self.whole = False  # judged the whole run, not one boot


class LogTail:
    """Incrementally reads the log QEMU writes."""

    def __init__(self, path):
        self.path = path
        self.data = bytearray()
        self.f = None
        self.scanned = {}

    def poll(self):
        if self.f is None:
            try:
                self.f = open(self.path, "rb")
            except OSError:
                return self.data
        chunk = self.f.read()
        if chunk:
            self.data += chunk
        return self.data

    def find(self, needle):
        """Poll, then return the offset of needle in the log or -1.  Only new
        data is scanned on each call."""
        if isinstance(needle, str):
            needle = needle.encode()
        start = self.scanned.get(needle, 0)
        self.poll()
        at = self.data.find(needle, start)
        if at < 0:
            self.scanned[needle] = max(0, len(self.data) - len(needle) + 1)
        return at

    def close(self):
        if self.f:
            self.f.close()


class Monitor:
    """A connection to QEMU's human monitor on a Unix socket."""

    def __init__(self, path, deadline, proc):
        self.sock = None
        while time.monotonic() < deadline:
            if os.path.exists(path):
                try:
                    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                    s.connect(path)
                    self.sock = s
                    break
                except OSError:
                    s.close()
            if proc.poll() is not None:
                break
            time.sleep(0.05)
        if self.sock is not None:
            self.read_prompt(2.0)

    def read_prompt(self, timeout):
        """Read until the "(qemu) " prompt appears or timeout passes."""
        end = time.monotonic() + timeout
        buf = b""
        while time.monotonic() < end:
            self.sock.settimeout(max(0.01, end - time.monotonic()))
            try:
                chunk = self.sock.recv(65536)
            except socket.timeout:
                break
            except OSError:
                break
            if not chunk:
                break
            buf += chunk
            if buf.rstrip().endswith(b"(qemu)"):
                break
        return buf

    def send(self, cmd, wait_reply=1.0):
        try:
            self.sock.sendall(cmd.encode() + b"\n")
        except OSError:
            return False
        if wait_reply:
            self.read_prompt(wait_reply)
        return True

    def close(self):
        if self.sock is not None:
            try:
                self.sock.close()
            except OSError:
                pass


def build_command(suite, vars_copy, monitor_sock, debug_exit):
    cmd = QEMU + [
        "-nodefaults", "-machine", "q35", "-m", "1G",
        "-serial", "stdio", "-boot", "menu=off",
        "-device", "virtio-gpu-pci,addr=01.0",
        "-device", "virtio-mouse-pci,addr=02.0",
        "-device", "virtio-keyboard-pci,addr=03.0",
        "-drive", "if=pflash,format=raw,readonly=on,file=" + OVMF_CODE,
        "-drive", "if=pflash,format=raw,file=" + vars_copy,
        # The boot disk hangs off q35's built-in AHCI (00:1f.2), so it takes
        # no PCI slot of its own.
        "-drive", "format=raw,file=%s,if=none,id=boot,snapshot=on" % suite.image,
        "-device", "ide-hd,drive=boot,bus=ide.0,bootindex=0",
    ]
    if suite.disk:
        cmd += ["-drive", "file=%s,if=none,format=raw,id=blk0" % suite.disk,
                "-device", "virtio-blk-pci,drive=blk0,addr=04.0"]
    cmd += ["-display", "none", "-accel", "tcg"]
    if debug_exit:
        cmd += ["-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"]
    if monitor_sock:
        cmd += ["-monitor", "unix:%s,server,nowait" % monitor_sock]
    cmd += suite.qemu_extra
    return cmd


def parse_monitor_script(text):
    """Parse monitor.txt into steps ("sleep", seconds), ("wait-log", text),
    ("serial", bytes) or ("send", command).  Raises ValueError on a malformed
    sleep line or a bad escape in a serial line."""
    steps = []
    for lineno, line in enumerate(text.splitlines(), 1):
        s = line.strip()
        if not s:
            continue
        if s.startswith("#"):
            m = re.match(r"#\s*@wait-log\s+(.*\S)", s)
            if m:
                steps.append(("wait-log", m.group(1)))
            m = re.match(r"#\s*@serial\s+(.*\S)", s)
            if m:
                try:
                    text = m.group(1).encode("latin-1").decode("unicode_escape")
                    steps.append(("serial", text.encode("latin-1")))
                except (UnicodeError, ValueError):
                    raise ValueError("monitor.txt line %d: bad escape in %r"
                                     % (lineno, m.group(1)))
            continue
        if s == "sleep" or s.startswith("sleep ") or s.startswith("sleep\t"):
            arg = s[5:].strip()
            try:
                secs = float(arg)
                if secs < 0 or secs != secs:
                    raise ValueError
            except ValueError:
                raise ValueError("monitor.txt line %d: bad sleep %r" % (lineno, arg))
            steps.append(("sleep", secs))
            continue
        steps.append(("send", s))
    return steps


POST_TIMEOUT = 120


def post_command(suite):
    """The suite's post= command as an argument list, placeholders filled."""
    values = {"disk": suite.disk or "", "dir": suite.dir or "",
              "log": suite.log, "image": suite.image, "name": suite.name}
    args = []
    for word in shlex.split(suite.post):
        for key, val in values.items():
            word = word.replace("{%s}" % key, val)
        args.append(word)
    return args


def run_post(suite):
    """Runs the post= check.  Returns None when it passed, else a failing
    Result."""
    args = post_command(suite)
    try:
        p = subprocess.run(args, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=POST_TIMEOUT)
    except OSError as e:
        return Result("FAILED", "post check cannot run: %s: %s"
                      % (args[0], e.strerror or e))
    except subprocess.TimeoutExpired:
        return Result("FAILED", "post check timed out after %d s: %s"
                      % (POST_TIMEOUT, " ".join(args)))
    if p.returncode == 0:
        return None
    out = p.stdout.decode(errors="replace").rstrip("\n").split("\n")
    extra = ["post check output:"] + ["  " + l for l in out[-TAIL_LINES:]]
    return Result("FAILED", "post check failed (exit %d): %s"
                  % (p.returncode, " ".join(args)), extra)


class Run:
    """The QEMU boots of one suite (one, or boots= of them)."""

    def __init__(self, suite, timeout):
        self.suite = suite
        self.timeout = timeout
        self.boot = 1  # which of suite.boots is running
        self.proc = None
        self.timed_out = False
        self.stopped_by_verdict = False
        self.stopped_when_matched = False
        # Log offset after what the script's last wait-log found.
        self.script_mark = None

    # -- helpers ----------------------------------------------------------
    def _matched(self, expected, tail):
        """Poll the log; True when it satisfies expected."""
        tail.poll()
        msgs = extract_messages(log_lines(tail.data), self.suite.kind)
        return check_expected(expected, msgs) is None

    def wait_exit(self, deadline, tail=None, watch_verdict=False,
                  watch_expected=None):
        """Wait until QEMU exits, or the deadline (-> timed_out, killed), or a
        verdict line appears (-> stopped_by_verdict, killed), or the log
        satisfies watch_expected, an Expected (-> stopped_when_matched,
        killed; checked every 0.2 s while the log grows)."""
        seen_at = None
        checked_len = -1
        next_check = 0.0
        while True:
            if self.proc.poll() is not None:
                return
            now = time.monotonic()
            if watch_expected is not None and tail is not None and \
                    (now >= next_check or now >= deadline):
                next_check = now + 0.2
                tail.poll()
                if len(tail.data) != checked_len:
                    checked_len = len(tail.data)
                    if self._matched(watch_expected, tail):
                        self.stop()
                        # Unless QEMU left by itself meanwhile (judged as
                        # usual), the kill ends a run that passed.
                        self.stopped_when_matched = \
                            self.proc.returncode == -signal.SIGKILL
                        return
            if watch_verdict and tail is not None:
                at = tail.find(VERDICT_MARKER)
                data = tail.data
                if at >= 0:
                    if seen_at is None:
                        seen_at = now
                    # Let the rest of the line (and a little more) arrive.
                    if (data.find(b"\n", at) >= 0 and now - seen_at >= 0.2) \
                            or now - seen_at >= 1.0:
                        self.stopped_by_verdict = True
                        self.stop()
                        return
            if now >= deadline:
                self.timed_out = True
                self.stop()
                return
            time.sleep(0.05)

    def stop(self):
        _kill_group(self.proc)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass

    # -- main -------------------------------------------------------------
    def run(self):
        suite = self.suite
        for path, what in ((suite.image, "image"), (suite.disk, "disk")):
            if path and not os.path.isfile(path):
                return Result("FAILED", "%s not found: %s" % (what, path))
        expected = None
        if suite.expected:
            try:
                with open(suite.expected, encoding="utf-8", errors="replace") as f:
                    expected = parse_expected(f.read())
            except OSError as e:
                return Result("FAILED", "cannot read %s: %s" % (suite.expected, e))
            except ExpectedError as e:
                return Result("FAILED", str(e), ["in " + suite.expected])
            if suite.png and (expected.stop_when_matched
                              or expected.expect_exit is not None):
                return Result("FAILED", "'# @stop-when-matched' and "
                              "'# @expect-exit' do not apply to screenshot "
                              "suites (they quit through the monitor)")
        script = None
        if suite.monitor:
            try:
                with open(suite.monitor, encoding="utf-8") as f:
                    script = parse_monitor_script(f.read())
            except (OSError, ValueError) as e:
                return Result("FAILED", str(e))
        if suite.png and not (shutil.which("convert") and shutil.which("compare")):
            return Result("FAILED", "ImageMagick missing: 'convert' and 'compare' "
                          "are needed to compare screenshots")
        if suite.boots > 1 and (suite.png or script is not None or (
                expected is not None and (expected.verdict_line
                                          or expected.stop_when_matched))):
            return Result("FAILED", "boots=%d does not apply to screenshot, "
                          "monitor-script, '# @verdict-line' or "
                          "'# @stop-when-matched' suites" % suite.boots)

        logdir = os.path.dirname(os.path.abspath(suite.log))
        os.makedirs(logdir, exist_ok=True)
        tmp = tempfile.mkdtemp(prefix=".%s." % suite.name, dir=logdir)
        tmp_sock_dir = None
        try:
            vars_copy = os.path.join(tmp, "OVMF_VARS.fd")
            shutil.copyfile(OVMF_VARS, vars_copy)
            sock = None
            if suite.png or script is not None:
                sock = os.path.join(tmp, "monitor.sock")
                if len(sock.encode()) > 100:  # sun_path limit is 108 bytes
                    tmp_sock_dir = tempfile.mkdtemp(prefix="panda-test-")
                    sock = os.path.join(tmp_sock_dir, "monitor.sock")
            cmd = build_command(suite, vars_copy, sock, debug_exit=not suite.png)
            serial_in = any(k == "serial" for k, _ in script or [])
            for boot in range(1, suite.boots + 1):
                self.boot = boot
                if boot > 1:
                    shutil.copyfile(OVMF_VARS, vars_copy)
                res = self._boot(cmd, sock, expected, script, logdir, serial_in)
                if res.status != "ok" and suite.boots > 1 and not res.whole:
                    res.detail = "boot %d of %d%s" % (
                        boot, suite.boots, ": " + res.detail if res.detail else "")
                if res.status != "ok":
                    return res
            return res
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
            if tmp_sock_dir:
                shutil.rmtree(tmp_sock_dir, ignore_errors=True)

    def _boot(self, cmd, sock, expected, script, logdir, serial_in=False):
        suite = self.suite
        start = time.monotonic()
        deadline = start + self.timeout
        watch_verdict = bool(expected and expected.verdict_line)
        watch_expected = (expected if expected and expected.stop_when_matched
                          else None)
        with open(suite.log, "wb" if self.boot == 1 else "ab") as logf:
            if self.boot > 1:
                logf.write(b"=== runtests.py: boot %d of %d (same disk) ===\n"
                           % (self.boot, suite.boots))
                logf.flush()
            with _procs_lock:
                if _aborting.is_set():
                    return Result("FAILED", "interrupted")
                try:
                    self.proc = subprocess.Popen(
                        cmd, stdin=subprocess.PIPE if serial_in
                        else subprocess.DEVNULL, stdout=logf,
                        stderr=subprocess.STDOUT, start_new_session=True)
                except OSError as e:
                    return Result("FAILED", "cannot start %s: %s" % (cmd[0], e))
                _procs.add(self.proc)
        tail = LogTail(suite.log)
        mon = None
        shot = None
        try:
            if suite.png:
                mon = Monitor(sock, min(deadline, start + 5), self.proc)
                if mon.sock is None:
                    if self.proc.poll() is not None:
                        return Result("FAILED", "QEMU exited before screenshot "
                                      "ready (exit %s)" % self.proc.returncode)
                    return Result("FAILED", "QEMU monitor socket did not appear")
                after = 0
                if script is not None:
                    r = self._run_script(mon, script, tail, deadline)
                    if r is not None:
                        return r
                    tail.poll()
                    after = (self.script_mark if self.script_mark is not None
                             else len(tail.data))
                    deadline = time.monotonic() + self.timeout
                shot = self._screenshot(mon, tail, deadline, logdir, after)
                if isinstance(shot, Result):
                    return shot
            elif script is not None:
                mon = Monitor(sock, min(deadline, start + 5), self.proc)
                if mon.sock is None:
                    if self.proc.poll() is not None:
                        self.proc.wait()
                    else:
                        return Result("FAILED", "QEMU monitor socket did not appear")
                else:
                    r = self._run_script(mon, script, tail, deadline)
                    if r is not None:
                        return r
                    # Spec 17.7: after the script, wait up to the timeout.
                    deadline = time.monotonic() + self.timeout
                self.wait_exit(deadline, tail, watch_verdict, watch_expected)
            else:
                self.wait_exit(deadline, tail, watch_verdict, watch_expected)
        finally:
            if mon is not None:
                mon.close()
            if self.proc.poll() is None:
                self.stop()
            if self.proc.stdin is not None:
                try:
                    self.proc.stdin.close()
                except OSError:
                    pass
            with _procs_lock:
                _procs.discard(self.proc)
            tail.close()
        return self._judge(expected, shot)

    def _screenshot(self, mon, tail, deadline, logdir, after=0):
        """Spec 17.6: the screenshot at the first marker at or after log
        offset after.  Returns a failing Result, or a (failure message or
        None) tuple when the screen was captured."""
        suite = self.suite
        marker = SCREENSHOT_MARKER.encode()

        def ready():
            tail.poll()
            return tail.data.find(marker, after) >= 0

        while True:
            if ready():
                break
            if self.proc.poll() is not None:
                if ready():
                    break
                return Result("FAILED", "QEMU exited before screenshot ready (exit %s)"
                              % self.proc.returncode)
            if time.monotonic() >= deadline:
                self.timed_out = True
                self.stop()
                return Result("TIMEOUT")
            time.sleep(0.1)
        ppm = os.path.join(logdir, suite.name + "_actual.ppm")
        png = os.path.join(logdir, suite.name + "_actual.png")
        diff = os.path.join(logdir, suite.name + "_diff.png")
        for p in (ppm, png, diff):
            if os.path.exists(p):
                os.unlink(p)
        time.sleep(0.2)
        t0 = time.monotonic()
        mon.send("screendump " + ppm, wait_reply=5.0)
        time.sleep(max(0.0, 0.3 - (time.monotonic() - t0)))
        mon.send("quit", wait_reply=0)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.stop()
            return Result("FAILED", "QEMU did not quit through the monitor")
        if not os.path.isfile(ppm) or os.path.getsize(ppm) == 0:
            return Result("FAILED", "screenshot not captured: " + ppm)
        r = subprocess.run(["convert", ppm, png], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT)
        if r.returncode != 0 or not os.path.isfile(png):
            return Result("FAILED", "cannot convert %s to PNG" % ppm,
                          [r.stdout.decode(errors="replace").strip()])
        os.unlink(ppm)
        r = subprocess.run(["compare", "-metric", "AE", "-fuzz", "1%",
                            suite.png, png, diff],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        out = r.stdout.decode(errors="replace").strip()
        words = out.split()
        where = ["expected: " + suite.png, "actual:   " + png]
        if os.path.isfile(diff):
            where.append("diff:     " + diff)
        if not words or not re.fullmatch(r"\d+", words[0]):
            return ("screenshot comparison gave no pixel count: %r"
                    % out[:200], where)
        count = int(words[0])
        if count > SCREENSHOT_MAX_DIFF:
            return ("screenshot differs from expected (%d pixels > %d)"
                    % (count, SCREENSHOT_MAX_DIFF), where
                    + ["to accept it: cp %s %s" % (png, suite.png)])
        for p in (png, diff):
            if os.path.exists(p):
                os.unlink(p)
        return (None, [])

    def _run_script(self, mon, script, tail, deadline):
        """Spec 17.7.  Returns a Result when the run is over early."""
        for kind, arg in script:
            if self.proc.poll() is not None:
                return None  # QEMU left; judge what we have
            if kind == "sleep":
                end = time.monotonic() + arg
                while time.monotonic() < end and self.proc.poll() is None:
                    time.sleep(min(0.05, max(0.0, end - time.monotonic())))
            elif kind == "wait-log":
                while True:
                    at = tail.find(arg)
                    if at >= 0:
                        self.script_mark = at + len(arg.encode())
                        break
                    if self.proc.poll() is not None:
                        return None
                    if time.monotonic() >= deadline:
                        self.timed_out = True
                        self.stop()
                        return Result("TIMEOUT")
                    time.sleep(0.1)
            elif kind == "serial":
                try:
                    self.proc.stdin.write(arg)
                    self.proc.stdin.flush()
                except (OSError, ValueError):
                    return None  # QEMU left; judge what we have
                time.sleep(0.1)
            else:
                t0 = time.monotonic()
                mon.send(arg, wait_reply=1.0)
                time.sleep(max(0.0, 0.1 - (time.monotonic() - t0)))
        return None

    def _judge(self, expected, shot):
        suite = self.suite
        try:
            with open(suite.log, "rb") as f:
                data = f.read()
        except OSError:
            data = b""
        lines = log_lines(data)
        # Before the last boot only the exit status counts; then the log
        # of all boots and post= judge the suite as a whole.
        res = self._verdict(expected, shot, lines)
        if res.status == "ok" and self.boot == suite.boots:
            if expected is not None:
                msg = check_expected(expected,
                                     extract_messages(lines, suite.kind))
                if msg:
                    res = Result("FAILED", msg)
            if res.status == "ok" and suite.post:
                res = run_post(suite) or res
            res.whole = True
        res.lines = lines
        return res

    def _verdict(self, expected, shot, lines):
        """How the boot ended (exit status, verdict line, screenshot)."""
        suite = self.suite
        if self.timed_out:
            if expected is not None and expected.stop_when_matched:
                # Name the pattern still missing.
                msg = check_expected(expected, extract_messages(lines, suite.kind))
                return Result("TIMEOUT", msg or "")
            return Result("TIMEOUT")
        if self.stopped_when_matched:
            return Result("ok")  # the expected check passed when QEMU was stopped
        rc = self.proc.returncode
        want = EXIT_PASS
        if expected is not None and expected.expect_exit is not None:
            want = expected.expect_exit
        if shot is not None:
            msg, extra = shot
            if msg:
                return Result("FAILED", msg, extra)
        elif expected is not None and expected.verdict_line:
            v = parse_verdict(lines)
            if v is None:
                return Result("FAILED", "no PANDA-TEST-RESULT line (exit %s)" % rc)
            if v[0] != "pass":
                return Result("FAILED", "verdict: fail %s" % v[1] if v[1] else "verdict: fail")
        elif rc != want:
            if rc is not None and rc < 0:
                msg = "QEMU killed by signal %d" % -rc
            else:
                msg = "exit %s" % rc
            if want != EXIT_PASS:
                msg += ", expected %d" % want
            return Result("FAILED", msg)
        return Result("ok")


def run_suite(suite, timeout):
    start = time.monotonic()
    if _aborting.is_set():
        res = Result("FAILED", "interrupted")
    else:
        run = Run(suite, timeout)
        try:
            res = run.run()
        except Exception as e:  # report, don't kill the whole run
            res = Result("FAILED", "runner error: %s: %s" % (type(e).__name__, e))
        if res.status != "ok" and not res.lines and run.proc is not None:
            try:
                with open(suite.log, "rb") as f:
                    res.lines = log_lines(f.read())
            except OSError:
                pass
    res.elapsed = time.monotonic() - start
    return res


# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------

def _fmt_secs(s):
    return ("%g" % s)


def report(index, total, suite, res, timeout, out):
    head = "[%d/%d] %s ... " % (index, total, suite.name)
    if res.status == "ok":
        out.write(head + "ok (%.1f s)\n" % res.elapsed)
    elif res.status == "TIMEOUT":
        out.write(head + "TIMEOUT (%s s)%s\n" % (
            _fmt_secs(timeout), ": " + res.detail if res.detail else ""))
    else:
        out.write(head + "FAILED (%s)\n" % res.detail)
    if res.status != "ok":
        for l in res.extra:
            out.write("    %s\n" % l)
        if suite.kind == "kernel" and res.lines:
            hl = harness_lines(res.lines)
            if hl:
                out.write("    harness output:\n")
                for l in hl:
                    out.write("      %s\n" % l)
        if res.lines:
            out.write("    last %d log lines:\n" % min(TAIL_LINES, len(res.lines)))
            for l in res.lines[-TAIL_LINES:]:
                out.write("      %s\n" % l)
        out.write("    log: %s\n" % suite.log)
    out.flush()


def main(argv=None):
    ap = argparse.ArgumentParser(
        description="Boot Panda test suites in QEMU and judge them.")
    ap.add_argument("--manifest", required=True, help="suite manifest file")
    ap.add_argument("--jobs", type=int, default=2, help="parallel QEMUs (default 2)")
    ap.add_argument("--timeout", type=float, default=60,
                    help="seconds per suite (default 60)")
    ap.add_argument("--only", help="comma-separated suite names to run")
    ap.add_argument("--list", action="store_true", help="list suite names and exit")
    args = ap.parse_args(argv)
    if args.jobs < 1:
        ap.error("--jobs must be at least 1")
    if args.timeout <= 0:
        ap.error("--timeout must be positive")

    try:
        with open(args.manifest, encoding="utf-8") as f:
            suites = parse_manifest(f.read())
    except OSError as e:
        print("Error: cannot read manifest %s: %s" % (args.manifest, e.strerror),
              file=sys.stderr)
        return 2
    except ManifestError as e:
        print("Error: %s: %s" % (args.manifest, e), file=sys.stderr)
        return 2

    if args.only:
        by_name = {s.name: s for s in suites}
        chosen = []
        for name in [n.strip() for n in args.only.split(",") if n.strip()]:
            if name not in by_name:
                print("Error: Test '%s' not found" % name, file=sys.stderr)
                return 2
            if by_name[name] not in chosen:
                chosen.append(by_name[name])
        suites = chosen

    if args.list:
        for s in suites:
            print(s.name)
        return 0

    if suites:
        if not QEMU or shutil.which(QEMU[0]) is None:
            print("Error: %s not found (apt-get install qemu-system-x86)"
                  % " ".join(QEMU),
                  file=sys.stderr)
            return 2
        for fw in (OVMF_CODE, OVMF_VARS):
            if not os.path.isfile(fw):
                print("Error: %s not found (apt-get install ovmf)" % fw, file=sys.stderr)
                return 2

    def on_term(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_term)
    out = sys.stdout
    passed = failed = 0
    pool = ThreadPoolExecutor(max_workers=args.jobs)
    try:
        futures = {pool.submit(run_suite, s, args.timeout): s for s in suites}
        for i, fut in enumerate(as_completed(futures), 1):
            s = futures[fut]
            res = fut.result()
            if res.status == "ok":
                passed += 1
            else:
                failed += 1
            report(i, len(suites), s, res, args.timeout, out)
    except KeyboardInterrupt:
        kill_all()
        pool.shutdown(wait=False, cancel_futures=True)
        # Give the workers a moment to remove their temporary directories.
        try:
            wait_futures(futures, timeout=5)
        except BaseException:
            pass
        out.write("\nInterrupted; all QEMU processes killed.\n")
        out.write("%d passed, %d failed\n" % (passed, failed))
        out.flush()
        os._exit(130)
    pool.shutdown(wait=True)
    out.write("%d passed, %d failed\n" % (passed, failed))
    out.flush()
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
