"""Output of threads a cell starts goes to that cell (its parent header), even after the cell has
finished and while another cell runs; concurrent lines never interleave and none is lost."""
from __future__ import annotations

import re

from harness import Flag, Kernel, error_text


def test_late_background_output_lands_under_the_cell_that_started_the_thread(kernel: Kernel) -> None:
    # The thread prints once the second cell runs (that cell sets its flag), and the second cell ends once the
    # test has seen the late line: the line comes after its cell and while another runs, by design.
    with Flag() as go, Flag() as seen:
        first = kernel.execute(
            f'new Thread(() -> {{ try {go.wait_java()} catch (InterruptedException e) {{}} '
            'System.out.println("late line"); }).start();')
        reply = kernel.reply(first)
        assert reply["content"]["status"] == "ok", error_text(reply)
        kernel.wait_idle(first)
        assert "late line" not in kernel.stream_text(first, None), "printed before its flag?"

        second = kernel.execute(f'java.nio.file.Files.createFile(java.nio.file.Path.of("{go.path}"));\n'
                                f'{seen.wait_java()}\nSystem.out.println("second");')
        kernel.wait_for_text(first, "late line", timeout=30)
        assert not kernel.messages(second, "status") or not any(
            m["content"]["execution_state"] == "idle" for m in kernel.messages(second, "status")), \
            "second cell was already idle: the late line did not arrive while it ran"
        seen.set()
        reply2 = kernel.reply(second)
        assert reply2["content"]["status"] == "ok", error_text(reply2)
        kernel.wait_idle(second)

    assert "late line" in kernel.stream_text(first)
    assert "late line" not in kernel.stream_text(second, None)
    assert "second" in kernel.stream_text(second)
    assert "second" not in kernel.stream_text(first, None)
    # nothing of either cell leaked to messages without a parent
    orphan = "".join(m["content"].get("text", "") for m in kernel.messages(None, "stream"))
    assert "late line" not in orphan and "second" not in orphan


def test_concurrent_lines_are_whole_and_none_is_lost(kernel: Kernel) -> None:
    threads, lines = 4, 200
    code = f"""
var workers = new ArrayList<Thread>();
for (int t = 0; t < {threads}; t++) {{
    final int id = t;
    Thread th = new Thread(() -> {{
        for (int i = 0; i < {lines}; i++) System.out.println("T" + id + " line " + i + " " + "abcdefghij".repeat(4) + " end");
    }});
    workers.add(th);
    th.start();
}}
for (Thread th : workers) th.join();
"""
    reply, _ = kernel.run(code, timeout=120)
    assert reply["content"]["status"] == "ok", error_text(reply)
    msg_id = reply["parent_header"]["msg_id"]
    text = kernel.stream_text(msg_id, "stdout")
    got = text.splitlines()
    pattern = re.compile(r"T(\d) line (\d+) (?:abcdefghij){4} end")
    broken = [ln for ln in got if not pattern.fullmatch(ln)]
    assert not broken, f"{len(broken)} lines not whole, e.g. {broken[:3]}"
    expected = {f"T{t} line {i} {'abcdefghij' * 4} end" for t in range(threads) for i in range(lines)}
    assert len(got) == len(expected), f"{len(got)} lines, expected {len(expected)}"
    assert set(got) == expected, f"missing: {sorted(expected - set(got))[:5]}"
    # and each thread's lines come in the order it printed them
    for t in range(threads):
        seq = [int(m.group(2)) for ln in got if (m := pattern.fullmatch(ln)) and m.group(1) == str(t)]
        assert seq == list(range(lines)), f"thread {t} lines out of order"


def test_stderr_from_background_thread_is_routed_too(kernel: Kernel) -> None:
    first = kernel.execute('new Thread(() -> { try { Thread.sleep(800); } catch (InterruptedException e) {} '
                           'System.err.println("late error line"); }).start();')
    assert kernel.reply(first)["content"]["status"] == "ok"
    kernel.wait_for_text(first, "late error line", timeout=30, name="stderr")
    assert "late error line" not in kernel.stream_text(first, "stdout")
