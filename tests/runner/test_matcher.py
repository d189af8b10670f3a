#!/usr/bin/env python3
"""Self-tests of the expected-log matcher of scripts/runtests.py
(spec kernel.md 17.3/17.4, tests.md 1.3/1.4).

Run from the repository root with
    python3 -m unittest discover -s tests/runner -t .
or directly:
    python3 tests/runner/test_matcher.py
"""

import importlib.util
import os
import sys
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def load_runtests():
    name = "panda_runtests"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(
        name, os.path.join(ROOT, "scripts", "runtests.py"))
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


rt = load_runtests()


def check(expected_text, messages):
    return rt.check_expected(rt.parse_expected(expected_text), messages)


SPEC_EXAMPLE = """\
# @unordered
# the two workers start in either order
worker A: started
worker B: started
# @barrier
worker A: finished
worker B: finished
# @barrier
# and only then does the parent report
parent: both workers reaped
"""


class AnsiAndLines(unittest.TestCase):
    def test_strip_colour(self):
        self.assertEqual(rt.strip_ansi("\x1b[32mINFO\x1b[0m: x"), "INFO: x")

    def test_strip_ovmf_sequences(self):
        self.assertEqual(
            rt.strip_ansi("\x1b[2J\x1b[01;01H\x1b[=3h\x1b[2J\x1b[01;01HBdsDxe: x"),
            "BdsDxe: x")

    def test_strip_private_and_osc(self):
        self.assertEqual(rt.strip_ansi("a\x1b[?25lb\x1b]0;title\x07c\x1bcd"), "abcd")

    def test_carriage_returns_removed(self):
        self.assertEqual(rt.strip_ansi("line\r"), "line")

    def test_log_lines_bytes(self):
        raw = b"\x1b[1mone\x1b[0m\r\ntwo\r\n\xff three\r\n"
        self.assertEqual(rt.log_lines(raw), ["one", "two", "\ufffd three"])

    def test_log_lines_keeps_empty_lines(self):
        self.assertEqual(rt.log_lines("a\r\n\r\nb"), ["a", "", "b"])


class Extraction(unittest.TestCase):
    LOG = ("BdsDxe: starting Boot0001\r\n"
           "[init.c:3] INFO: LOG: hello\r\n"
           "[kernel] INFO: something else\r\n"
           "\x1b[32m[t.c:9] INFO: LOG: coloured\x1b[0m\r\n"
           "[t.c:10] INFO: LOG: \r\n"
           "[t.c:11] INFO: LOG: has INFO: LOG: inside\r\n")

    def test_user_messages(self):
        self.assertEqual(rt.extract_messages(self.LOG, "user"),
                         ["hello", "coloured", "", "has INFO: LOG: inside"])

    def test_kernel_messages_are_all_lines(self):
        msgs = rt.extract_messages(self.LOG, "kernel")
        self.assertEqual(len(msgs), 6)
        self.assertEqual(msgs[0], "BdsDxe: starting Boot0001")
        self.assertEqual(msgs[3], "[t.c:9] INFO: LOG: coloured")

    def test_accepts_line_list(self):
        self.assertEqual(rt.extract_messages(["x INFO: LOG: y", "z"], "user"), ["y"])

    def test_unknown_kind(self):
        with self.assertRaises(ValueError):
            rt.extract_messages("", "other")


class Parsing(unittest.TestCase):
    def test_ordered_comments_and_blanks(self):
        e = rt.parse_expected("# comment\n\n   \nfirst\n#second\n  third\n")
        self.assertEqual(e.mode, "ordered")
        self.assertEqual(e.patterns, [(4, "first"), (6, "  third")])
        self.assertFalse(e.verdict_line)

    def test_crlf(self):
        e = rt.parse_expected("a\r\n# c\r\nb\r\n")
        self.assertEqual(e.patterns, [(1, "a"), (3, "b")])

    def test_verdict_line_directive_ordered(self):
        e = rt.parse_expected("# @verdict-line\nready\n")
        self.assertTrue(e.verdict_line)
        self.assertEqual(e.patterns, [(2, "ready")])

    def test_unordered_sections(self):
        e = rt.parse_expected(SPEC_EXAMPLE)
        self.assertEqual(e.mode, "unordered")
        self.assertEqual(
            [[p for _, p in s] for s in e.sections],
            [["worker A: started", "worker B: started"],
             ["worker A: finished", "worker B: finished"],
             ["parent: both workers reaped"]])

    def test_unordered_anywhere(self):
        e = rt.parse_expected("x\n# @unordered\ny\n")
        self.assertEqual(e.mode, "unordered")
        self.assertEqual(e.sections, [[(1, "x"), (3, "y")]])

    def test_unordered_comment_rules(self):
        # ("# @other" was a pattern here until unknown directives became
        # errors; see Directives.)
        text = ("# @unordered\n#\n#   \n# plain comment\n#  @two spaces: comment\n"
                "# @verdict-line\n#nospace\n#@nospace too\n# @barrier   \nz\n")
        e = rt.parse_expected(text)
        self.assertTrue(e.verdict_line)
        self.assertEqual(e.sections, [[(7, "#nospace"), (8, "#@nospace too")], [(10, "z")]])


