"""What travels to process workers and cluster members, end to end through a real Jupyter client, as a
notebook is edited and re-run: after every re-declaration (same type, new type), method redefinition (new
body, new signature), class or record redefinition, a task computes in a worker exactly what the kernel
computes itself, for submit, map chunks, %%process cells and cluster pools. And a capture too large for a
pool fails at submit, naming its size, the limit and the fix, while the pool goes on.

Each check asks the worker first and the kernel second, and compares both with the value the notebook now
holds. Time bounds are generous (2 shared cores); nothing here measures speed."""
from __future__ import annotations

import re

import pytest

from harness import Kernel
from test_process_pool import failing, ok

pytestmark = pytest.mark.timeout(600)


def same(kernel: Kernel, pool: str, expr: str, expected: str) -> None:
    """expr computed by a task on pool, then by the kernel: both show `expected`."""
    worker = kernel.value(f"{pool}.submit(() -> {expr}).result()", timeout=120)
    own = kernel.value(expr)
    assert own == expected, f"the kernel's own {expr} is {own}, expected {expected}"
    assert worker == own, f"{pool} computed {expr} = {worker}, the kernel {own}"


def test_redeclared_variables_methods_and_records_reach_workers(kernel: Kernel) -> None:
    ok(kernel, "var ship = new ProcessPool(2);")
    # the example (as `gain`): edit the declaration, run it again, run the task again
    ok(kernel, "int gain = 3;")
    same(kernel, "ship", "gain * 10", "30")
    ok(kernel, "int gain = 4;")
    same(kernel, "ship", "gain * 10", "40")
    ok(kernel, "int gain = 5;")
    same(kernel, "ship", "gain * 10", "50")
    ok(kernel, 'String label = "one";')
    ok(kernel, 'String label = "two";')
    same(kernel, "ship", 'label + "!"', '"two!"')
    # a variable whose type changes
    ok(kernel, "int unit = 3;")
    ok(kernel, 'String unit = "kg";')
    same(kernel, "ship", "unit + 1", '"kg1"')
    # a method reading a re-declared variable, then redefined, then the variable again
    ok(kernel, "int grow(int x) { return x + gain; }")
    same(kernel, "ship", "grow(0)", "5")
    ok(kernel, "int gain = 6;")
    same(kernel, "ship", "grow(0)", "6")
    ok(kernel, "int grow(int x) { return x + gain * 100; }")
    same(kernel, "ship", "grow(1)", "601")
    # a method whose signature changes, and an overload beside it (both recompiled together below)
    ok(kernel, "long grow(int x) { return x + gain * 1000L; }")
    same(kernel, "ship", "grow(1)", "6001")
    ok(kernel, "String grow(String s) { return s + gain; }")
    ok(kernel, "int gain = 7;")
    same(kernel, "ship", 'grow("f") + grow(1)', '"f77001"')
    # a record redefined twice, whose method reads a top-level variable
    ok(kernel, "record Box(int a) implements java.io.Serializable { int size() { return a * gain; } }")
    same(kernel, "ship", "new Box(2).size()", "14")
    ok(kernel, "record Box(int a, int b) implements java.io.Serializable { int size() { return (a + b) * gain; } }")
    same(kernel, "ship", "new Box(2, 1).size()", "21")
    ok(kernel, "record Box(int a, int b) implements java.io.Serializable { int size() { return a * b * gain; } }")
    ok(kernel, "int gain = 8;")
    same(kernel, "ship", "new Box(2, 3).size()", "48")
    # code that only a value brings (an instance behind an interface) reads a re-declared variable
    ok(kernel, "class Rate implements Supplier<Integer>, java.io.Serializable { public Integer get() { return gain + 1; } }")
    ok(kernel, "Supplier<Integer> rate = new Rate();")
    same(kernel, "ship", "rate.get()", "9")
    ok(kernel, "ship.close();")


def test_the_pool_cell_rerun_and_cells_run_out_of_order(kernel: Kernel) -> None:
    ok(kernel, "int step = 1;")
    ok(kernel, "var again = new ProcessPool(1);")
    same(kernel, "again", "step + 1", "2")
    ok(kernel, "int step = 2;")
    ok(kernel, "var again = new ProcessPool(1);")  # the pool's cell re-run: a new pool
    same(kernel, "again", "step + 1", "3")
    ok(kernel, "int step = 1;")  # an earlier cell re-run after the later ones
    same(kernel, "again", "step + 1", "2")
    ok(kernel, "again.close();")


