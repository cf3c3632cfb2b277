"""The Jupyter kernel conformance suite (jupyter_kernel_test) with Java samples, once per JDK.

One TestCase class per kernel under test is generated below (TestConformance_default,
TestConformance_jdk25, ...). Only the generated classes derive from unittest.TestCase: pytest collects
every TestCase it finds in this module, so jupyter_kernel_test is imported as a module, not by name.
"""
from __future__ import annotations

import jupyter_kernel_test

from harness import KERNEL_NAMES, kernel_id


class JavaSamples:
    """Samples for every test jupyter_kernel_test has, plus a few checks of our own."""

    language_name = "java"
    file_extension = ".jshell"  # JShell scripts; what "Download as" / nbconvert --to script uses

    code_hello_world = 'System.out.println("hello, world");'
    code_stderr = 'System.err.println("to stderr");'

    # 'matches' must equal the full set the kernel returns, so these prefixes have exactly one
    # member on JDK 17 through 25 (JShell's continuations: a method's name and its open parenthesis).
    completion_samples = [
        {"text": "System.out.printl", "matches": {"println("}},
        {"text": "Thread.sle", "matches": {"sleep("}},
        {"text": "Math.ma", "matches": {"max("}},
    ]

    complete_code_samples = ["1 + 1", "int x = 1;", 'System.out.println("hi");', "void f() { }"]
    incomplete_code_samples = ["for (int i = 0; i < 3; i++) {", 'String s = "a" +', "void g() {",
                               "int[] a = {1, 2"]
    invalid_code_samples = ["1 +* 2;", ")", "}", 'String s = "abc']

    code_generate_error = 'throw new RuntimeException("boom");'

    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": "Math.max(3, 9)", "result": "9"},
        {"code": "List.of(1, 2, 3)", "result": "[1, 2, 3]"},
    ]

    code_display_data = [
        {"code": 'display("<b>hi</b>", "text/html");', "mime": "text/html"},
        {"code": 'display("just text");', "mime": "text/plain"},
    ]

    supported_history_operations = ("tail", "range", "search")
    code_history_pattern = "6 *"  # a glob over whole inputs, as IPython's history search: matches "6 * 7" only

    code_inspect_sample = "Math.max"

    code_clear_output = "clearOutput();"

    # jupyter_kernel_test allows 15 s per reply. A JVM kernel's first cell compiles JShell's own code
    # (seconds on a busy 2-core machine), so warm it up once, untimed, and allow 60 s per cell.
    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()  # type: ignore[misc]
        reply = cls.kc.execute_interactive("1 + 1", store_history=False, timeout=120,
                                           output_hook=lambda msg: None)
        assert reply["content"]["status"] == "ok", reply["content"]

    def execute_helper(self, code, timeout=60, **kw):  # type: ignore[no-untyped-def]
        # After the reply, jupyter_kernel_test reads IOPub with 0.1 s per message until `idle`: a kernel
        # thread descheduled for 0.1 s between reply and idle (2 cores, JIT threads, spare worker JVMs
        # warming up) failed a CI run once. The checks of every message stay as they are; only the wait
        # for each IOPub message becomes as generous as the reply's.
        iopub = self.kc.iopub_channel
        get_msg = iopub.get_msg
        iopub.get_msg = lambda timeout=None, **k: get_msg(timeout=None if timeout is None else max(timeout, 10), **k)
        try:
            return super().execute_helper(code, timeout=timeout, **kw)  # type: ignore[misc]
        finally:
            del iopub.get_msg  # the instance attribute; the class's method is back

    # -- beyond jupyter_kernel_test ------------------------------------------------------------
    def test_completion_applies(self) -> None:
        """Replacing code[cursor_start:cursor_end] with a match gives the completed code (the front
        end's view of the reply), also after a non-ASCII character (positions are code points)."""
        for code, expected in [("Math.ma", "Math.max("), ('String é = "x"; Math.ma', 'String é = "x"; Math.max('),
                               ("List.o", "List.of(")]:
            with self.subTest(code=code):
                self.flush_channels()
                msg_id = self.kc.complete(code, len(code))
                reply = self.get_non_kernel_info_reply(timeout=jupyter_kernel_test.TIMEOUT)
                self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
                c = reply["content"]
                self.assertEqual(c["status"], "ok")
                applied = [code[:c["cursor_start"]] + m + code[c["cursor_end"]:] for m in c["matches"]]
                self.assertIn(expected, applied, f"reply {c}")

    def test_state_persists_between_cells(self) -> None:
        self.flush_channels()
        reply, _ = self.execute_helper("int counter = 5;")
        self.assertEqual(reply["content"]["status"], "ok")
        reply, out = self.execute_helper("counter * 2")
        self.assertEqual(reply["content"]["status"], "ok")
        results = [m for m in out if m["msg_type"] == "execute_result"]
        self.assertEqual([m["content"]["data"]["text/plain"] for m in results], ["10"])

    def test_compile_error_is_an_error_reply(self) -> None:
        self.flush_channels()
        reply, out = self.execute_helper('int fine = 1;\nint broken = "text";')
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual([m["msg_type"] for m in out], ["error"])
        text = " ".join([reply["content"]["evalue"]] + reply["content"]["traceback"])
        self.assertIn("incompatible types", text)

    def test_execution_count_increments(self) -> None:
        self.flush_channels()
        r1, _ = self.execute_helper("1")
        r2, _ = self.execute_helper("2")
        self.assertEqual(r2["content"]["execution_count"], r1["content"]["execution_count"] + 1)


def _generate() -> None:
    for name in KERNEL_NAMES:
        cls = type(f"TestConformance_{kernel_id(name)}", (JavaSamples, jupyter_kernel_test.KernelTests),
                   {"kernel_name": name, "__module__": __name__})
        globals()[cls.__name__] = cls


_generate()
