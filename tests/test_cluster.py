"""Cluster pools end to end, through a real Jupyter client: ClusterPool.local(2) starts two Hazelcast
member JVMs that run notebook-defined methods and records, a killed member fails only the tasks it held
(naming it) while the pool goes on, and the members never outlive the kernel (shut down or SIGKILLed).

Starting members costs seconds (Hazelcast boots in each), so one module kernel and one pool serve most
tests, in order; each test sets the notebook variables it reads (`base`), so it also passes alone (`-k`).
Time bounds are generous (2 shared cores)."""
from __future__ import annotations

import os
import re
import signal
import time

import pytest

from harness import Flag, Kernel, error_text, process_gone

MEMBER_MAIN = "javafutures.cluster.MemberMain"
pytestmark = pytest.mark.timeout(400)


def ok(kernel: Kernel, code: str, timeout: float = 120) -> str:
    """Runs a cell that must succeed; returns its stdout."""
    reply, _ = kernel.run(code, timeout=timeout)
    assert reply["content"]["status"] == "ok", f"{code!r} failed: {error_text(reply)}"
    return kernel.stream_text(reply["parent_header"]["msg_id"])


def cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def member_pids(kernel: Kernel, var: str = "cp") -> list[int]:
    return [int(p) for p in re.findall(r"\d+", kernel.value(f"{var}.memberPids()"))]