def test_map_chunks_and_process_cells_carry_redeclared_variables(kernel: Kernel) -> None:
    ok(kernel, "var mapper = new ProcessPool(2);")
    ok(kernel, "int per = 10;")
    assert kernel.value("mapper.map(x -> x * per, List.of(1, 2, 3), 2).toList()") == "[10, 20, 30]"
    ok(kernel, "int per = 100;")
    assert kernel.value("mapper.map(x -> x * per, List.of(1, 2, 3), 2).toList()") == "[100, 200, 300]"
    ok(kernel, 'String per = "p";')
    assert kernel.value("mapper.map(x -> per + x, List.of(1, 2)).toList()") == '[p1, p2]'
    ok(kernel, "mapper.close();")
    # %%process on the default pool: the issue's `factor + bump(0)`
    ok(kernel, "int factor = 3;")
    ok(kernel, "int bump(int x) { return x + factor; }")
    ok(kernel, "%%process cellTask\nfactor + bump(0)")
    assert kernel.value("cellTask.result()") == "6"
    ok(kernel, "int factor = 4;")
    ok(kernel, "%%process cellTask\nfactor + bump(0)")
    assert kernel.value("cellTask.result()") == kernel.value("factor + bump(0)") == "8"
    ok(kernel, 'String factor = "s";')
    ok(kernel, "%%process cellTask\nfactor.length() + factor")
    assert kernel.value("cellTask.result()") == '"1s"'


def test_cluster_members_get_redeclared_variables(kernel: Kernel) -> None:
    ok(kernel, "var members = ClusterPool.local(1);", timeout=240)
    try:
        ok(kernel, "int cfactor = 3;")
        same(kernel, "members", "cfactor * 10", "30")
        ok(kernel, "int cfactor = 4;")
        same(kernel, "members", "cfactor * 10", "40")
        ok(kernel, 'String cfactor = "c";')
        same(kernel, "members", 'cfactor + "!"', '"c!"')
        ok(kernel, "int cbump(int x) { return x + cfactor.length(); }")
        ok(kernel, 'String cfactor = "cc";')
        same(kernel, "members", "cbump(10)", "12")
        ok(kernel, "record CBox(int a) implements java.io.Serializable { int twice() { return 2 * a; } }")
        ok(kernel, "record CBox(int a, int b) implements java.io.Serializable { int twice() { return 2 * (a + b); } }")
        same(kernel, "members", "new CBox(1, 2).twice()", "6")
    finally:
        ok(kernel, "members.shutdownNow();")


def test_a_96_megabyte_capture_fails_at_submit_and_the_pool_goes_on(kernel: Kernel) -> None:
    ok(kernel, "double[] big = new double[12_000_000]; big[11_999_999] = 0.5;")
    ok(kernel, "var small = new ProcessPool(1);")
    # a notebook variable the task reads
    err = failing(kernel, "small.submit(() -> big[big.length - 1]).result()")
    assert "TaskTooLargeException" in err, err
    assert re.search(r"96,000,\d{3} bytes", err), err
    assert "67,108,864 bytes (64 MiB)" in err and "notebook variable `big`" in err, err
    assert "ProcessPool.builder().maxTaskBytes(128L << 20)" in err, err
    assert kernel.value("small.submit(() -> 40 + 2).result()") == "42", "the pool goes on"
    # a captured local variable of a cell
    err = failing(kernel, "{ double[] local = new double[12_000_000]; small.submit(() -> local.length); }")
    assert "captured variable `local`" in err and "64 MiB" in err, err
    # a %%process cell on the default pool
    err = failing(kernel, "%%process\nbig.length")
    assert "TaskTooLargeException" in err and "--pool" in err, err
    assert kernel.value("small.submit(() -> 1 + 2).result()") == "3"
    # the fix the message names
    ok(kernel, "var roomy = ProcessPool.builder().workers(1).maxTaskBytes(128L << 20).build();")
    assert kernel.value("roomy.submit(() -> big[big.length - 1] + big.length).result()", timeout=180) == "1.20000005E7"
    assert kernel.value("roomy.submit(() -> 2 + 3).result()") == "5"
    ok(kernel, "small.close(); roomy.close(); big = null;")


@pytest.mark.one_jdk("argument checks of ProcessPool.builder(); shipping on both JDKs is in the other tests")
def test_bad_size_limits_are_refused_with_a_clear_error(kernel: Kernel) -> None:
    err = failing(kernel, "ProcessPool.builder().maxTaskBytes(0)")
    assert "IllegalArgumentException" in err and "maxTaskBytes must be between 1024" in err, err
    err = failing(kernel, "ProcessPool.builder().maxTaskBytes(3L << 30)")
    assert "about 2 GiB" in err, err
    assert kernel.value("1 + 1") == "2"