class Directives(unittest.TestCase):
    def test_defaults(self):
        e = rt.parse_expected("a\n")
        self.assertFalse(e.stop_when_matched)
        self.assertIsNone(e.expect_exit)

    def test_not_patterns_ordered(self):
        e = rt.parse_expected("# @stop-when-matched\nready\n# @expect-exit 35\n"
                              "# @barrier\n#@typo is a comment\n#  @so is this\nidle\n")
        self.assertEqual(e.mode, "ordered")
        self.assertTrue(e.stop_when_matched)
        self.assertEqual(e.expect_exit, 35)
        self.assertEqual(e.patterns, [(2, "ready"), (7, "idle")])

    def test_not_patterns_unordered(self):
        e = rt.parse_expected("# @unordered workers in any order\n# @stop-when-matched\r\n"
                              "a\n# @barrier\n# @expect-exit 0\nb\n")
        self.assertEqual(e.mode, "unordered")
        self.assertTrue(e.stop_when_matched)
        self.assertEqual(e.expect_exit, 0)
        self.assertEqual(e.sections, [[(3, "a")], [(6, "b")]])
        self.assertIsNone(rt.check_expected(e, ["b", "a", "b"]))

    def test_unknown_is_an_error(self):
        for text, word in (("# @stop-when-mached\nready\n", "stop-when-mached"),
                           ("ready\n# @expect_exit 35\n", "expect_exit"),
                           ("# @unordered\n# @barier\na\n", "barier"),
                           ("# @unordered\n# @other\n", "other"),
                           ("# @unordered-ish\na\n", "unordered-ish"),
                           ("# @\n", "")):
            with self.assertRaises(rt.ExpectedError, msg=text) as cm:
                rt.parse_expected(text)
            self.assertEqual(str(cm.exception), "unknown directive '# @%s'" % word)
        with self.assertRaises(ValueError):  # ExpectedError is a ValueError
            rt.check_expected("# @nope\n", [])

    def test_wait_log_belongs_in_monitor_txt(self):
        with self.assertRaises(rt.ExpectedError) as cm:
            rt.parse_expected("# @wait-log ready\nready\n")
        self.assertEqual(str(cm.exception), "unknown directive '# @wait-log' "
                                            "(it belongs in monitor.txt)")

    def test_malformed(self):
        for text, msg in (
                ("# @expect-exit\na\n", "wants an exit status 0-255, not '' (line 1)"),
                ("a\n# @expect-exit 0x23\n", "not '0x23' (line 2)"),
                ("# @expect-exit 256\n", "not '256'"),
                ("# @expect-exit -1\n", "not '-1'"),
                ("# @expect-exit 35\n# @expect-exit 33\n",
                 "conflicting '# @expect-exit' directives (line 2)"),
                ("# @stop-when-matched now\na\n",
                 "directive '# @stop-when-matched' takes no argument (line 1)"),
                ("# @unordered\n# @barrier 2\n", "'# @barrier' takes no argument"),
                ("# @verdict-line\n# @stop-when-matched\na\n",
                 "'# @verdict-line' cannot be combined with '# @stop-when-matched'"),
                ("# @expect-exit 35\n# @verdict-line\n",
                 "'# @verdict-line' cannot be combined with '# @expect-exit'"),
                ("# @stop-when-matched\n", "needs at least one pattern"),
                ("# @unordered\n# @stop-when-matched\n# @barrier\n",
                 "needs at least one pattern")):
            with self.assertRaises(rt.ExpectedError, msg=text) as cm:
                rt.parse_expected(text)
            self.assertIn(msg, str(cm.exception))

    def test_repeats_allowed(self):
        e = rt.parse_expected("# @expect-exit 35\n# @expect-exit 35\n"
                              "# @stop-when-matched\n# @stop-when-matched\na\n")
        self.assertEqual((e.expect_exit, e.stop_when_matched), (35, True))


