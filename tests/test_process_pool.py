"""Process pools end to end, through a real Jupyter client: worker JVMs run notebook code under the
serializable rule, their output lands under the submitting cell, a dead worker fails only its own
future, and no worker JVM outlives its kernel (shut down or SIGKILLed) or listens on a port.

Time bounds are generous (2 cores, cold JITs); the tests check pids, order and overlap, not speed."""
from __future__ import annotations

import os
import re
import signal
import time
import uuid

import pytest

from harness import Flag, Kernel, error_text, process_gone

WORKER_MAIN = "javafutures.worker.WorkerMain"
pytestmark = pytest.mark.timeout(300)


# ---- helpers --------------------------------------------------------------------------------

def ok(kernel: Kernel, code: str, timeout: float = 90) -> str:
    """Runs a cell that must succeed; returns its stdout."""
    reply, _ = kernel.run(code, timeout=timeout)
    assert reply["content"]["status"] == "ok", f"{code!r} failed: {error_text(reply)}"
    return kernel.stream_text(reply["parent_header"]["msg_id"])


def value(kernel: Kernel, code: str, timeout: float = 90) -> str:
    return kernel.value(code, timeout=timeout)


def failing(kernel: Kernel, code: str, timeout: float = 90) -> str:
    """Runs a cell that must fail; returns its error text (ename, evalue, traceback)."""
    reply, _ = kernel.run(code, timeout=timeout)
    assert reply["content"]["status"] == "error", f"{code!r} should have failed"
    return error_text(reply)


def cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def parent_pid(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            return int(f.read().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return -1


def worker_pids(kernel_pid: int) -> set[int]:
    """Live worker JVMs whose parent is kernel_pid (a /proc scan, no psutil)."""
    found = set()
    for d in os.listdir("/proc"):
        if d.isdigit() and WORKER_MAIN in cmdline(int(d)) and parent_pid(int(d)) == kernel_pid \
                and not process_gone(int(d)):
            found.add(int(d))
    return found


def listening_inodes() -> set[str]:
    """Socket inodes in LISTEN state (TCP) or bound (UDP) in this network namespace."""
    inodes = set()
    for name, states in (("tcp", {"0A"}), ("tcp6", {"0A"}), ("udp", None), ("udp6", None)):
        try:
            with open(f"/proc/net/{name}", encoding="ascii") as f:
                next(f)
                for line in f:
                    cols = line.split()
                    if states is None or cols[3] in states:
                        inodes.add(cols[9])
        except OSError:
            pass
    return inodes


def socket_inodes(pid: int) -> set[str]:
    out = set()
    try:
        for fd in os.listdir(f"/proc/{pid}/fd"):
            try:
                target = os.readlink(f"/proc/{pid}/fd/{fd}")
            except OSError:
                continue
            m = re.fullmatch(r"socket:\[(\d+)\]", target)
            if m:
                out.add(m.group(1))
    except OSError:
        pass
    return out


def wait_until(predicate, timeout: float, what: str, interval: float = 0.1) -> None:
    end = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > end:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(interval)


SLOW_ADD = """
int slowAdd(double secs, int x, int y) throws Exception {
    long me = ProcessHandle.current().pid();
    System.out.println("worker " + me + " sleeps " + secs + " s");
    Thread.sleep((long) (secs * 1000));
    System.out.println("worker " + me + " awake");
    return x + y;
}
"""


# ---- the seeds' examples, in Java -------------------------------------------------------------

def test_tasks_run_in_worker_jvms_with_their_own_pids(kernel: Kernel) -> None:
    ok(kernel, SLOW_ADD)
    out = ok(kernel, """
var pidPool = new ProcessPool(2);
var r1 = pidPool.submit(() -> slowAdd(0.3, 6, 7));
var r2 = pidPool.submit(() -> slowAdd(0.3, 2, 3));
System.out.println("first " + r1.result() + ", second " + r2.result());
""")
    assert "first 13, second 5" in out
    pids = {int(p) for p in re.findall(r"worker (\d+) sleeps", out)}
    assert len(re.findall(r"worker (\d+) awake", out)) == 2, out
    kernel_pid = int(value(kernel, "ProcessHandle.current().pid()"))
    assert kernel_pid == kernel.pid
    assert pids and kernel_pid not in pids, (kernel_pid, pids)
    task_pid = int(value(kernel, "pidPool.submit(() -> ProcessHandle.current().pid()).result()"))
    assert task_pid != kernel_pid
    assert value(kernel, "pidPool.submit(() -> 1).worker()") .strip('"').startswith("pid ")
    for pid in pids | {task_pid}:
        assert WORKER_MAIN in cmdline(pid), f"pid {pid} is not a worker JVM: {cmdline(pid)!r}"
        assert parent_pid(pid) == kernel_pid
    ok(kernel, "pidPool.close();")


def test_two_tasks_on_two_workers_overlap(kernel: Kernel) -> None:
    # Each task announces its start with a flag file, then waits for the other's: both can return only if each
    # was still running when the other started, i.e. they overlapped, by design (on one worker the first would
    # wait in vain, and its hang guard fails the test).
    with Flag() as a_started, Flag() as b_started:
        ok(kernel, """
String meet(String mine, String other) throws Exception {
    java.nio.file.Files.createFile(java.nio.file.Path.of(mine));
    var theirs = java.nio.file.Path.of(other);
    long end = System.nanoTime() + 90_000_000_000L;
    while (!java.nio.file.Files.exists(theirs)) {
        if (System.nanoTime() - end > 0) throw new IllegalStateException("the other task never started: " + theirs);
        Thread.sleep(20);
    }
    return "pid " + ProcessHandle.current().pid();
}
var pairPool = new ProcessPool(2);
""")
        out = ok(kernel, f"""
var pa = pairPool.submit(() -> meet("{a_started.path}", "{b_started.path}"));
var pb = pairPool.submit(() -> meet("{b_started.path}", "{a_started.path}"));
System.out.println(pa.result() + " | " + pb.result() + " | " + pa.worker() + " | " + pb.worker());
""", timeout=150)
    ran_a, ran_b, worker_a, worker_b = out.strip().split(" | ")
    assert ran_a != ran_b, f"both tasks ran in the same JVM: {out}"
    assert (ran_a, ran_b) == (worker_a, worker_b), f"each future names the worker that ran it: {out}"
    assert int(ran_a.split()[1]) != kernel.pid and int(ran_b.split()[1]) != kernel.pid, out
    ok(kernel, "pairPool.close();")


def test_exceptions_are_held_in_futures_and_callbacks_run_off_reader_threads(kernel: Kernel) -> None:
    ok(kernel, SLOW_ADD)
    ok(kernel, """
void broken(double secs) throws Exception {
    Thread.sleep((long) (secs * 1000));
    throw new IllegalArgumentException("deliberately broken");
}
var errPool = new ProcessPool(2);
var good = errPool.submit(() -> slowAdd(0.2, 8, 1));
var bad = errPool.submit(() -> { broken(0.2); return 0; });
""")
    assert value(kernel, "bad.exception()") == "java.lang.IllegalArgumentException: deliberately broken"
    assert value(kernel, "bad.state()") == "FAILED"
    assert value(kernel, "good.result()") == "9"
    assert value(kernel, "Arrays.stream(bad.exception().getStackTrace())"
                         ".anyMatch(e -> e.getMethodName().contains(\"broken\"))") == "true", \
        "the worker's stack trace should come back with the exception"
    err = failing(kernel, "bad.result()")
    assert "TaskFailedException" in err and "deliberately broken" in err, err

    reply, _ = kernel.run("""
var withCallback = errPool.submit(() -> slowAdd(0.3, 3, 4));
withCallback.addDoneCallback(f -> System.out.println(
        "callback got " + f.result() + " on thread " + Thread.currentThread().getName()));
""")
    assert reply["content"]["status"] == "ok", error_text(reply)
    msg_id = reply["parent_header"]["msg_id"]
    kernel.wait_for_text(msg_id, "callback got 7", timeout=60)
    line = next(ln for ln in kernel.stream_text(msg_id).splitlines() if ln.startswith("callback got"))
    assert "java-futures-worker-" not in line, f"callback ran on a pipe reader thread: {line}"
    ok(kernel, "errPool.close();")


# ---- the serializable rule ------------------------------------------------------------------

def test_notebook_methods_records_and_variables_travel_by_value(kernel: Kernel) -> None:
    ok(kernel, """
int scale = 7;
String label = "pts";
record Pt(int x, int y) implements java.io.Serializable { int manhattan() { return Math.abs(x) + Math.abs(y); } }
int scaled(Pt p) { return p.manhattan() * scale; }
String tag(int v) { return label + ":" + v; }
var codePool = new ProcessPool(2);
""")
    assert value(kernel, "codePool.submit(() -> tag(scaled(new Pt(2, -3)))).result()") == '"pts:35"'
    ok(kernel, "scale = 10;")
    assert value(kernel, "codePool.submit(() -> tag(scaled(new Pt(2, -3)))).result()") == '"pts:50"'
    # a (serializable) record as the result comes back as the kernel's own record
    assert value(kernel, "codePool.submit(() -> new Pt(scale, 1)).result()") == "Pt[x=10, y=1]"
    assert value(kernel, "codePool.submit(() -> new Pt(scale, 1)).result() instanceof Pt") == "true"

    ok(kernel, "int version() { return 1; }")
    assert value(kernel, "codePool.submit(() -> version()).result()") == "1"
    ok(kernel, "int version() { return 2; }")
    assert value(kernel, "codePool.submit(() -> version()).result()") == "2"

    # A task queued before a redefinition keeps the version it captured at submit.
    # (Held in a list: JShell resets a variable whose initializer mentions a redefined method.)
    # The one worker is held by a blocker that waits for a flag, set only after the redefinition: the second
    # task is still queued when version() changes, however slow the machine.
    with Flag() as release:
        ok(kernel, f"""
var single = new ProcessPool(1);
var held = new ArrayList<TaskFuture<?>>();
held.add(single.submit(() -> {{ {release.wait_java()} return 0; }}));
held.add(single.submit(() -> version()));
""")
        ok(kernel, "int version() { return 3; }")
        assert value(kernel, "held.get(1).state()") == "PENDING", "the queued task ran before the blocker ended"
        release.set()
        assert value(kernel, "held.get(0).result()") == "0"
        assert value(kernel, "held.get(1).result()") == "2"
    assert value(kernel, "single.submit(() -> version()).result()") == "3"
    ok(kernel, "codePool.close(); single.close();")


def test_map_carries_top_level_variables_its_function_reads(kernel: Kernel) -> None:
    # map wraps the cell's function in a kernel class (a chunk), whose own loader cannot see the
    # notebook's classes: the variable must still travel by value. It travels once per worker and map (not per
    # chunk), as it is when the map starts: re-running the same cell after a re-assignment is a new version,
    # and a task of another cell that stores another value on the workers between two chunks of a half-read
    # map changes none of that map's answers.
    ok(kernel, "int sliceSize = 10;")
    ok(kernel, "var mapPool = new ProcessPool(2);")
    cell = "mapPool.map(s -> s * sliceSize, List.of(1, 2, 3, 4, 5, 6), 2).toList()"
    assert value(kernel, cell) == "[10, 20, 30, 40, 50, 60]"
    ok(kernel, "sliceSize = 100;")
    assert value(kernel, cell) == "[100, 200, 300, 400, 500, 600]"
    ok(kernel, "var half = mapPool.map(s -> s * sliceSize, List.of(1, 2, 3, 4, 5, 6)).iterator();"
               " int first = half.next();")
    ok(kernel, "sliceSize = 7;")
    assert value(kernel, "mapPool.submit(() -> sliceSize).result()") == "7"
    assert value(kernel, "int rest = 0; while (half.hasNext()) rest += half.next(); first + rest") == "2100"
    assert value(kernel, cell) == "[7, 14, 21, 28, 35, 42]"
    ok(kernel, "mapPool.close();")


def test_unserializable_capture_fails_at_submit_naming_it(kernel: Kernel) -> None:
    ok(kernel, "var lockThread = new Thread(() -> {}); var serPool = new ProcessPool(1);")
    err = failing(kernel, "serPool.submit(() -> lockThread.getName())")
    assert "TaskNotSerializableException" in err, err
    assert "lockThread" in err and "java.lang.Thread" in err and "Fix" in err, err

    err = failing(kernel, """
for (int i = 0; i < 1; i++) {
    var holder = new Thread();
    serPool.submit(() -> holder.getName());
}
""")
    assert "TaskNotSerializableException" in err and "holder" in err and "java.lang.Thread" in err, err
    assert value(kernel, "serPool.finished() + serPool.queued() + serPool.running()") == "0", \
        "a task that failed at submit must not have been submitted"
    # a lambda held in a plain Callable is serializable too (cells compile with -XDforceSerializable)
    assert value(kernel, 'Callable<String> plain = () -> "plain ok"; serPool.submit(plain).result()') == '"plain ok"'
    ok(kernel, "serPool.close();")


# ---- dead workers ---------------------------------------------------------------------------

def test_each_worker_death_fails_only_its_own_future(kernel: Kernel) -> None:
    marker = f"/tmp/java-futures-test-{uuid.uuid4().hex}"
    ok(kernel, f"""
String marker = "{marker}";
var deathPool = ProcessPool.builder().workers(2).jvmArgs("-Xmx48m").build();
// The survivor holds one worker until its flag file appears, created only once the victim's worker has died:
// the two overlap, and the victim runs on the other worker, by design.
String deathReport(SerializableCallable<Object> killer) throws Exception {{
    var flag = java.nio.file.Files.createTempFile("java-futures-survivor-", "");
    java.nio.file.Files.delete(flag);
    String flagName = flag.toString();
    var survivor = deathPool.submit(() -> {{
        var f = java.nio.file.Path.of(flagName);
        for (int i = 0; i < 6000 && !java.nio.file.Files.exists(f); i++) Thread.sleep(20);
        return java.nio.file.Files.exists(f) ? "survived" : "never released";
    }});
    var victim = deathPool.submit(killer);
    Throwable e = victim.exception();
    java.nio.file.Files.createFile(flag);
    try {{
        return (e == null ? "no exception" : e.getClass().getSimpleName() + " | " + e.getMessage())
                + " | " + survivor.result() + " | " + victim.worker();
    }} finally {{
        java.nio.file.Files.deleteIfExists(flag);
    }}
}}
""")
    cases = {
        "exit": ("() -> { System.exit(7); return null; }", r"exit status 7\b"),
        "halt": ("() -> { Runtime.getRuntime().halt(9); return null; }", r"exit status 9\b"),
        "oom": ("() -> { var hog = new ArrayList<long[]>(); while (true) hog.add(new long[1 << 20]); }",
                r"exit status 3 \(out of memory\)"),
    }
    for kind, (killer, status) in cases.items():
        report = value(kernel, f"deathReport({killer})", timeout=120).strip('"')
        assert report.startswith("WorkerDiedException | "), f"{kind}: {report}"
        died, survived, worker = report.split(" | ")[1:]
        assert survived == "survived", f"{kind}: the other task was affected: {report}"
        pid = worker.split()[-1]
        assert f"pid {pid}" in died and re.search(status, died), f"{kind}: {died}"

    # SIGKILL from the notebook, once the task is surely running in its worker
    ok(kernel, """
var sleeper = deathPool.submit(() -> {
    java.nio.file.Files.writeString(java.nio.file.Path.of(marker), "" + ProcessHandle.current().pid());
    Thread.sleep(60_000);
    return null;
});
var buddy = deathPool.submit(() -> { Thread.sleep(1000); return "survived"; });
""")
    wait_until(lambda: os.path.exists(marker) and open(marker).read().strip(), 60, "the sleeper to start")
    pid = int(open(marker).read().strip())
    os.remove(marker)
    ok(kernel, f"ProcessHandle.of({pid}).get().destroyForcibly();")
    died = value(kernel, "sleeper.exception().getMessage()", timeout=60)
    assert f"pid {pid}" in died and "exit status 137" in died and "SIGKILL" in died, died
    assert value(kernel, "buddy.result()") == '"survived"'
    # the pool replaced the worker and still works
    assert value(kernel, "deathPool.submit(() -> 6 * 7).result()", timeout=60) == "42"

    # cancel(true) of a running task ends its worker and replaces it
    ok(kernel, """
var endless = deathPool.submit(() -> {
    java.nio.file.Files.writeString(java.nio.file.Path.of(marker), "" + ProcessHandle.current().pid());
    Thread.sleep(60_000);
    return 1;
});
""")
    wait_until(lambda: os.path.exists(marker) and open(marker).read().strip(), 60, "the endless task to start")
    pid = int(open(marker).read().strip())
    os.remove(marker)
    assert value(kernel, "endless.cancel(true)") == "true"
    assert value(kernel, "endless.state()") == "CANCELLED"
    wait_until(lambda: process_gone(pid), 30, f"worker {pid} to end after cancel(true)")
    assert value(kernel, "deathPool.submit(() -> 6 * 7).result()", timeout=60) == "42"
    ok(kernel, "deathPool.close();")


# ---- output, magics -------------------------------------------------------------------------

def test_late_task_output_lands_under_the_submitting_cell(kernel: Kernel) -> None:
    ok(kernel, "var outPool = new ProcessPool(1); outPool.submit(() -> 1).result();")
    # The task prints once the second cell runs (that cell sets its flag), and the second cell ends once the
    # test has seen the late lines: they come after their cell and while another runs, by design.
    with Flag() as go, Flag() as seen:
        first = kernel.execute(f'outPool.submit(() -> {{ {go.wait_java()} System.out.println("late from worker"); '
                               'System.err.println("late err"); return 0; });')
        reply = kernel.reply(first)
        assert reply["content"]["status"] == "ok", error_text(reply)
        kernel.wait_idle(first)
        second = kernel.execute(f'java.nio.file.Files.createFile(java.nio.file.Path.of("{go.path}"));\n'
                                f'{seen.wait_java()}\nSystem.out.println("second cell");')
        kernel.wait_for_text(first, "late from worker", timeout=60)
        kernel.wait_for_text(first, "late err", timeout=60, name="stderr")
        seen.set()
        assert kernel.reply(second)["content"]["status"] == "ok"
        kernel.wait_idle(second)
    assert "late from worker" not in kernel.stream_text(second, None)
    ok(kernel, "outPool.close();")


def test_process_magic_binds_its_future_and_pool_magic_lists_workers(kernel: Kernel) -> None:
    ok(kernel, "int step = 3;")
    reply, msgs = kernel.run("%%process pm\nint s = 0;\nfor (int i = 1; i <= 10; i++) s += i * step;\ns")
    assert reply["content"]["status"] == "ok", error_text(reply)
    assert any(m["msg_type"] in ("display_data", "execute_result") for m in msgs), "no status row shown"
    assert value(kernel, "pm.result()", timeout=60) == "165"
    assert value(kernel, "pm.worker()").strip('"').startswith("pid ")
    assert value(kernel, "pm.pool()") == '"processes"'
    assert int(value(kernel, "(long) Pools.processes().submit(() -> ProcessHandle.current().pid()).result()")) \
        != kernel.pid

    reply, _ = kernel.run("%%process --name labelled\nSystem.out.println(\"magic body ran\");")
    assert reply["content"]["status"] == "ok", error_text(reply)
    kernel.wait_for_text(reply["parent_header"]["msg_id"], "magic body ran", timeout=60)

    out = ok(kernel, "%pool processes 3")
    assert re.search(r"^processes \(processes\): 3 workers", out, re.M), out
    assert re.search(r"workers: pid \d+", out), out
    ok(kernel, "%pool processes 2")


# ---- no orphans, no ports -------------------------------------------------------------------

def _start_workers(k: Kernel) -> set[int]:
    ok(k, "var mine = new ProcessPool(2); mine.submit(() -> 1).result(); Pools.processes().submit(() -> 2).result();")
    pids = worker_pids(k.pid)
    assert len(pids) >= 3, f"expected worker JVMs under kernel {k.pid}, found {pids}"
    return pids


def test_workers_listen_on_no_port(kernel: Kernel) -> None:
    # The module's kernel will do (it is neither ended nor restarted here): its workers from earlier
    # tests are checked too, which only adds workers that must not listen.
    pids = _start_workers(kernel)
    listening = listening_inodes()
    for pid in pids:
        bad = socket_inodes(pid) & listening
        assert not bad, f"worker {pid} listens on sockets {bad}"


def test_no_worker_outlives_a_kernel_shutdown(fresh_kernel: Kernel) -> None:
    pids = _start_workers(fresh_kernel)
    fresh_kernel.close()
    wait_until(lambda: all(process_gone(p) for p in pids), 30, f"workers {pids} to end after shutdown")


def test_no_worker_outlives_a_sigkilled_kernel(fresh_kernel: Kernel) -> None:
    pids = _start_workers(fresh_kernel)
    os.kill(fresh_kernel.pid, signal.SIGKILL)
    wait_until(lambda: all(process_gone(p) for p in pids), 30, f"workers {pids} to end after the kernel's SIGKILL")


# ---- a pool's life: re-run cells, unreachable pools, interrupted cells -------------------------

def test_rerunning_a_pool_cell_leaves_no_extra_workers_once_old_pools_are_unreachable(fresh_kernel: Kernel) -> None:
    """Python's executors shut down when they become garbage: so do ours (the registry holds them weakly)."""
    k = fresh_kernel
    cell = "var pool = new ProcessPool(2); pool.submit(() -> 1).result();"
    # Spare JVMs (WarmWorkers: booted in the background, one at a time, after start and after each adoption) are
    # part of the expected count. The test sets how many the kernel keeps (two, its default) and waits until that
    # many have booted: then the refill has ended and no JVM is still on its way.
    spares = 2
    ok(k, f"javafutures.process.WarmWorkers.shared().setTarget({spares});")
    ok(k, cell, timeout=120)
    wait_until(lambda: value(k, "javafutures.process.WarmWorkers.shared().ready()") == str(spares), 120,
               f"{spares} spare worker JVMs to be ready", interval=0.5)
    expected = len(worker_pids(k.pid))
    assert expected == 2 + spares, f"the pool's 2 workers and {spares} spares, not {worker_pids(k.pid)}"
    for _ in range(3):  # each run's pool takes the spares; the last run's is the only one reachable
        ok(k, cell, timeout=120)
    # (no count here: old pools may already be collected while the spares refill one at a time)

    def collected() -> bool:
        ok(k, "System.gc();")
        return len(worker_pids(k.pid)) <= expected

    wait_until(collected, 60, f"child JVMs to return to {expected} after the old pools became unreachable")
    pools = ok(k, "%pool")
    assert len(re.findall(r"^processes-\d+ \(processes\)", pools, re.M)) == 1, "only the live pool is listed: " + pools
    assert value(k, "pool.submit(() -> 40 + 2).result()") == "42", "the live pool still works"
    # A pool whose variable is re-assigned while its task runs finishes that task first (the task waits for a
    # flag set only after the collection).
    with Flag() as collected_first:
        ok(k, f'var slow = new ProcessPool(1); var sf = slow.submit(() -> {{ {collected_first.wait_java()} '
              'return "done"; }); slow = null; System.gc();')
        collected_first.set()
        assert value(k, "sf.result()", timeout=60) == '"done"'


def test_interrupting_a_cell_that_creates_pools_leaves_the_pools_working(kernel: Kernel) -> None:
    """Threads the kernel makes for pools are never born in the cell's thread group: stopping it spares them."""
    # The tasks wait for a flag set only after the interrupt: they are still running when it comes.
    with Flag() as release:
        code = ("var ipool = new ProcessPool(1); var itp = new ThreadPool(1);\n"
                f"var if1 = ipool.submit(() -> {{ {release.wait_java()} return 5; }});\n"
                f"var if2 = itp.submit(() -> {{ {release.wait_java()} return 6; }});\n"
                "if1.addDoneCallback(f -> System.out.println(\"callback saw \" + f.result()));\n"
                'System.out.println("pools made"); Thread.sleep(600_000);')
        msg_id = kernel.execute(code)
        kernel.wait_for_text(msg_id, "pools made", timeout=90)
        kernel.km.interrupt_kernel()
        reply = kernel.reply(msg_id, timeout=30)
        assert reply["content"]["status"] == "error", "the cell was interrupted"
        release.set()
        assert value(kernel, "if1.result()", timeout=60) == "5"
        assert value(kernel, "if2.result()", timeout=60) == "6"
    assert value(kernel, "ipool.submit(() -> 7).result()", timeout=60) == "7"
    assert value(kernel, "itp.submit(() -> 8).result()", timeout=60) == "8"
    kernel.wait_for_text(msg_id, "callback saw 5", timeout=30)
    ok(kernel, "ipool.close(); itp.close();")
