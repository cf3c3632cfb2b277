"""An execute_request on the control channel never runs beside the shell's cell: it is refused with an
error reply, at once (the control thread stays free for interrupts), while the shell's cell goes on."""
from __future__ import annotations

import os
import queue
import tempfile
import time

import pytest

from harness import TIMEOUT, Kernel, error_text

pytestmark = pytest.mark.one_jdk("which channel may execute is the protocol layer's rule, the same on every JDK")


def control_execute(kernel: Kernel, code: str) -> dict:
    msg = kernel.kc.session.msg("execute_request", {
        "code": code, "silent": False, "store_history": True, "user_expressions": {},
        "allow_stdin": False, "stop_on_error": True})
    kernel.kc.control_channel.send(msg)
    deadline = time.monotonic() + TIMEOUT
    while True:
        try:
            reply = kernel.kc.control_channel.get_msg(timeout=max(0.1, deadline - time.monotonic()))
        except queue.Empty:
            raise TimeoutError("no reply on the control channel") from None
        if reply["parent_header"].get("msg_id") == msg["header"]["msg_id"]:
            return reply


def test_execute_on_control_while_a_shell_cell_runs_is_refused(kernel: Kernel) -> None:
    flag = os.path.join(tempfile.mkdtemp(prefix="java-futures-control-"), "release")
    shell_id = kernel.execute(
        'System.out.println("shell cell started");\n'
        f'while (!java.nio.file.Files.exists(java.nio.file.Path.of("{flag}"))) Thread.sleep(20);\n'
        'System.out.println("shell cell done");')
    kernel.wait_for_text(shell_id, "shell cell started")

    reply = control_execute(kernel, 'System.out.println("from control");')
    # The shell cell cannot have ended: it waits for the flag, created only now.
    assert "shell cell done" not in kernel.stream_text(shell_id)
    open(flag, "w").close()

    c = reply["content"]
    assert c["status"] == "error" and c["ename"] == "ControlChannelError", c
    assert "shell channel" in c["evalue"]
    shell_reply = kernel.reply(shell_id)
    kernel.wait_idle(shell_id)
    assert shell_reply["content"]["status"] == "ok"
    assert kernel.stream_text(shell_id) == "shell cell started\nshell cell done\n"

    control_id = reply["parent_header"]["msg_id"]
    kernel.wait_idle(control_id)
    states = [m["content"]["execution_state"] for m in kernel.messages(control_id, "status")]
    assert states == ["busy", "idle"]
    assert [m["content"]["ename"] for m in kernel.messages(control_id, "error")] == ["ControlChannelError"]
    assert all("from control" not in m["content"].get("text", "") for m in kernel.all_messages()
               if m["msg_type"] == "stream"), "the refused code never ran"

    # the execution count went on from the shell's cells only
    n = shell_reply["content"]["execution_count"]
    nxt, _ = kernel.run("1 + 1")
    assert nxt["content"]["execution_count"] == n + 1, error_text(nxt)


def test_execute_on_control_while_idle_is_refused_too(kernel: Kernel) -> None:
    reply = control_execute(kernel, "int fromControl = 1;")
    assert reply["content"]["status"] == "error" and reply["content"]["ename"] == "ControlChannelError"
    r, _ = kernel.run("fromControl")
    assert r["content"]["status"] == "error", "nothing was declared from the control channel"
    assert kernel.value("1 + 1") == "2"