class Ordered(unittest.TestCase):
    MSGS = ["boot", "alpha", "noise", "beta", "gamma"]

    def test_pass_with_gaps(self):
        self.assertIsNone(check("alpha\nbeta\ngamma\n", self.MSGS))

    def test_substring_not_regex(self):
        self.assertIsNone(check("lph\n", self.MSGS))
        self.assertEqual(check("a.pha\n", self.MSGS),
                         "Expected log not found: 'a.pha' (line 1)")

    def test_out_of_order(self):
        self.assertEqual(check("# hdr\nbeta\n\nalpha\n", self.MSGS),
                         "Expected log not found: 'alpha' (line 4)")

    def test_missing(self):
        self.assertEqual(check("alpha\ndelta\n", self.MSGS),
                         "Expected log not found: 'delta' (line 2)")

    def test_matched_message_is_consumed(self):
        self.assertEqual(check("alpha\nalpha\n", self.MSGS),
                         "Expected log not found: 'alpha' (line 2)")
        self.assertIsNone(check("alpha\nalpha\n", ["alpha 1", "alpha 2"]))

    def test_empty_expected_and_empty_log(self):
        self.assertIsNone(check("# nothing\n\n", []))
        self.assertEqual(check("x\n", []), "Expected log not found: 'x' (line 1)")

    def test_verdict_directive_is_not_a_pattern(self):
        self.assertIsNone(check("# @verdict-line\nalpha\n", self.MSGS))

    def test_accepts_text(self):
        self.assertIsNone(rt.check_expected("alpha\n", self.MSGS))


