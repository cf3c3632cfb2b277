"""Interrupts through jupyter_client, as a front end sends them: KernelManager.interrupt_kernel(), which
for a kernelspec with interrupt_mode "message" sends interrupt_request on the control channel.

Each case starts a cell that would run for ever (or a minute), interrupts it once it is running, and
checks that the execute_reply is an error naming the interruption, that it came within 5 s (the
product promises about one), and that the kernel kept its state and runs the next cell.
"""
from __future__ import annotations

import time

import pytest

from harness import Kernel, error_text

STARTED = "cell-started"

# Each blocking cell is one block statement, so that the marker is printed by the very snippet that
# then blocks: the interrupt surely arrives while it runs (interrupts that arrive while a cell is
# compiled or between its snippets are tested separately below).
CASES = {
    # name: (setup cell or None, the cell to interrupt)
    "tight_loop": (None, f'{{ System.out.println("{STARTED}"); while (true) {{}} }}'),
    "counting_loop": (None, f'{{ System.out.println("{STARTED}"); long n = 0; while (true) {{ n++; }} }}'),
    "sleep": (None, f'{{ System.out.println("{STARTED}"); Thread.sleep(60_000); }}'),
    "future_get": (None, f'{{ System.out.println("{STARTED}"); new CompletableFuture<Integer>().get(); }}'),
    "method_from_earlier_cell": (
        "long spin(long step) { long i = 0; while (true) { i += step; if (i == 7) break; } return i; }",
        f'{{ System.out.println("{STARTED}"); spin(2); }}'),
}


def interrupt_running_cell(kernel: Kernel, code: str) -> tuple[dict, float]:
    """Runs code, interrupts it once it is running; returns (execute_reply, seconds to the reply)."""
    msg_id = kernel.execute(code)
    try:
        kernel.wait_for_text(msg_id, STARTED, timeout=20)
    except TimeoutError:
        pass  # output not streamed live? Then the cell has been running for 20 s anyway.
    with pytest.raises(TimeoutError):  # still running: nothing to interrupt otherwise
        kernel.reply(msg_id, timeout=0.5)
    t0 = time.monotonic()
    kernel.km.interrupt_kernel()
    try:
        reply = kernel.reply(msg_id, timeout=30)
    except TimeoutError:
        pytest.fail(f"no execute_reply 30 s after interrupt_request; IOPub of the cell: "
                    f"{[(m['msg_type'], m['content']) for m in kernel.messages(msg_id)]}")
    elapsed = reply["_received"] - t0
    kernel.wait_idle(msg_id, timeout=30)
    return reply, elapsed


def test_kernelspec_uses_message_interrupts(kernel: Kernel) -> None:
    assert kernel.km.kernel_spec.interrupt_mode == "message"


@pytest.mark.parametrize("case", list(CASES))
def test_interrupt_stops_cell_and_keeps_state(kernel: Kernel, case: str) -> None:
    setup, code = CASES[case]
    assert kernel.run("int keep = 41;")[0]["content"]["status"] == "ok"
    if setup:
        reply, _ = kernel.run(setup)
        assert reply["content"]["status"] == "ok", error_text(reply)

    reply, elapsed = interrupt_running_cell(kernel, code)

    assert reply["content"]["status"] == "error", reply["content"]
    assert "interrupt" in error_text(reply).lower(), error_text(reply)
    assert elapsed < 5, f"execute_reply came {elapsed:.2f} s after the interrupt"
    # the error is shown in the notebook too (an error message on IOPub, same parent)
    assert kernel.messages(reply["parent_header"]["msg_id"], "error"), "no error message on IOPub"

    assert kernel.value("1 + 1") == "2"
    assert kernel.value("keep + 1") == "42"


def _interrupt_when(kernel: Kernel, code: str, ready) -> tuple[dict, float]:
    msg_id = kernel.execute(code)
    kernel.wait_for(lambda: ready(msg_id), 30, "the moment to interrupt")
    t0 = time.monotonic()
    kernel.km.interrupt_kernel()
    reply = kernel.reply(msg_id, timeout=90)
    kernel.wait_idle(msg_id, timeout=30)
    return reply, reply["_received"] - t0


def test_interrupt_while_the_cell_compiles(kernel: Kernel) -> None:
    """The stop button pressed right after Run: the interrupt arrives while the cell is still being
    compiled (execute_input just published); the cell must not then run to its end."""
    reply, elapsed = _interrupt_when(kernel, "Thread.sleep(30_000);",
                                     lambda m: bool(kernel.messages(m, "execute_input")))
    assert reply["content"]["status"] == "error", f"cell ran to its end ({elapsed:.1f} s): interrupt lost"
    assert "interrupt" in error_text(reply).lower()
    assert elapsed < 5, f"execute_reply came {elapsed:.2f} s after the interrupt"
    assert kernel.value("1 + 1") == "2"


def test_interrupt_between_snippets_of_a_cell(kernel: Kernel) -> None:
    """A cell of several statements: an interrupt that arrives after the first has run, while the next
    is being compiled, must stop the cell too."""
    reply, elapsed = _interrupt_when(kernel, f'System.out.println("{STARTED}"); Thread.sleep(30_000);',
                                     lambda m: STARTED in kernel._stream_text_locked(m, "stdout"))
    assert reply["content"]["status"] == "error", f"cell ran to its end ({elapsed:.1f} s): interrupt lost"
    assert elapsed < 5, f"execute_reply came {elapsed:.2f} s after the interrupt"
    assert kernel.value("1 + 1") == "2"


def test_interrupt_between_cells_does_not_hit_the_next_cell(kernel: Kernel) -> None:
    """An interrupt that arrives while the kernel is idle must not stop the cell after it."""
    kernel.km.interrupt_kernel()
    time.sleep(0.5)
    reply, msgs = kernel.run('Thread.sleep(300); System.out.println("survived"); 40 + 2')
    assert reply["content"]["status"] == "ok", error_text(reply)
    assert "survived" in kernel.stream_text(reply["parent_header"]["msg_id"])
    assert [m["content"]["data"]["text/plain"] for m in msgs if m["msg_type"] == "execute_result"] == ["42"]


def test_repeated_interrupts(kernel: Kernel) -> None:
    """Interrupt, run, interrupt again: each interrupt stops exactly the cell it was sent to."""
    for i in range(3):
        reply, elapsed = interrupt_running_cell(kernel, CASES["sleep"][1])
        assert reply["content"]["status"] == "error"
        assert elapsed < 5
        assert kernel.value(f"{i} + 100") == str(i + 100)


def test_interrupt_loop_inside_jdk_code(fresh_kernel: Kernel) -> None:
    """A loop running inside JDK code (no snippet code to check a stop flag in): the cell must still end
    with an honest error and the kernel must take the next cell. (Own kernel: on JDK 20+ the runaway
    computation may keep a core busy until the kernel ends.)"""
    kernel = fresh_kernel
    reply, elapsed = interrupt_running_cell(
        kernel, f'{{ System.out.println("{STARTED}"); java.util.stream.LongStream.range(0, Long.MAX_VALUE).sum(); }}')
    assert reply["content"]["status"] == "error", reply["content"]
    assert "interrupt" in error_text(reply).lower(), error_text(reply)
    assert elapsed < 5, f"execute_reply came {elapsed:.2f} s after the interrupt"
    assert kernel.value("1 + 1", timeout=30) == "2"
