"""A long notebook session end to end, through a real Jupyter client, with the kernel's caches made tiny
(`-Djavafutures.cache.taskScans=2 -Djavafutures.cache.parsedClasses=4`) so that every cell evicts task scans
and parsed classes, JShell's javac contexts dropped every 5 snippets (`-Djavafutures.javac.resetSnippets=5`,
so most cells compile in a fresh context), and worker JVMs are told to forget the class sets nothing can name any more: in every cell
that re-declares a variable and redefines a method and a record, the thread task and the process task compute
what the kernel computes; a lambda kept from the first cell still computes with the versions it captured after
all of them were evicted; re-running an old cell and a submit-only cell many times stays right.

bench/lean_session_bench.py measures the memory side of the same session; nothing here measures speed."""
from __future__ import annotations

import json
import os
import re
import shutil
import tempfile

import pytest
from jupyter_client.kernelspec import KernelSpecManager

from harness import Kernel
from test_process_pool import ok, value

pytestmark = pytest.mark.timeout(900)
TINY_CACHES = ["-Djavafutures.cache.taskScans=2", "-Djavafutures.cache.parsedClasses=4",
               "-Djavafutures.javac.resetSnippets=5"]


@pytest.fixture(scope="module")
def tiny(kernel_name: str):
    """A kernel like kernel_name's (same JDK), with tiny caches."""
    spec = KernelSpecManager().get_kernel_spec(kernel_name)
    with open(os.path.join(spec.resource_dir, "kernel.json"), encoding="utf-8") as f:
        js = json.load(f)
    # the copy lives in another directory: {resource_dir} becomes the copied kernelspec's
    argv = [a.replace("{resource_dir}", spec.resource_dir) for a in js["argv"]]
    jar = argv.index("-jar")
    js["argv"] = argv[:jar] + TINY_CACHES + argv[jar:]
    tmp = tempfile.mkdtemp(prefix="java-futures-tiny-caches-")
    os.makedirs(os.path.join(tmp, "tiny"))
    with open(os.path.join(tmp, "tiny", "kernel.json"), "w", encoding="utf-8") as f:
        json.dump(js, f)
    k = Kernel("tiny", kernel_spec_manager=KernelSpecManager(kernel_dirs=[tmp]))
    try:
        yield k
    finally:
        k.close()
        shutil.rmtree(tmp, True)


def cell(i: int) -> str:
    return (f"int v = {i};\n"
            f"int f(int a) {{ return a * 2 + {i}; }}\n"
            f"record R(int a, int b) {{ int sum() {{ return a + b + {i}; }} }}\n"
            "int k = f(v) + new R(1, 2).sum();\n"
            "int t = tp.submit(() -> f(v) + new R(1, 2).sum()).result();\n"
            "int p = pp.submit(() -> f(v) + new R(1, 2).sum()).result();\n"
            'System.out.println(k + " " + t + " " + p);')


def answers(text: str) -> tuple[int, int, int]:
    m = re.fullmatch(r"(-?\d+) (-?\d+) (-?\d+)\s*", text)
    assert m, f"unexpected output {text!r}"
    return int(m.group(1)), int(m.group(2)), int(m.group(3))


def test_thread_and_process_answers_equal_the_kernels_on_every_cell(tiny: Kernel) -> None:
    assert value(tiny, 'System.getProperty("javafutures.cache.taskScans")') == '"2"', "the tiny-cache kernel"
    assert value(tiny, 'System.getProperty("javafutures.javac.resetSnippets")') == '"5"', "javac contexts reset"
    ok(tiny, "ThreadPool tp = new ThreadPool(2);\nProcessPool pp = new ProcessPool(2);")
    k, t, p = answers(ok(tiny, cell(1)))
    assert (k, t, p) == (7, 7, 7)
    ok(tiny, "Callable<Integer> early = () -> f(v) * 1000 + new R(1, 2).sum();")
    assert value(tiny, "early.call()") == "3004"
    for i in range(2, 16):
        k, t, p = answers(ok(tiny, cell(i), timeout=180))
        assert k == 4 * i + 3, f"cell {i}: the kernel computed {k}"
        assert (t, p) == (k, k), f"cell {i}: kernel {k}, thread task {t}, process task {p}"
        if i % 5 == 0:
            ok(tiny, "System.gc();")  # sets only evicted scans held are collected: workers forget them
    ok(tiny, "System.gc();")
    # The first cell's lambda: its scan, parsed classes and class set are long gone, in kernel and workers.
    assert value(tiny, "early.call()") == "3004"
    assert value(tiny, "tp.submit(early).result()") == "3004"
    assert value(tiny, "pp.submit(early).result()") == "3004"
    # the last cell's f and v: f(x) + v = 2x + 15 + 15
    assert value(tiny, "pp.map(x -> f(x) + v, List.of(1, 2, 3)).toList()") == "[32, 34, 36]"
    # An old cell run again, out of order: its versions come back as new ones.
    k, t, p = answers(ok(tiny, cell(5)))
    assert (k, t, p) == (23, 23, 23)
    assert value(tiny, "pp.submit(early).result()") == "3004"


def test_a_submit_only_cell_rerun_many_times_stays_right(tiny: Kernel) -> None:
    ok(tiny, "ThreadPool tp2 = new ThreadPool(2);\nProcessPool pp2 = new ProcessPool(2);")
    code = ("long s = 0;\n"
            "for (int j = 0; j < 300; j++) s += tp2.submit(() -> 1).result();\n"
            "for (int j = 0; j < 300; j++) s += pp2.submit(() -> 1).result();\n"
            "System.out.println(s);")
    for run in range(6):
        assert ok(tiny, code, timeout=300).strip() == "600", f"run {run}"
        if run % 3 == 2:
            ok(tiny, "System.gc();")
