"""Cluster maps carry their function and the top-level values it reads once per member and map (a signed
map part), end to end through a real Jupyter client: re-assigned, re-declared and redefined names give the
new values when the map cell runs again, a task of another cell between two chunks sees its own values while
the chunks keep the map's, a member killed mid-map fails only the chunks it held (or they run again with
retries on) and the pool goes on, and bad input is a clear error in the cell with the kernel alive.

How often a part travels is counted in the JUnit tests (ClusterMapSharingTest, MemberMapPartsTest: also
forged and unsigned parts); here the tests check what a notebook sees. Member JVMs cost seconds to start,
so one module kernel and one pool serve the tests, in order; time bounds are generous (2 shared cores)."""
from __future__ import annotations

import re

import pytest

from harness import Flag, Kernel, error_text

pytestmark = pytest.mark.timeout(400)
RANGE = "java.util.stream.IntStream.range(0, {n}).boxed().toList()"


def ok(kernel: Kernel, code: str, timeout: float = 120) -> str:
    reply, _ = kernel.run(code, timeout=timeout)
    assert reply["content"]["status"] == "ok", f"{code!r} failed: {error_text(reply)}"
    return kernel.stream_text(reply["parent_header"]["msg_id"])


def member_pids(kernel: Kernel, var: str) -> list[int]:
    return [int(p) for p in re.findall(r"\d+", kernel.value(f"{var}.memberPids()"))]


@pytest.fixture(scope="module")
def k(kernel_name: str):
    kernel = Kernel(kernel_name)
    ok(kernel, "var cp = ClusterPool.local(2);", timeout=180)
    yield kernel
    try:
        kernel.close()
    except Exception:
        pass


def test_re_running_a_map_cell_after_editing_what_it_reads_gives_the_new_values(k: Kernel) -> None:
    map_cell = "cp.map(i -> scale(w[i % 3]), " + RANGE.format(n=9) + ", 2).toList()"
    ok(k, "int[] w = {1, 2, 3};")
    ok(k, "int scale(int x) { return x * 10; }")
    assert k.value(map_cell) == "[10, 20, 30, 10, 20, 30, 10, 20, 30]"
    ok(k, "w = new int[]{4, 5, 6};")  # re-assigned: the same field, a new value
    assert k.value(map_cell) == "[40, 50, 60, 40, 50, 60, 40, 50, 60]"
    ok(k, "int[] w = {7, 8, 9};")  # re-declared: a new wrapper class
    assert k.value(map_cell) == "[70, 80, 90, 70, 80, 90, 70, 80, 90]"
    ok(k, "int scale(int x) { return x * 100; }")  # redefined method
    assert k.value(map_cell) == "[700, 800, 900, 700, 800, 900, 700, 800, 900]"
    ok(k, "w[0] = 1;")  # changed in place, in the kernel: the next map reads it when it starts
    assert k.value(map_cell) == "[100, 800, 900, 100, 800, 900, 100, 800, 900]"


def test_a_task_of_another_cell_between_chunks_sees_its_own_value(k: Kernel) -> None:
    ok(k, "int offset = 100;")
    ok(k, "var it = cp.map(i -> i + offset, " + RANGE.format(n=30) + ", 1).iterator();")
    assert k.value("it.next()") == "100"
    ok(k, "offset = 7;")
    for j in range(4):
        assert k.value(f"cp.submit(() -> offset + {j}).result()") == str(7 + j)
    out = ok(k, "var seen = new ArrayList<Integer>(); while (it.hasNext()) seen.add(it.next()); System.out.println(seen);")
    assert out.strip() == str(list(range(101, 130))).replace(" ", " "), out
    # Run out of order: the map cell again, now that offset is 7.
    assert k.value("cp.map(i -> i + offset, List.of(1, 2), 1).toList()") == "[8, 9]"


