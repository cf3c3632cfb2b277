"""Bad input and lifecycle: forged messages, unknown magics, floods of output, System.exit, shutdown,
restart, and the death of the process that started the kernel."""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tempfile
import time

import pytest
import zmq
from jupyter_client.session import Session

from harness import Kernel, error_text, process_gone


# -- forged and malformed messages ----------------------------------------------------------------
def _shell_socket(kernel: Kernel) -> tuple[zmq.Socket, dict]:
    ci = kernel.km.get_connection_info()
    sock = zmq.Context.instance().socket(zmq.DEALER)
    sock.linger = 0
    sock.connect(f"{ci['transport']}://{ci['ip']}:{ci['shell_port']}")
    return sock, ci


def _recv(sock: zmq.Socket, session: Session, timeout: float) -> dict | None:
    if not sock.poll(int(timeout * 1000)):
        return None
    _, msg = session.recv(sock, mode=0)
    return msg


@pytest.mark.one_jdk("message signing is the wire layer's (jjava, zmq), not JShell's or the JVM's")
def test_message_with_wrong_signature_gets_no_reply(kernel: Kernel) -> None:
    sock, ci = _shell_socket(kernel)
    try:
        scheme = ci.get("signature_scheme", "hmac-sha256")
        forged = Session(key=b"not-the-kernel-key", signature_scheme=scheme, username="intruder")
        bad = forged.send(sock, "kernel_info_request", {})
        bad_exec = forged.send(sock, "execute_request", {
            "code": 'System.out.println("forged code ran");', "silent": False, "store_history": True,
            "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})
        assert not sock.poll(3000), "the kernel answered a message signed with the wrong key"

        # control: the same raw socket with the right key does get an answer
        genuine = Session(key=ci["key"], signature_scheme=scheme)
        good = genuine.send(sock, "kernel_info_request", {})
        msg = _recv(sock, genuine, timeout=20)
        assert msg is not None, "no reply to a correctly signed kernel_info_request on the raw socket"
        assert msg["header"]["msg_type"] == "kernel_info_reply"
        assert msg["parent_header"]["msg_id"] == good["header"]["msg_id"]
    finally:
        sock.close()
    # the forged requests caused nothing visible on IOPub either
    for forged_msg in (bad, bad_exec):
        assert kernel.messages(forged_msg["header"]["msg_id"]) == []
    assert "forged code ran" not in "".join(m["content"].get("text", "") for m in kernel.all_messages()
                                            if m["msg_type"] == "stream")
    assert kernel.value("1 + 1") == "2"


MALFORMED = {
    "bad json after a bad signature": [b"<IDS|MSG>", b"0" * 64, b"{not json", b"{}", b"{}", b"{}"],
    "delimiter only": [b"<IDS|MSG>"],
    "delimiter and two frames": [b"<IDS|MSG>", b"sig", b"{}"],
    "no delimiter": [b"garbage without delimiter"],
}


@pytest.mark.one_jdk("framing of multipart messages is the wire layer's (jjava, zmq)")
@pytest.mark.parametrize("what", list(MALFORMED))
def test_malformed_message_does_not_swallow_the_next_request(kernel: Kernel, what: str) -> None:
    """A truncated or garbled multipart message is dropped on its own: the next well-formed request,
    from another client, is answered (frames must not be read across message boundaries)."""
    sock, ci = _shell_socket(kernel)
    try:
        sock.send_multipart(MALFORMED[what])
        time.sleep(0.5)
    finally:
        sock.close()
    assert kernel.alive()
    answered = []
    for _ in range(3):
        msg_id = kernel.kc.kernel_info()
        try:
            answered.append(kernel.reply(msg_id, timeout=5)["header"]["msg_type"])
        except TimeoutError:
            answered.append(None)
    assert answered == ["kernel_info_reply"] * 3, f"replies to 3 kernel_info requests after {what!r}: {answered}"
    assert kernel.value("2 + 2") == "4"


# -- magics ---------------------------------------------------------------------------------------
@pytest.mark.one_jdk("magic lookup happens before JShell sees the cell")
def test_unknown_magic_is_an_error_naming_it(kernel: Kernel) -> None:
    reply, msgs = kernel.run("%nosuchmagic")
    assert reply["content"]["status"] == "error", reply["content"]
    assert "nosuchmagic" in error_text(reply)
    assert [m["msg_type"] for m in msgs if m["msg_type"] == "error"] == ["error"]
    reply, _ = kernel.run("%%nosuchcellmagic\nSystem.out.println(\"must not run\");")
    assert reply["content"]["status"] == "error"
    assert "nosuchcellmagic" in error_text(reply)
    assert "must not run" not in kernel.stream_text(reply["parent_header"]["msg_id"], None)
    assert kernel.value("1 + 1") == "2"


# -- floods of output -----------------------------------------------------------------------------
TRUNCATION_NOTE = re.compile(r"truncat|omitted|dropped|suppressed", re.IGNORECASE)


def test_100_mb_of_output_is_truncated_with_a_note(kernel: Kernel) -> None:
    code = 'for (int i = 0; i < 1_000_000; i++) System.out.println("x".repeat(100));'
    t0 = time.monotonic()
    reply, msgs = kernel.run(code, timeout=300)
    elapsed = time.monotonic() - t0
    assert reply["content"]["status"] == "ok", error_text(reply)
    streams = [m for m in msgs if m["msg_type"] == "stream"]
    total = sum(len(m["content"]["text"]) for m in streams)
    assert 0 < total <= 10 * 2**20, f"{total} characters of output reached the front end for ~101 MB printed"
    assert len(streams) < 20_000, f"{len(streams)} stream messages"
    tail = "".join(m["content"]["text"] for m in streams)[-2000:]
    assert TRUNCATION_NOTE.search(tail), f"no truncation note at the end of the output: ...{tail[-300:]!r}"
    assert kernel.alive()
    # the limit is per cell: the next cell prints normally
    reply, _ = kernel.run('System.out.println("after the flood");')
    assert "after the flood" in kernel.stream_text(reply["parent_header"]["msg_id"])
    print(f"100 MB cell took {elapsed:.1f} s, {total} chars in {len(streams)} messages")


def test_huge_single_line_does_not_kill_the_kernel(kernel: Kernel) -> None:
    reply, msgs = kernel.run('System.out.print("y".repeat(50_000_000)); System.out.println();', timeout=300)
    assert reply["content"]["status"] == "ok", error_text(reply)
    total = sum(len(m["content"]["text"]) for m in msgs if m["msg_type"] == "stream")
    assert total <= 10 * 2**20
    assert kernel.value("3 + 3") == "6"


# -- System.exit ----------------------------------------------------------------------------------
@pytest.mark.parametrize("call", ["System.exit(1);", "Runtime.getRuntime().exit(2);", "Runtime.getRuntime().halt(3);"])
def test_exit_in_a_cell_is_a_clear_error_and_the_kernel_lives(kernel: Kernel, call: str) -> None:
    """README: System.exit in a cell does not end the kernel; the cell fails with an error saying so."""
    assert kernel.run("String survivor = \"still here\";")[0]["content"]["status"] == "ok"
    pid = kernel.pid
    reply, msgs = kernel.run(call, timeout=60)
    assert reply["content"]["status"] == "error", reply["content"]
    assert "exit" in error_text(reply).lower(), error_text(reply)
    assert [m for m in msgs if m["msg_type"] == "error"], "no error shown on IOPub"
    assert kernel.alive() and kernel.pid == pid
    assert kernel.value("survivor.length()") == "10"


def test_exit_in_a_method_and_in_a_background_thread(kernel: Kernel) -> None:
    assert kernel.run("void quit() { System.exit(5); }")[0]["content"]["status"] == "ok"
    reply, _ = kernel.run("quit();")
    assert reply["content"]["status"] == "error"
    assert "exit" in error_text(reply).lower()
    # joined, not slept on: the exit has been tried by the time the kernel is checked
    reply, _ = kernel.run("var exiter = new Thread(() -> System.exit(6)); exiter.start(); exiter.join();")
    assert reply["content"]["status"] == "ok", error_text(reply)
    assert kernel.alive()
    assert kernel.value("7 * 6") == "42"


# -- shutdown, restart, parent death --------------------------------------------------------------
STUBBORN_THREAD = ("Thread stubborn = new Thread(() -> { while (true) { try { Thread.sleep(100); } "
                   "catch (InterruptedException e) { } } }); stubborn.setDaemon(false); stubborn.start();")


def test_shutdown_request_ends_the_kernel_process(fresh_kernel: Kernel) -> None:
    kernel = fresh_kernel
    assert kernel.run(STUBBORN_THREAD)[0]["content"]["status"] == "ok"
    pid = kernel.pid
    proc = kernel.km.provisioner.process  # type: ignore[union-attr]
    msg_id = kernel.kc.shutdown()
    reply = kernel.kc.control_channel.get_msg(timeout=20)
    assert reply["parent_header"]["msg_id"] == msg_id
    assert reply["header"]["msg_type"] == "shutdown_reply"
    assert reply["content"]["status"] == "ok"
    assert reply["content"]["restart"] is False
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        pytest.fail(f"kernel process {pid} still running 15 s after shutdown_request "
                    "(a non-daemon thread the cell started must not keep it alive)")
    assert process_gone(pid)


def test_restart_gives_a_clean_working_kernel(fresh_kernel: Kernel) -> None:
    kernel = fresh_kernel
    assert kernel.run("int before = 1; " + STUBBORN_THREAD)[0]["content"]["status"] == "ok"
    old_pid = kernel.pid
    # The restart finished (restart() returned with a new kernel ready) and the new kernel answers, below;
    # how long it took is not checked (jupyter_client ends an old kernel that does not exit in time anyway).
    kernel.restart()
    assert kernel.pid != old_pid
    deadline = time.monotonic() + 10
    while not process_gone(old_pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert process_gone(old_pid), "old kernel process survived the restart"
    assert kernel.value("1 + 1") == "2"
    reply, _ = kernel.run("before")
    assert reply["content"]["status"] == "error", "a variable survived the restart"


PARENT_SCRIPT = r"""
import sys, time
from jupyter_client.manager import KernelManager
km = KernelManager(kernel_name=sys.argv[1])
km.start_kernel()
print(km.provisioner.pid, km.connection_file, flush=True)
kc = km.client(); kc.start_channels(); kc.wait_for_ready(timeout=60)
print("ready", flush=True)
time.sleep(600)
"""


def test_kernel_exits_when_its_parent_dies(kernel_name: str) -> None:
    with tempfile.TemporaryFile() as log:
        parent = subprocess.Popen([sys.executable, "-c", PARENT_SCRIPT, kernel_name],
                                  stdout=subprocess.PIPE, stderr=log, stdin=subprocess.DEVNULL, text=True)
        java_pid = None
        conn_file = None
        try:
            first = parent.stdout.readline().split()  # type: ignore[union-attr]
            assert first, "the intermediate process did not start a kernel"
            java_pid, conn_file = int(first[0]), first[1]
            assert parent.stdout.readline().strip() == "ready"  # type: ignore[union-attr]
            assert not process_gone(java_pid)
            parent.kill()
            parent.wait(timeout=10)
            deadline = time.monotonic() + 10
            while not process_gone(java_pid) and time.monotonic() < deadline:
                time.sleep(0.1)
            assert process_gone(java_pid), f"kernel {java_pid} still running 10 s after its parent was killed"
        finally:
            if parent.poll() is None:
                parent.kill()
            if java_pid is not None and not process_gone(java_pid):
                os.kill(java_pid, signal.SIGKILL)
            if conn_file and os.path.exists(conn_file):
                os.remove(conn_file)