class Unordered(unittest.TestCase):
    def test_spec_example(self):
        msgs = ["worker B: started", "worker A: started", "worker A: finished",
                "worker B: finished", "parent: both workers reaped"]
        self.assertIsNone(check(SPEC_EXAMPLE, msgs))

    def test_spec_example_with_noise(self):
        msgs = ["x", "worker A: started", "y", "worker B: started",
                "worker B: finished", "z", "worker A: finished", "w",
                "parent: both workers reaped", "end"]
        self.assertIsNone(check(SPEC_EXAMPLE, msgs))

    def test_spec_example_barrier_violation(self):
        msgs = ["worker A: started", "worker A: finished", "worker B: started",
                "worker B: finished", "parent: both workers reaped"]
        self.assertEqual(
            check(SPEC_EXAMPLE, msgs),
            "Pattern 'worker A: finished' found at position 2, but barrier "
            "requires position > 3")

    def test_spec_example_parent_too_early(self):
        msgs = ["worker A: started", "worker B: started", "worker A: finished",
                "parent: both workers reaped", "worker B: finished"]
        self.assertEqual(
            check(SPEC_EXAMPLE, msgs),
            "Pattern 'parent: both workers reaped' found at position 4, but "
            "barrier requires position > 5")

    def test_missing(self):
        self.assertEqual(check("# @unordered\nnope\n", ["a"]),
                         "Expected log not found: 'nope'")

    def test_any_order_within_section(self):
        self.assertIsNone(check("# @unordered\nc\na\nb\n", ["b", "c", "a"]))

    def test_no_barrier_means_one_section(self):
        self.assertIsNone(check("# @unordered\nlast\nfirst\n", ["first", "last"]))

    def test_barrier_is_max_position_of_section(self):
        # Section 1 matches 1 and 3, so B = 3: "mid" at 2 is too early.
        text = "# @unordered\na\nc\n# @barrier\nmid\n"
        self.assertEqual(
            check(text, ["a", "mid", "c"]),
            "Pattern 'mid' found at position 2, but barrier requires position > 3")
        self.assertIsNone(check(text, ["a", "mid", "c", "mid"]))

    def test_barrier_reports_latest_early_position(self):
        text = "# @unordered\nz\n# @barrier\na\n"
        self.assertEqual(
            check(text, ["a", "a", "z"]),
            "Pattern 'a' found at position 2, but barrier requires position > 3")

    def test_empty_sections(self):
        text = "# @unordered\n# @barrier\na\n# @barrier\n# @barrier\nb\n"
        self.assertIsNone(check(text, ["a", "b"]))
        self.assertEqual(
            check(text, ["b", "a"]),
            "Pattern 'b' found at position 1, but barrier requires position > 2")

    def test_later_occurrence_after_barrier_counts(self):
        # The reference takes the first occurrence in the whole log and would
        # fail here; the C harness only considers messages after B.
        text = "# @unordered\nready\n# @barrier\ntick\n"
        self.assertIsNone(check(text, ["tick", "ready", "tick"]))

    def test_duplicate_patterns_need_distinct_messages(self):
        text = "# @unordered\nchild exited\nchild exited\n"
        self.assertIsNone(check(text, ["child exited 1", "x", "child exited 2"]))
        msg = check(text, ["child exited 1", "x"])
        self.assertTrue(msg.startswith("Expected log not found: 'child exited'"), msg)

    def test_duplicates_take_earliest_messages(self):
        # Two "tick"s take messages 1 and 2, so B = 2 and "tock" at 3 passes.
        text = "# @unordered\ntick\ntick\n# @barrier\ntock\n"
        self.assertIsNone(check(text, ["tick", "tick", "tock", "tick"]))

    def test_duplicates_only_after_barrier(self):
        text = "# @unordered\nstart\n# @barrier\nping\nping\n"
        self.assertIsNone(check(text, ["ping", "start", "ping", "ping"]))
        self.assertEqual(
            check(text, ["ping", "ping", "start", "ping"]),
            "Expected log not found: 'ping' (the 1 matching message(s) after "
            "position 3 are taken by other patterns of this section)")

    def test_duplicates_all_before_barrier(self):
        text = "# @unordered\nstart\n# @barrier\nping\nping\n"
        self.assertEqual(
            check(text, ["ping", "ping", "start"]),
            "Pattern 'ping' found at position 2, but barrier requires position > 3")

    def test_overlapping_patterns_are_assigned_distinct_messages(self):
        # "x" first takes message 1 but gives it up to "x y", which needs it.
        self.assertIsNone(check("# @unordered\nx\nx y\n", ["x y", "x"]))
        self.assertTrue(check("# @unordered\nx\nx y\n", ["x y"]).startswith(
            "Expected log not found: 'x y'"))

    def test_keyboard_style_sequence(self):
        text = "# @unordered\n" + "".join(
            "Key '%s' pressed\nKey '%s' released\n# @barrier\n" % (k, k) for k in "abc")
        msgs = []
        for k in "abc":
            msgs += ["Key '%s' pressed" % k, "Key '%s' released" % k]
        self.assertIsNone(check(text, msgs))
        msgs[1], msgs[2] = msgs[2], msgs[1]  # b pressed before a released
        self.assertEqual(
            check(text, msgs),
            "Pattern 'Key 'b' pressed' found at position 2, but barrier "
            "requires position > 3")


class Verdict(unittest.TestCase):
    def test_none(self):
        self.assertIsNone(rt.parse_verdict(["a", "b"]))

    def test_pass(self):
        self.assertEqual(rt.parse_verdict(["[d.c:1] INFO: LOG: PANDA-TEST-RESULT: pass"]),
                         ("pass", ""))

    def test_fail_with_reason(self):
        self.assertEqual(rt.parse_verdict(["PANDA-TEST-RESULT: fail svc died  "]),
                         ("fail", "svc died"))
        self.assertEqual(rt.parse_verdict(["PANDA-TEST-RESULT: fail"]), ("fail", ""))

    def test_first_wins(self):
        self.assertEqual(rt.parse_verdict(["PANDA-TEST-RESULT: fail x",
                                           "PANDA-TEST-RESULT: pass"]), ("fail", "x"))

    def test_malformed_is_failure(self):
        self.assertEqual(rt.parse_verdict(["PANDA-TEST-RESULT: passed"])[0], "fail")


class Harness(unittest.TestCase):
    def test_harness_lines(self):
        lines = ["BdsDxe: starting", "Running 3 tests", "heap::alloc...\t[ok]",
                 "heap::free...\t[failed]", "", "Error: panicked at heap.c:3",
                 "All tests passed!", "other"]
        self.assertEqual(rt.harness_lines(lines), lines[1:4] + lines[5:7])


if __name__ == "__main__":
    unittest.main()