def test_bad_input_is_a_clear_error_and_the_kernel_and_pool_go_on(k: Kernel) -> None:
    cases = {
        "cp.map(null, List.of(1, 2), 1).toList();": "fn",
        "cp.map(x -> x, List.of(1, 2), 0).toList();": "chunkSize must be at least 1",
        "cp.map(x -> x, null, 1).toList();": "items",
    }
    for code, text in cases.items():
        reply, _ = k.run(code)
        assert reply["content"]["status"] == "error", code
        assert text in error_text(reply), (code, error_text(reply))
    ok(k, "Thread worker = new Thread();")
    reply, _ = k.run("cp.map(i -> worker.getName() + i, List.of(1, 2), 1).toList();")
    assert reply["content"]["status"] == "error" and "not serializable" in error_text(reply), error_text(reply)
    ok(k, "int ten = 10;")
    reply, _ = k.run("cp.map(i -> 100 / (i - 3) + ten, " + RANGE.format(n=6) + ", 1).toList();")
    err = error_text(reply)
    assert reply["content"]["status"] == "error" and "ArithmeticException" in err, err
    assert k.value("1 + 1") == "2"
    assert k.value("cp.map(i -> i * ten, List.of(1, 2, 3), 2).toList()") == "[10, 20, 30]"


def test_a_member_killed_mid_map_fails_only_its_chunks_and_the_pool_goes_on(k: Kernel) -> None:
    ok(k, "long[] table = new long[100_000]; java.util.Arrays.fill(table, 2L);")
    ok(k, "var rp = ClusterPool.builder().members(2).retryOnMemberLoss(true).build();", timeout=180)
    pids = member_pids(k, "cp")
    rpids = member_pids(k, "rp")
    with Flag() as killed:
        # Ordered by design, not by chunks slow enough to outlast the kills: chunk 0 comes back at once; every
        # other chunk marks its member as holding one ("held-PID" beside the flag) and waits until the cell,
        # having killed both victims while they hold chunks, sets the flag.
        held = killed.directory + "/held-"
        chunk = ("i -> { if (i > 0) { java.nio.file.Files.writeString(java.nio.file.Path.of(\"" + held
                 + "\" + ProcessHandle.current().pid()), \"\"); " + killed.wait_java() + " } return table[i] * i; }")

        def kill_when_holding(pid: int) -> str:
            return (f'{{ var h = java.nio.file.Path.of("{held}{pid}"); long end = System.nanoTime() + 120_000_000_000L;\n'
                    "  while (!java.nio.file.Files.exists(h)) { if (System.nanoTime() - end > 0) "
                    f'throw new IllegalStateException("member {pid} never held a chunk"); Thread.sleep(20); }}\n'
                    f"  ProcessHandle.of({pid}L).ifPresent(ProcessHandle::destroyForcibly); }}\n")
        msg = k.execute(
            "var got = new ArrayList<Long>(); var lost = new ArrayList<String>();\n"
            "var sc = cp.map(" + chunk + ", " + RANGE.format(n=40) + ", 1).iterator();\n"
            "var sr = rp.map(" + chunk + ", " + RANGE.format(n=40) + ", 1).iterator();\n"
            "got.add(sc.next());\n" + kill_when_holding(pids[0]) + "sr.next();\n" + kill_when_holding(rpids[0])
            + 'java.nio.file.Files.writeString(java.nio.file.Path.of("' + killed.path + '"), "");\n'
            "try { while (sc.hasNext()) got.add(sc.next()); } catch (TaskFailedException e) { lost.add(String.valueOf(e.getCause())); }\n"
            "var all = new ArrayList<Long>(List.of(0L)); while (sr.hasNext()) all.add(sr.next());\n"
            'System.out.println("got " + got.size() + " lost " + lost + " retried " + all.equals(java.util.stream.LongStream.range(0, 40).map(i -> 2 * i).boxed().toList()));')
        reply = k.reply(msg, timeout=300)  # inside: leaving the block sets the flag
    assert reply["content"]["status"] == "ok", error_text(reply)
    k.wait_idle(msg)  # the output comes on IOPub before idle, and may be read after the reply
    out = k.stream_text(msg)
    m = re.search(r"got (\d+) lost \[(.*)\] retried (true|false)", out)
    assert m, out
    assert m.group(3) == "true", "with retries on, the map finished with every value: " + out
    got, lost = int(m.group(1)), m.group(2)
    assert got < 40 and "MemberLostException" in lost and f"pid {pids[0]}" in lost, out
    assert k.value("got.equals(java.util.stream.LongStream.range(0, got.size()).map(i -> 2 * i).boxed().toList())") == "true"
    # The pool goes on with its other member; a new map sends its part there.
    assert k.value("cp.map(i -> table[i] + i, " + RANGE.format(n=8) + ", 1).toList()") == "[2, 3, 4, 5, 6, 7, 8, 9]"
    ok(k, "rp.shutdownNow();")
