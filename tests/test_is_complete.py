"""is_complete through jupyter_client: what `jupyter console` asks on every Enter to decide whether to run
the cell or open a new line. Cell magics follow IPython (a body, then a blank line); Java follows JShell's
analysis, with javac's parser for what JShell calls finished but is not (``a ? b :``)."""
from __future__ import annotations

import pytest

from harness import Kernel

CASES = {
    # cell magics: a body is needed, and a blank line ends it
    "%%thread": "incomplete",
    "%%process v": "incomplete",
    "%%time": "incomplete",
    "%%nosuchmagic --x": "incomplete",
    "%%thread\n": "incomplete",
    "%%thread\nSystem.out.println(1);": "incomplete",
    "%%thread\nSystem.out.println(1);\n": "complete",
    "%%thread?": "complete",
    # line magics and the Java around them
    "%lsmagic": "complete",
    "%time 1 + 1": "complete",
    "%lsmagic\nint f() {": "incomplete",
    # finished Java
    "6 * 7": "complete",
    "int x = 1": "complete",
    "int twice(int x) {\n    return 2 * x;\n}": "complete",
    "notDeclaredYet(3);": "complete",
    'String t = """\n    text\n    """;': "complete",
    "": "complete",
    # unfinished Java
    "int twice(int x) {": "incomplete",
    "int x =": "incomplete",
    "1 +": "incomplete",
    "Math.max(1,": "incomplete",
    "Math.max(1, 2": "incomplete",
    'String t = """\n    an open text block': "incomplete",
    "/* an open comment": "incomplete",
    "a ? b :": "incomplete",
    "list.forEach(x ->": "incomplete",
    # Java that javac cannot parse, whatever follows
    "x = = 1;": "invalid",
    "1 +* 2;": "invalid",
    "int 1x = 2;": "invalid",
    ")": "invalid",
    'System.out.println("an open string': "invalid",
}


def is_complete(kernel: Kernel, code: str) -> dict:
    return kernel.reply(kernel.kc.is_complete(code))["content"]


@pytest.mark.parametrize("code", list(CASES), ids=[repr(c) for c in CASES])
def test_is_complete(kernel: Kernel, code: str) -> None:
    content = is_complete(kernel, code)
    assert content["status"] == CASES[code], f"{code!r}: {content}"
    if content["status"] == "incomplete":
        assert isinstance(content.get("indent"), str), content


def test_the_indent_follows_open_brackets(kernel: Kernel) -> None:
    assert is_complete(kernel, "int twice(int x) {")["indent"] == "    "
    assert is_complete(kernel, "void f() {\n    if (ready) {")["indent"] == " " * 8
    assert is_complete(kernel, "%%thread")["indent"] == "", "a cell magic's body starts at the margin"


def test_answers_right_after_start_while_jshell_starts(fresh_kernel: Kernel) -> None:
    """The console gives up on is_complete for good when an answer takes a second; right after start,
    before JShell is up, the kernel answers from the text alone (or from JShell if it was quicker):
    unfinished code is `incomplete`, other code `complete` or `unknown`, which the console both runs."""
    assert is_complete(fresh_kernel, "int twice(int x) {")["status"] == "incomplete"
    assert is_complete(fresh_kernel, "%%thread")["status"] == "incomplete"
    assert is_complete(fresh_kernel, "6 * 7")["status"] in ("complete", "unknown")
    assert fresh_kernel.value("6 * 7") == "42"


@pytest.mark.parametrize("code", ["   \n\t\n", "\"\U0001F600\" + 1", "1 + " * 20000 + "1", "{" * 5000,
                                  "%%", "%", "\x00", "%%thread\n%%process\n\n"])
def test_odd_input_gets_an_answer_and_the_kernel_lives(kernel: Kernel, code: str) -> None:
    content = is_complete(kernel, code)
    assert content["status"] in ("complete", "incomplete", "invalid", "unknown"), content
    assert kernel.value("1 + 1") == "2"
