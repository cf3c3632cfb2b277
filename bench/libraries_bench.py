#!/usr/bin/env python3
"""Cost of libraries in notebooks, measured through the kernel with jupyter_client.

    .venv/bin/python bench/libraries_bench.py                       # %maven timings, installed kernel
    .venv/bin/python bench/libraries_bench.py --baseline-jar /tmp/main/kernel/target/java-futures-kernel.jar

1. %maven of artifacts already in the local repository (~/.m2; a first, untimed kernel puts them there):
   - the first %maven of a kernel (the resolver loads: ~1,100 classes),
   - a later %maven (resolver warm), and a re-run of a %maven cell (a no-op, no resolution).
   Goal: under 1 s for an artifact already in ~/.m2.
2. With --baseline-jar (a kernel jar built without isolation, e.g. from main): the cost of isolation
   (relocated libraries, notebook classes in their own loader over the kernel's API) on kernel start to
   the first execute_reply and on a trivial cell. Both kernels run with the installed kernelspec's JVM
   and options minus the class-data cache (made for one jar only), alternating, medians.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time

from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kernel_bench  # noqa: E402  (its start/cell measurement, so both benchmarks measure alike)

BASE = "java-futures"
FIRST = "org.apache.commons:commons-math3:3.6.1"
LATER = "org.apache.commons:commons-text:1.12.0"


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux): robust where wall time is not, on a busy machine."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_cell(kc, code: str, timeout: float = 300) -> tuple[float, dict]:
    t = time.perf_counter()
    msg_id = kc.execute(code)
    reply = kernel_bench.wait_reply(kc, msg_id, timeout)
    kernel_bench.wait_idle(kc, msg_id, timeout)
    return time.perf_counter() - t, reply


def maven_run(kernel: str) -> dict[str, tuple[float, float]]:
    """{step: (wall seconds, kernel CPU seconds)}."""
    km = KernelManager(kernel_name=kernel)
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=120)
        for _ in range(3):
            run_cell(kc, "1 + 1")  # JShell warm: the timings below are the magic's
        run_cell(kc, "Thread.sleep(5000)")  # past the spare worker JVMs' boot, which competes for the cores
        pid = km.provisioner.pid
        out = {}
        for label, code in (("first %maven", f"%maven {FIRST}"), ("later %maven", f"%maven {LATER}"),
                            ("re-run of a %maven cell", f"%maven {LATER}")):
            cpu = cpu_seconds(pid)
            seconds, reply = run_cell(kc, code)
            assert reply["content"]["status"] == "ok", reply["content"]
            out[label] = (seconds, cpu_seconds(pid) - cpu)
        return out
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--baseline-jar", help="a kernel jar without isolation, to measure what isolation costs")
    ap.add_argument("--cells", type=int, default=30)
    ap.add_argument("--skip-maven", action="store_true", help="only the isolation cost")
    ap.add_argument("--isolated-jar", help="the kernel jar with isolation (default: the installed kernelspec's)")
    args = ap.parse_args()
    if not args.skip_maven:
        maven_bench(args.runs)
    if args.baseline_jar:
        isolation_bench(args.baseline_jar, args.runs, args.cells, args.isolated_jar)


def maven_bench(runs: int) -> None:
    maven_run(BASE)  # untimed: the artifacts are in the local repository from now on
    times: dict[str, list[tuple[float, float]]] = {}
    for i in range(runs):
        for label, s in maven_run(BASE).items():
            times.setdefault(label, []).append(s)
        print(f"maven run {i + 1}/{runs}: " + ", ".join(f"{k} {v[-1][0] * 1000:.0f} ms" for k, v in times.items()),
              file=sys.stderr)
    print(f"\n%maven, artifacts already in the local repository (medians of {runs} kernels; load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores):\n")
    print("| step | wall, median | wall, min | kernel CPU, median |\n|---|---|---|---|")
    for label, v in times.items():
        wall = [w for w, _ in v]
        cpu = [c for _, c in v]
        print(f"| {label} | {statistics.median(wall) * 1000:.0f} ms | {min(wall) * 1000:.0f} ms | "
              f"{statistics.median(cpu) * 1000:.0f} ms |")


def start_and_cells(kernel: str, n_cells: int) -> tuple[float, float, list[float], float]:
    """(wall s to the first execute_reply, kernel CPU s by then, [wall s per trivial cell], kernel CPU s per cell)."""
    km = KernelManager(kernel_name=kernel)
    t0 = time.perf_counter()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    try:
        while True:  # kernel_info handshake, as kernel_bench does
            try:
                kernel_bench.wait_reply(kc, kc.kernel_info(), 1.0)
                break
            except TimeoutError:
                if time.perf_counter() - t0 > 120:
                    raise
        run_cell(kc, "1 + 1")
        start, start_cpu = time.perf_counter() - t0, cpu_seconds(km.provisioner.pid)
        for _ in range(10):
            run_cell(kc, "1 + 1")
        cells = []
        cpu = cpu_seconds(km.provisioner.pid)
        for _ in range(n_cells):
            cells.append(run_cell(kc, "1 + 1")[0])
        return start, start_cpu, cells, (cpu_seconds(km.provisioner.pid) - cpu) / n_cells
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)


def isolation_bench(baseline_jar: str, runs: int, n_cells: int, isolated_jar: str | None = None) -> None:
    spec = KernelSpecManager().get_kernel_spec(BASE)
    with open(os.path.join(spec.resource_dir, "kernel.json")) as f:
        base = json.load(f)
    argv = [a for a in base["argv"] if not a.startswith(kernel_bench.JDK_SPECIFIC_OPTIONS)]
    argv.insert(1, "-Djavafutures.prestartMs=-1")  # no spare worker JVMs booting during the measurement
    tmp = tempfile.mkdtemp(prefix="jf-isolation-bench-")
    os.environ["JUPYTER_PATH"] = os.pathsep.join([tmp] + [p for p in os.environ.get("JUPYTER_PATH", "").split(os.pathsep) if p])
    kernels = {}
    for name, jar in (("isolated", isolated_jar or argv[argv.index("-jar") + 1]), ("baseline", baseline_jar)):
        d = os.path.join(tmp, "kernels", f"bench-{name}")
        os.makedirs(d)
        a = list(argv)
        a[a.index("-jar") + 1] = jar
        with open(os.path.join(d, "kernel.json"), "w") as f:
            json.dump(dict(base, argv=a), f)
        kernels[name] = f"bench-{name}"
    res: dict[str, dict[str, list[float]]] = {k: {"start": [], "start_cpu": [], "cell": [], "cell_cpu": []} for k in kernels}
    try:
        for i in range(runs):
            for name, kernel in kernels.items():
                s, scpu, c, ccpu = start_and_cells(kernel, n_cells)
                r = res[name]
                r["start"].append(s)
                r["start_cpu"].append(scpu)
                r["cell"].extend(c)
                r["cell_cpu"].append(ccpu)
                print(f"isolation run {i + 1}/{runs} {name}: start {s * 1000:.0f} ms ({scpu * 1000:.0f} ms CPU), "
                      f"cell {statistics.median(c) * 1000:.1f} ms ({ccpu * 1000:.1f} ms CPU)", file=sys.stderr)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    med = {k: {m: statistics.median(v) for m, v in r.items()} for k, r in res.items()}
    print(f"\nIsolation cost (no class-data cache, no spare workers, on either; medians of {runs} starts, "
          f"{runs * n_cells} cells; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores):\n")
    print("| kernel jar | start to first execute_reply | kernel CPU by then | trivial cell | kernel CPU per cell |")
    print("|---|---|---|---|---|")
    for name, m in med.items():
        print(f"| {name} | {m['start'] * 1000:.0f} ms | {m['start_cpu'] * 1000:.0f} ms | {m['cell'] * 1000:.1f} ms | "
              f"{m['cell_cpu'] * 1000:.1f} ms |")
    i, b = med["isolated"], med["baseline"]
    print(f"| ratio isolated / baseline | {i['start'] / b['start']:.2f} | {i['start_cpu'] / b['start_cpu']:.2f} | "
          f"{i['cell'] / b['cell']:.2f} | {i['cell_cpu'] / b['cell_cpu']:.2f} |")


if __name__ == "__main__":
    main()
