"""Declarations that refer to names not declared yet (JShell's recoverable states), through jupyter_client:
a note on the cell's stderr in the jshell tool's words, the cause named when such a declaration is used too
early, and silence once the missing name is declared. Each test uses names of its own (one kernel per JDK)."""
from __future__ import annotations

from harness import Kernel, error_text


def run(kernel: Kernel, code: str) -> tuple[dict, str, str, list[dict]]:
    """(reply, stdout, stderr, execute_results) of one cell."""
    reply, msgs = kernel.run(code)
    msg_id = reply["parent_header"]["msg_id"]
    results = [m for m in msgs if m["msg_type"] == "execute_result"]
    return reply, kernel.stream_text(msg_id, "stdout"), kernel.stream_text(msg_id, "stderr"), results


def assert_clean(kernel: Kernel, code: str) -> None:
    reply, out, err, _ = run(kernel, code)
    assert reply["content"]["status"] == "ok", error_text(reply)
    assert err == "", f"{code!r} should run clean, got on stderr: {err!r}"


def test_a_variable_of_an_undeclared_type(kernel: Kernel) -> None:
    reply, out, err, results = run(kernel, "foo bar;")
    assert reply["content"]["status"] == "ok", "the declaration was made: not an error"
    assert err == "created variable bar, however, it cannot be referenced until class foo is declared\n"
    assert out == "" and results == [], "the cell is only the warning"

    reply, _, _, _ = run(kernel, "bar")
    assert reply["content"]["status"] == "error"
    assert "variable bar cannot be referenced until class foo is declared" in error_text(reply)

    assert_clean(kernel, 'class foo { public String toString() { return "a foo"; } }')
    assert_clean(kernel, "bar = new foo();")
    assert kernel.value("bar") == "a foo"


def test_a_method_that_reads_an_undeclared_variable(kernel: Kernel) -> None:
    _, _, err, _ = run(kernel, "int scaled(int n) { return n * factor; }")
    assert err == "created method scaled(int), however, it cannot be invoked until variable factor is declared\n"

    reply, _, _, _ = run(kernel, "scaled(3)")
    assert reply["content"]["status"] == "error"
    assert reply["content"]["evalue"] == "method scaled(int) cannot be invoked until variable factor is declared"

    assert_clean(kernel, "int factor = 14;")
    assert kernel.value("scaled(3)") == "42"


def test_classes_that_refer_to_undeclared_names(kernel: Kernel) -> None:
    _, _, err, _ = run(kernel, "class Node { Edge next; }")
    assert err == "created class Node, however, it cannot be referenced until class Edge is declared\n"
    reply, _, _, _ = run(kernel, "new Node()")
    assert "class Node cannot be referenced until class Edge is declared" in error_text(reply)

    _, _, err, _ = run(kernel, "class Counter { int next() { return ++count; } }")
    assert err == ("created class Counter, however, it cannot be instantiated or its methods invoked "
                   "until variable count is declared\n")
    reply, _, _, _ = run(kernel, "new Counter().next()")
    assert reply["content"]["evalue"] == ("class Counter cannot be instantiated or its methods invoked "
                                          "until variable count is declared")

    assert_clean(kernel, "record Edge(int weight) { }\nint count = 41;")
    assert kernel.value("new Node().next == null") == "true"
    assert kernel.value("new Counter().next()") == "42"


def test_edit_and_rerun(kernel: Kernel) -> None:
    _, _, err, _ = run(kernel, "int answer() { return base + 2; }")
    assert err.startswith("created method answer(), however, it cannot be invoked until variable base is declared")
    _, _, err, _ = run(kernel, "int answer() { return base + 2; }")
    assert err == "modified method answer(), however, it cannot be invoked until variable base is declared\n", \
        "the same cell run again says so again"

    assert_clean(kernel, "int answer() { return 40 + 2; }")   # edited: needs nothing undeclared
    assert kernel.value("answer()") == "42"

    _, _, err, _ = run(kernel, "int answer() { return later + 2; }")   # edited again, out of order
    assert "until variable later is declared" in err
    reply, _, _, _ = run(kernel, "answer()")
    assert "variable later" in reply["content"]["evalue"]
    assert_clean(kernel, "int later = 40;")
    assert kernel.value("answer()") == "42"


def test_a_note_does_not_hide_the_rest_of_the_cell(kernel: Kernel) -> None:
    reply, out, err, results = run(kernel, 'Soon soon;\nSystem.out.println("printed");\n6 * 7')
    assert reply["content"]["status"] == "ok"
    assert err == "created variable soon, however, it cannot be referenced until class Soon is declared\n"
    assert out == "printed\n"
    assert [r["content"]["data"]["text/plain"] for r in results] == ["42"]


def test_a_typo_in_a_type_name_is_never_silent(kernel: Kernel) -> None:
    _, _, err, _ = run(kernel, "Strng name;")
    assert "until class Strng is declared" in err
    reply, _, _, _ = run(kernel, 'Strng other = "x";')
    assert reply["content"]["status"] == "error" and "Strng" in error_text(reply)