def wait_gone(pids: list[int], timeout: float = 20) -> list[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        alive = [p for p in pids if not process_gone(p)]
        if not alive:
            return []
        time.sleep(0.2)
    return [p for p in pids if not process_gone(p)]


@pytest.fixture(scope="module")
def cluster_kernel(kernel_name: str):
    """A kernel with notebook definitions and `cp = ClusterPool.local(2)`; shut down by the last test."""
    k = Kernel(kernel_name)
    ok(k, "record Point(int x, int y) implements java.io.Serializable { int norm() { return x * x + y * y; } }")
    ok(k, "int base = 100;")
    ok(k, "int score(Point p) { return p.norm() + base; }")
    ok(k, "var cp = ClusterPool.local(2);", timeout=180)
    yield k
    try:
        k.close()
    except Exception:
        pass


def test_two_members_run_notebook_methods_and_records(cluster_kernel: Kernel) -> None:
    k = cluster_kernel
    pids = member_pids(k)
    assert len(pids) == 2 and k.pid not in pids
    for p in pids:
        assert MEMBER_MAIN in cmdline(p), cmdline(p)
    ok(k, "var fs = new ArrayList<TaskFuture<String>>();\n"
          "for (int i = 0; i < 12; i++) { var p = new Point(i, 1); "
          "fs.add(cp.submit(() -> score(p) + \"@\" + ProcessHandle.current().pid())); }")
    out = k.value("fs.stream().map(TaskFuture::result).toList()")
    pairs = re.findall(r"(\d+)@(\d+)", out)
    assert [int(v) for v, _ in pairs] == [i * i + 1 + 100 for i in range(12)], out
    assert {int(p) for _, p in pairs} == set(pids), "both members ran tasks: " + out
    assert re.fullmatch(r'"127\.0\.0\.1:\d+ \(pid \d+\)"', k.value("fs.get(0).worker()"))
    # A record comes back as a value; a notebook variable read by the task travels by value.
    assert k.value("cp.submit(() -> new Point(3, 4)).result()") == "Point[x=3, y=4]"
    ok(k, "base = 1000;")
    assert k.value("cp.submit(() -> score(new Point(0, 0))).result()") == "1000"
    # What a task prints appears under the cell that submitted it.
    out = ok(k, 'cp.submit(() -> { System.out.println("hello from a member"); return 1; }).result();')
    assert "hello from a member" in out
    # An exception thrown on a member comes back with its type and message.
    err = error_text(k.run('cp.submit(() -> { throw new IllegalStateException("bad point"); }).result();')[0])
    assert "IllegalStateException" in err and "bad point" in err, err
    pool = ok(k, "%pool")
    assert "(cluster)" in pool and "127.0.0.1:" in pool and f"pid {pids[0]}" in pool, pool


def test_killed_member_fails_its_task_and_the_pool_goes_on(cluster_kernel: Kernel) -> None:
    k = cluster_kernel
    ok(k, "base = 1000;")   # set here, not inherited from an earlier test: each test runs alone too
    pids = member_pids(k)
    victim = pids[0]
    # Each task leaves a file named after its member's pid when it starts, then waits for a flag: the victim is
    # killed once it surely holds a running task, and the flag is set only after that.
    with Flag() as release:
        ok(k, "var slow = new ArrayList<TaskFuture<Long>>();\n"
              "for (int i = 0; i < 4; i++) slow.add(cp.submit(() -> { long me = ProcessHandle.current().pid(); "
              f'java.nio.file.Files.createTempFile(java.nio.file.Path.of("{release.directory}"), me + "-", ".started"); '
              f"{release.wait_java()} return me; }}));")
        deadline = time.monotonic() + 120
        while not any(f.startswith(f"{victim}-") for f in os.listdir(release.directory)):
            assert time.monotonic() < deadline, f"no task started on member {victim}"
            time.sleep(0.1)
        os.kill(victim, signal.SIGKILL)
        assert not wait_gone([victim]), f"member {victim} survived SIGKILL"
        release.set()
        out = ok(k, "for (var f : slow) { var e = f.exception(); "
                    "System.out.println(e == null ? \"ok \" + f.result() : \"lost \" + e); }")
    lines = out.strip().splitlines()
    assert len(lines) == 4, out
    lost = [ln for ln in lines if ln.startswith("lost ")]
    done = [ln for ln in lines if ln.startswith("ok ")]
    assert lost, "the killed member held tasks: " + out
    for ln in lost:
        assert "MemberLostException" in ln and f"pid {victim}" in ln, ln
    for ln in done:
        assert ln == f"ok {pids[1]}", out
    assert k.value("cp.workers()") == "1"
    assert k.value("cp.submit(() -> score(new Point(1, 1))).result()") == "1002"


def test_a_callback_waiting_for_another_cluster_future_does_not_deadlock(cluster_kernel: Kernel) -> None:
    """The issue's deadlock: a's callback waits for b, a later future of the same pool with a callback of its own."""
    k = cluster_kernel
    # Flags order it by design: a ends once both callbacks are added, b only once a's callback waits for it.
    with Flag() as a_go, Flag() as b_go:
        reply, _ = k.run(f"var ca = cp.submit(() -> {{ {a_go.wait_java()} return 1; }});\n"
                         f"var cb = cp.submit(() -> {{ {b_go.wait_java()} return 2; }});\n"
                         'ca.addDoneCallback(f -> { System.out.println("a waits for b");\n'
                         '    System.out.println("a saw b = " + cb.result(Duration.ofSeconds(60))); });\n'
                         'cb.addDoneCallback(f -> System.out.println("b done"));')
        assert reply["content"]["status"] == "ok", error_text(reply)
        mid = reply["parent_header"]["msg_id"]
        a_go.set()
        k.wait_for_text(mid, "a waits for b", timeout=90)
        b_go.set()
        k.wait_for_text(mid, "a saw b = 2", timeout=90)
        k.wait_for_text(mid, "b done", timeout=30)


def test_cluster_takes_process_task_types_maps_and_resizes(cluster_kernel: Kernel) -> None:
    k = cluster_kernel
    ok(k, "base = 1000;")   # set here, not inherited from an earlier test: each test runs alone too
    assert k.value("cp.map(x -> x * base, List.of(1, 2, 3), 2).toList()") == "[1000, 2000, 3000]"
    ok(k, "SerializableCallable<Integer> task = () -> base + 1;")
    assert k.value("cp.submit(task).result()") == "1001"
    assert k.value("cp.invokeAny(List.of(() -> 7, () -> 7))") == "7"
    err = error_text(k.run("cp.submit(() -> new Object()).result();")[0])
    assert "not serializable" in err, err
    # %%cluster on the default cluster pool (two local members, started on first use).
    reply, msgs = k.run("%%cluster cf\nscore(new Point(2, 2))", timeout=180)
    assert reply["content"]["status"] == "ok", error_text(reply)
    assert k.value("cf.result()") == "1008"
    assert k.value("cf.pool()") == '"cluster"'
    reply, msgs = k.run("%futures cf")
    shown = [m["content"]["data"].get("text/plain", "") for m in msgs if m["msg_type"] == "display_data"]
    assert any("cf" in t and "cluster" in t for t in shown), shown
    pools = ok(k, "%pool")
    assert re.search(r"^cluster \(cluster\): 2 workers", pools, re.M), pools
    out = ok(k, "%pool cluster 1", timeout=120)
    assert re.search(r"^cluster \(cluster\): 1 worker\b", out, re.M), out
    assert k.value("Pools.cluster().submit(() -> 41 + 1).result()") == "42"
    for bad in ("%pool cluster 0", "%pool cluster many", "%%cluster 1x\n1"):
        reply, _ = k.run(bad)
        assert reply["content"]["status"] == "error" and "usage" in error_text(reply).lower(), (bad, error_text(reply))
    assert k.value("1 + 1") == "2", "the kernel is fine after bad magics"


def test_interrupting_a_cell_that_creates_a_cluster_pool_leaves_it_working(cluster_kernel: Kernel) -> None:
    k = cluster_kernel
    ok(k, "base = 1000;")   # set here, not inherited from an earlier test: each test runs alone too
    msg_id = k.execute('var ip = ClusterPool.local(1); System.out.println("cluster made"); Thread.sleep(600_000);')
    k.wait_for_text(msg_id, "cluster made", timeout=180)
    k.km.interrupt_kernel()
    reply = k.reply(msg_id, timeout=30)
    assert reply["content"]["status"] == "error"
    assert k.value("ip.submit(() -> score(new Point(1, 0))).result()", timeout=60) == "1001"
    ok(k, "ip.close();", timeout=60)


def test_kernel_shutdown_ends_its_members(cluster_kernel: Kernel) -> None:
    k = cluster_kernel
    pids = [p for p in member_pids(k) if not process_gone(p)]
    assert pids
    k.close()
    assert wait_gone(pids) == [], "members outlived the kernel's shutdown"


def test_members_die_with_a_killed_kernel(kernel_name: str) -> None:
    k = Kernel(kernel_name)
    try:
        ok(k, "var one = ClusterPool.local(1);", timeout=180)
        pids = member_pids(k, "one")
        assert k.value("one.submit(() -> 6 * 7).result()") == "42"
        os.kill(k.pid, signal.SIGKILL)
        assert wait_gone(pids) == [], "a member outlived its SIGKILLed kernel"
    finally:
        try:
            k.close()
        except Exception:
            pass
