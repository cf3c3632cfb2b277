#!/usr/bin/env python3
"""The workers' class-data archive (install.sh trains it; see WorkerArchive): speed_bench.py's pool-start
rows with and without it, in paired runs under the same conditions.

    JUPYTER_DATA_DIR=... .venv/bin/python bench/worker_archive_bench.py [--pairs 4]

Each run is a fresh kernel from the installed kernelspec (its JDK is the one the archive was made for);
"without" hides the archive (renamed for the run, put back afterwards), so the kernel and its spares start
workers without it. The runs alternate (with, without / without, with, ...) so a change of load hits both
alike. Per run, as speed_bench.py does it: the first ProcessPool(2) right after kernel_info to its first
result; after the kernel settled and idled 5 s, another; then a new pool and its first 2,000 trivial tasks.
Also the worker's own CPU time at its first result (JVM start, and its warm-up when it was a spare), read
by the task from the OS, and that of a cold worker JVM (a pool that adopts no spare, its warm-up off), the
start alone: steadier figures than wall time on a shared machine (a spare's CPU also counts how far its
warm-up got before a pool adopted it, so only the cold worker's is a start figure). Python's ProcessPoolExecutor
(forkserver) runs once per pair, as the baseline. Prints medians and the ratios to Python's.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from jupyter_client.kernelspec import KernelSpecManager  # noqa: E402

from kclient import Kernel  # noqa: E402
from kernel_bench import BASE  # noqa: E402
from speed_bench import TASKS, floats  # noqa: E402

POOL_START = """
double[] poolStart() throws Exception { long t0 = System.nanoTime();
  try (var p = new ProcessPool(2)) { double cpu = p.submit(() -> ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos() / 1e6).result();
    return new double[] {(System.nanoTime() - t0) / 1e6, cpu}; } }
double coldCpu() throws Exception {
  try (var p = ProcessPool.builder().workers(1).jvmArgs("-Djavafutures.worker.warmUpTasks=0").build()) {
    return p.submit(() -> ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos() / 1e6).result(); } }
"""


def one_run() -> dict:
    res = {}
    with Kernel() as k:
        res["first_pool"], res["first_cpu"] = floats(k.run(POOL_START + "System.out.println(Arrays.toString(poolStart()));")["stdout"])
        k.settle()
        time.sleep(5)
        res["later_pool"], res["later_cpu"] = floats(k.run("System.out.println(Arrays.toString(poolStart()));")["stdout"])
        res["cold_cpu"] = statistics.median(floats(k.run("System.out.println(coldCpu()); System.out.println(coldCpu()); "
                                                         "System.out.println(coldCpu());")["stdout"]))
        k.run(TASKS)
        time.sleep(5)
        res["cold2000"] = floats(k.run("System.out.println(Arrays.toString(coldAndRounds(0)));")["stdout"])[0]
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pairs", type=int, default=4)
    a = ap.parse_args()
    spec = KernelSpecManager().get_kernel_spec(BASE)
    archives = [f for f in os.listdir(spec.resource_dir) if f.startswith("java-futures-worker-")
                and f.endswith((".jsa", ".aot"))]
    if len(archives) != 1:
        sys.exit(f"expected one worker archive in {spec.resource_dir}, found {archives} (run ./install.sh)")
    archive = os.path.join(spec.resource_dir, archives[0])
    runs: dict[bool, list[dict]] = {True: [], False: []}
    python: list[dict] = []
    load0 = os.getloadavg()[0]
    for i in range(a.pairs):
        for use in ((True, False) if i % 2 == 0 else (False, True)):
            if not use:
                os.rename(archive, archive + ".hidden")
            try:
                runs[use].append(one_run())
            finally:
                if not use:
                    os.rename(archive + ".hidden", archive)
        python.append(json.loads(subprocess.run(
            [sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), "speed_bench.py"),
             "--python-baseline"], capture_output=True, text=True, check=True).stdout))
    load1 = os.getloadavg()[0]
    print(f"\n{archives[0]}, {a.pairs} pairs, load average {load0:.1f} -> {load1:.1f}; medians (min-max)\n")
    print("| figure | with archive | without | Python | ratio to Python with / without |")
    print("|---|---|---|---|---|")
    for key, name, pkey in [("first_pool", "first ProcessPool(2) after kernel start, to first result (ms)", "first_pool"),
                            ("first_cpu", "  its worker's CPU at first result (ms)", None),
                            ("later_pool", "ProcessPool(2) after 5 s idle, to first result (ms)", "later_pool"),
                            ("later_cpu", "  its worker's CPU at first result (ms)", None),
                            ("cold_cpu", "a cold worker JVM (no spare, no warm-up): its CPU at first result (ms)", None),
                            ("cold2000", "new pool + first 2,000 trivial tasks (ms)", "cold2000")]:
        w = [r[key] for r in runs[True]]
        wo = [r[key] for r in runs[False]]
        cell = lambda v: f"{statistics.median(v):.1f} ({min(v):.0f}-{max(v):.0f})"
        if pkey:
            p = [r[pkey] for r in python]
            ratio = f"{statistics.median(w) / statistics.median(p):.2f}x / {statistics.median(wo) / statistics.median(p):.2f}x"
            print(f"| {name} | {cell(w)} | {cell(wo)} | {cell(p)} | {ratio} |")
        else:
            print(f"| {name} | {cell(w)} | {cell(wo)} | | |")


if __name__ == "__main__":
    main()
