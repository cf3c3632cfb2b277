#!/usr/bin/env python3
"""Issue #15's comparisons, each through the kernel (jupyter_client) against its baseline in the same run.

    JUPYTER_DATA_DIR=... .venv/bin/python bench/speed_bench.py [--quick] [--java /path/to/bin/java]

The JDK the kernel runs on is the installed kernelspec's; the Java baselines run on the same java. `--java J`
runs the kernel on J without the class-data/AOT cache an install on J trains (and its workers without theirs),
so its start and first-pool rows overstate J. To measure another JDK as installed, install it into its own
data directory (a second install into the same one replaces the first) and run the bench against that:
    JUPYTER_DATA_DIR=/tmp/jf25 JAVA_FUTURES_JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java ./install.sh
    JUPYTER_DATA_DIR=/tmp/jf25 .venv/bin/python bench/speed_bench.py
The table's first line names the kernel's class-data cache.

First, kernel start, java-futures (installed kernelspec, or on --java's JDK) and ipykernel started in turn
(5 times each, alternating which goes first): from start_kernel to the kernel_info reply (when a front end
shows the kernel ready) and to the execute_reply of a first cell `1 + 1` (what Run All waits for).
Then one kernel from the installed kernelspec (with --java: on that JDK), its cells in this order:
  1. first ProcessPool(2) right after the kernel answered kernel_info: new pool to first result (timed
     in the cell) vs Python's first ProcessPoolExecutor(2) (forkserver) in a fresh interpreter;
  2. (after the kernel and its child JVMs are quiet again: the refilled spares boot and warm up after the
     first pool, and a user's next cell rarely follows within seconds; the wait is printed)
     trivial cell `int x = 1;`: round trip (execute_request to reply and idle) vs in-process JShell's
     own eval of the same snippet on the same JDK, kernel jar, default imports, compiler and JVM options;
     interleaved with two reference rows, the protocol floor: our empty cell (never reaches JShell) and
     ipykernel's `x = 1`, same client (floors.py); then the same three again after STEADY_AFTER more
     rounds, against the baseline's evals after as many more (not with --quick);
  3. CPU-bound `work` (3,000,000 LCG steps) called 4 times in a cell, warm, vs the same method compiled
     by javac and run by the same java with the kernel's JVM options (thread CPU time, which the load
     moves less than wall time);
  4. ThreadPool(2), 20,000 trivial tasks submitted from a cell then awaited vs a raw
     Executors.newFixedThreadPool(2) in the same cell, and a reference row: the timeline floor, a raw pool
     reading the clock exactly as ThreadPool does for its timeline (floors.TIMED_POOL), and that pool without
     its clock reads (control: what the subclasses cost, not the clock); rounds in rotating
     order (60: the raw pool's own time swings several-fold here); wall time, the submitting thread's CPU time
     and its allocation per task;
  5. a ProcessPool(2) made after the kernel idled 5 s vs Python's later pool (forkserver running);
  6. 2,000 trivial tasks (submit all, then result all) on a new pool, its start included ("cold"), and
     the best of 6 rounds on it vs Python's ProcessPoolExecutor(2) doing the same;
  7. `work` once per task on a warm ProcessPool(1), 15 tasks in a row, thread CPU per task measured in the
     worker (median) vs plain Java's thread CPU per call (a quarter of a round of 4 calls).
Prints one markdown table: medians (best of rounds where said), ratio = java-futures / baseline (time;
below 1 is faster), the issue's goal and whether it is met (reference rows have none), then what the floors
leave of the two goals they bound. Figures under load are noise: the load
average is printed with the table.
"""
from __future__ import annotations

import argparse
import datetime
import json
import multiprocessing as mp
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
HERE = os.path.dirname(os.path.abspath(__file__))
# The trivial rows again after this many more cells (kernel) and evals (in-process JShell): both sides keep
# getting faster for about a thousand (the JIT compiling javac), a long notebook session's state.
STEADY_AFTER = 1000

WORK = ("long work(int seed) { long x = seed; for (int i = 0; i < 3_000_000; i++) "
        "x = x * 6364136223846793005L + 1442695040888963407L; return x; }")
WORK_ROUNDS = """
double[] workRounds(int rounds) { double[] ms = new double[rounds]; long sink = 0; var mx = java.lang.management.ManagementFactory.getThreadMXBean();
  for (int r = 0; r < rounds; r++) { long t0 = mx.getCurrentThreadCpuTime(); for (int j = 0; j < 4; j++) sink += work(j); ms[r] = (mx.getCurrentThreadCpuTime() - t0) / 1e6; }
  if (sink == 42) System.out.println(); return ms; }
"""
POOL_START = """
double poolStart() throws Exception { long t0 = System.nanoTime();
  try (var p = new ProcessPool(2)) { int one = p.submit(() -> 1).result(); double ms = (System.nanoTime() - t0) / 1e6; if (one != 1) throw new IllegalStateException(); return ms; } }
"""
TASKS = """
double tasks2000(ProcessPool p) { long t0 = System.nanoTime(); List<TaskFuture<Integer>> fs = new ArrayList<>(2000);
  for (int i = 0; i < 2000; i++) { int k = i; fs.add(p.submit(() -> k + 1)); }
  for (int i = 0; i < 2000; i++) if (fs.get(i).result() != i + 1) throw new IllegalStateException();
  return (System.nanoTime() - t0) / 1e6; }
double[] coldAndRounds(int rounds) throws Exception { double[] ms = new double[rounds + 1]; long t0 = System.nanoTime();
  try (var p = new ProcessPool(2)) { tasks2000(p); ms[0] = (System.nanoTime() - t0) / 1e6;
    for (int r = 1; r <= rounds; r++) ms[r] = tasks2000(p); }
  return ms; }
"""
TASKS_CPU = """
double cpuMs(ProcessPool p) { List<ProcessHandle> hs = new ArrayList<>(List.of(ProcessHandle.current())); double ms = 0;
  for (String w : p.workerNames()) ProcessHandle.of(Long.parseLong(w.substring(4))).ifPresent(hs::add);
  for (var h : hs) ms += h.info().totalCpuDuration().map(d -> d.toNanos() / 1e6).orElse(0.0);
  return ms; }
double[] cpuRounds(int rounds) throws Exception { double[] r = new double[3];
  try (var p = new ProcessPool(2)) { double c0 = cpuMs(p); long t0 = System.nanoTime(); tasks2000(p);
    r[0] = (System.nanoTime() - t0) / 1e6; r[1] = cpuMs(p) - c0; c0 = cpuMs(p);
    for (int i = 0; i < rounds; i++) tasks2000(p);
    r[2] = (cpuMs(p) - c0) / rounds; }
  return r; }
"""
WORKER_WORK = """
double[] workPerTask(int tasks) throws Exception { double[] ms = new double[tasks];
  try (var p = new ProcessPool(1)) { p.submit(() -> work(1)).result();
    for (int i = 0; i < tasks; i++) { int s = i; ms[i] = p.submit(() -> { var mx = java.lang.management.ManagementFactory.getThreadMXBean();
      long t0 = mx.getCurrentThreadCpuTime(); long v = work(s); double d = (mx.getCurrentThreadCpuTime() - t0) / 1e6;
      if (v == 42) System.out.print(""); return d; }).result(); } }
  return ms; }
"""



def floats(text: str) -> list[float]:
    return [float(v) for v in text.replace("[", " ").replace("]", " ").replace(",", " ").split()]


def kernel_side(java: str | None, quick: bool, only: set[str] | None = None) -> tuple[dict, list[str]]:
    # imported here, not at the top: forkserver imports this module in Python's baseline pools, which must not
    # pay for jupyter_client
    import floors
    from kclient import Kernel
    res: dict = {}

    def want(*keys: str) -> bool:
        return only is None or any(k in only for k in keys)
    with Kernel(java=java) as k:
        if want("first_pool"):
            res["first_pool"] = floats(k.run(POOL_START + "System.out.println(poolStart());")["stdout"])[0]
        res["settled"] = k.settle()  # the refilled spares boot and warm up: not part of a trivial cell
        if want("trivial"):
            res.update(floors.trivial_cells(k, 30 if quick else 100, steady_after=0 if quick else STEADY_AFTER))
        if want("work"):
            k.run(WORK)
            k.run(WORK_ROUNDS)
            work = []
            for _ in range(3 if quick else 5):
                work = floats(k.run("System.out.println(Arrays.toString(workRounds(5)));")["stdout"])
            res["work"] = statistics.median(work)
        if want("worker_work"):
            if not want("work"):
                k.run(WORK)
            k.run(WORKER_WORK)
            res["worker_work"] = statistics.median(floats(k.run("System.out.println(Arrays.toString(workPerTask(15)));")["stdout"]))
        if want("tp"):
            res.update(floors.tp_rounds(k, quick))
        if want("later_pool"):
            if not want("first_pool"):
                k.run(POOL_START)
            time.sleep(5)
            res["later_pool"] = floats(k.run("System.out.println(poolStart());")["stdout"])[0]
        if want("cold2000", "best2000"):
            k.run(TASKS)
            time.sleep(5)
            ms = floats(k.run("System.out.println(Arrays.toString(coldAndRounds(6)));")["stdout"])
            res["cold2000"], res["best2000"] = ms[0], min(ms[1:])
        if want("cpu2000"):
            # CPU time (kernel and the pool's worker JVMs, from /proc: not the spares booting meanwhile), which the
            # machine's load moves much less than wall time; a worker's CPU before the pool adopted it is not counted
            if not want("cold2000", "best2000"):
                k.run(TASKS)
            k.run(TASKS_CPU)
            k.settle()
            cpu = floats(k.run("System.out.println(Arrays.toString(cpuRounds(10)));")["stdout"])
            res["cold2000_cpu"], res["round2000_cpu"] = cpu[1], cpu[2]
        return res, k.argv


def start_times(java: str | None, quick: bool) -> dict:
    """Medians of kernel starts, java-futures vs ipykernel, alternating: ready (kernel_info reply) and first cell."""
    import shutil
    from kernel_bench import make_specs, start_kernel
    tmp = tempfile.mkdtemp(prefix="java-futures-bench-")
    saved = os.environ.get("JUPYTER_PATH")
    os.environ["JUPYTER_PATH"] = os.pathsep.join([tmp] + ([saved] if saved else []))
    times: dict[str, list[tuple[float, float]]] = {"jf": [], "ipk": []}
    try:
        kernels = make_specs(tmp, [java] if java else [], [], [])
        names = {"ipk": kernels[0][1], "jf": kernels[-1][1]}
        for run in range(3 if quick else 5):
            for who in (("jf", "ipk") if run % 2 == 0 else ("ipk", "jf")):
                km, kc, ready, first = start_kernel(names[who], "1+1" if who == "ipk" else "1 + 1")
                kc.stop_channels()
                km.shutdown_kernel(now=False)
                times[who].append((ready * 1e3, first * 1e3))
    finally:
        if saved is None:
            os.environ.pop("JUPYTER_PATH", None)
        else:
            os.environ["JUPYTER_PATH"] = saved
        shutil.rmtree(tmp, ignore_errors=True)
    return {f"{who}_{what}": statistics.median(t[i] for t in times[who])
            for who in times for i, what in enumerate(("ready", "first"))}


def java_baselines(argv: list[str], quick: bool) -> dict:
    jar = argv[argv.index("-jar") + 1]
    opts = [a for a in argv[1:argv.index("-jar")] if not a.startswith(("-XX:SharedArchiveFile=", "-XX:AOTCache=", "-Xlog:"))]
    d = tempfile.mkdtemp(prefix="speed-bench-")
    javac = os.path.join(os.path.dirname(argv[0]), "javac")
    subprocess.run([javac, "-cp", jar, "-d", d, os.path.join(HERE, "SpeedBaselines.java")], check=True)

    def run(*args: str) -> list[float]:
        out = subprocess.run([argv[0]] + opts + ["-cp", d + os.pathsep + jar, "SpeedBaselines", *args],
                             capture_output=True, text=True, check=True).stdout
        return floats(out.strip().splitlines()[-1])

    n = 30 if quick else 100
    jshell = run("jshell", str(n if quick else n + STEADY_AFTER + n))
    work = run("work", "25")[5:]
    res = {"jshell": statistics.median(jshell[:n]), "work": statistics.median(work)}
    if not quick:  # after as many more evals as the kernel's steady rows had cells
        res["jshell_steady"] = statistics.median(jshell[n + STEADY_AFTER:])
    return res


# ---- Python's ProcessPoolExecutor (forkserver), in its own interpreter (`--python-baseline`) ----

def _one(_=None):
    return 1


def _plus_one(k):
    return k + 1


def _pool_start(ctx) -> float:
    t0 = time.perf_counter()
    with ProcessPoolExecutor(max_workers=2, mp_context=ctx) as pool:
        assert pool.submit(_one).result() == 1
        return (time.perf_counter() - t0) * 1e3


def _tasks2000(pool) -> float:
    t0 = time.perf_counter()
    fs = [pool.submit(_plus_one, i) for i in range(2000)]
    for i, f in enumerate(fs):
        assert f.result() == i + 1
    return (time.perf_counter() - t0) * 1e3


def _cpu_ms() -> float:
    import psutil
    me = psutil.Process()
    total = 0.0
    for p in [me] + me.children(recursive=True):
        try:
            t = p.cpu_times()
            total += t.user + t.system
        except psutil.Error:
            pass
    return total * 1e3


def python_baseline(only: set[str] | None = None) -> dict:
    ctx = mp.get_context("forkserver")

    def want(*keys: str) -> bool:
        return only is None or any(k in only for k in keys)
    res = {}
    if want("first_pool", "later_pool"):
        res["first_pool"] = _pool_start(ctx)
        time.sleep(1)
        res["later_pool"] = statistics.median(_pool_start(ctx) for _ in range(3))
    if want("cold2000", "best2000"):
        t0 = time.perf_counter()
        with ProcessPoolExecutor(max_workers=2, mp_context=ctx) as pool:
            _tasks2000(pool)
            res["cold2000"] = (time.perf_counter() - t0) * 1e3
            res["best2000"] = min(_tasks2000(pool) for _ in range(6))
    if want("cpu2000"):
        with ProcessPoolExecutor(max_workers=2, mp_context=ctx) as pool:
            c0 = _cpu_ms()
            _tasks2000(pool)
            res["cold2000_cpu"] = _cpu_ms() - c0
            c0 = _cpu_ms()
            for _ in range(10):
                _tasks2000(pool)
            res["round2000_cpu"] = (_cpu_ms() - c0) / 10
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="fewer cells and rounds (about a minute)")
    ap.add_argument("--java", help="run the kernel and the Java baselines on this java")
    ap.add_argument("--python-baseline", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--json", help="also write the raw figures here")
    ap.add_argument("--only", help="comma-separated rows to measure: start, trivial, work, worker_work, tp, first_pool, "
                                   "later_pool, cold2000 (with best2000), cpu2000 (CPU time of 2,000 tasks: kernel + workers vs "
                                   "Python + workers, which load moves much less than wall time); default all")
    a = ap.parse_args()
    if a.python_baseline:
        print(json.dumps(python_baseline(set(a.only.split(",")) if a.only else None)))
        return
    load0 = os.getloadavg()[0]
    only = set(a.only.split(",")) if a.only else None
    st = start_times(a.java, a.quick) if only is None or "start" in only else {}
    k, argv = kernel_side(a.java, a.quick, only)
    k.update(st)
    j = java_baselines(argv, a.quick) if only is None or only & {"trivial", "work", "worker_work"} else {}
    p = (json.loads(subprocess.run([sys.executable, os.path.abspath(__file__), "--python-baseline"]
                                   + (["--only", a.only] if a.only else []),
                                   capture_output=True, text=True, check=True).stdout)
         if only is None or only & {"first_pool", "later_pool", "cold2000", "best2000", "cpu2000"} else {})
    load1 = os.getloadavg()[0]
    jv = subprocess.run([argv[0], "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    j.setdefault("work4", j["work"] / 4 if "work" in j else None)
    rows = [  # (key, figure, ours, baseline name, baseline, goal: our time / baseline time at most)
        ("start", "kernel start to kernel_info reply (ready)", k.get("jf_ready"), "ipykernel, the same", k.get("ipk_ready"), 1.0),
        ("start", "kernel start to a first cell's reply (`1 + 1`)", k.get("jf_first"), "ipykernel, the same",
         k.get("ipk_first"), 1.0),
        ("trivial", "trivial cell `int x = 1;`, round trip", k.get("trivial"), "in-process JShell eval", j.get("jshell"), 1.3),
        # reference rows (no goal): the round trip without JShell, ours and ipykernel's, interleaved with the row above
        ("trivial", "reference: empty cell (no JShell), round trip", k.get("empty"), "in-process JShell eval", j.get("jshell"), None),
        ("trivial", "reference: ipykernel `x = 1`, round trip, same client", k.get("ipk_trivial"), "in-process JShell eval",
         j.get("jshell"), None),
        # the same three after STEADY_AFTER more of each (not with --quick): both sides still warm up until then
        ("trivial", f"trivial cell, steady (after {STEADY_AFTER:,} more)", k.get("trivial_steady"),
         f"JShell eval, steady (after {STEADY_AFTER:,} more)", j.get("jshell_steady"), 1.3),
        ("trivial", "reference: empty cell, steady", k.get("empty_steady"), "JShell eval, steady", j.get("jshell_steady"), None),
        ("trivial", "reference: ipykernel `x = 1`, steady", k.get("ipk_trivial_steady"), "JShell eval, steady",
         j.get("jshell_steady"), None),
        ("work", "`work` x4 in a cell, warm (thread CPU)", k.get("work"), "plain Java (javac + java)", j.get("work"), 1.2),
        ("worker_work", "`work` once per task on a warm ProcessPool(1), 15 tasks (thread CPU)", k.get("worker_work"),
         "plain Java, per call", j["work4"], 1.5),
        ("tp", "ThreadPool(2), 20,000 trivial tasks", k.get("tp"), "Executors.newFixedThreadPool(2)", k.get("ex"), 1.2),
        # the submitting (cell) thread's CPU time: what the load moves less than wall time; the same bound
        ("tp", "CPU of the submitting cell thread, the same rounds", k.get("tp_cpu"), "the same, raw pool", k.get("ex_cpu"), 1.2),
        # reference rows: the floor pool (raw + ThreadPool's clock reads, see floors.TIMED_POOL), the same rounds
        ("tp", "reference: ThreadPool(2) vs the timeline floor", k.get("tp"), "raw pool + ThreadPool's clock reads",
         k.get("floor"), None),
        ("tp", "reference: the timeline floor pool", k.get("floor"), "Executors.newFixedThreadPool(2)", k.get("ex"), None),
        ("tp", "reference: the floor pool without its clock reads", k.get("noclock"), "Executors.newFixedThreadPool(2)",
         k.get("ex"), None),
        ("first_pool", "first ProcessPool(2) after kernel start, to first result", k.get("first_pool"),
         "Python's first ProcessPoolExecutor(2)", p.get("first_pool"), 2.0),
        ("later_pool", "ProcessPool(2) after 5 s idle, to first result", k.get("later_pool"),
         "Python ProcessPoolExecutor(2), server running", p.get("later_pool"), 2.0),
        ("cold2000", "new pool + first 2,000 trivial tasks", k.get("cold2000"), "Python, the same", p.get("cold2000"), 1.0),
        ("best2000", "2,000 trivial tasks, best of 6 rounds", k.get("best2000"), "Python, the same", p.get("best2000"), 1 / 3),
        # CPU ms of all processes: no goal of its own (the goals are wall time on a quiet machine), the same bounds
        ("cpu2000", "CPU: new pool + first 2,000 trivial tasks (kernel + workers)", k.get("cold2000_cpu"),
         "Python (parent + workers)", p.get("cold2000_cpu"), 1.0),
        ("cpu2000", "CPU: 2,000 trivial tasks on a warm pool, mean of 10 rounds", k.get("round2000_cpu"),
         "Python, the same", p.get("round2000_cpu"), 1 / 3),
    ]
    rows = [r[1:] for r in rows if r[2] is not None]
    cache = ("AOT cache" if any(o.startswith("-XX:AOTCache=") for o in argv) else "CDS archive"
             if any(o.startswith("-XX:SharedArchiveFile=") for o in argv) else "none: start rows overstate this JDK's start")
    print(f"\n{datetime.date.today().isoformat()}, {os.cpu_count()} cores, {jv} (kernel's class-data cache: {cache}), "
          f"Python {platform.python_version()}, load average {load0:.1f} -> {load1:.1f}{' (quick)' if a.quick else ''}; "
          f"before the trivial cells the kernel and its JVMs took {k['settled']:.1f} s to be quiet\n")
    print("| figure | java-futures | baseline | baseline time | ratio | goal | met |")
    print("|---|---|---|---|---|---|---|")
    for name, ours, bname, base, goal in rows:
        r = ours / base
        print(f"| {name} | {ours:.1f} ms | {bname} | {base:.1f} ms | {r:.2f}x | "
              + ("(reference) | |" if goal is None else f"<= {goal:.2f}x | {'yes' if r <= goal else 'no'} |"))
    if "tp_rounds" in k:
        print(f"\nThreadPool rows: medians of {k['tp_rounds']} rounds (ours, raw, floor, control; rotating order); median of the paired rounds' ratios: "
              f"wall {k['tp_pair_ratio']:.2f}x, submitting thread CPU {k['tp_cpu_pair_ratio']:.2f}x; allocated by the "
              f"submitting thread per task: {k['tp_alloc']:.0f} vs {k['ex_alloc']:.0f} bytes")
    import floors
    for line in floors.notes(k, j):
        print("\n" + line)
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"kernel": k, "java": j, "python": p}, f, indent=1)


if __name__ == "__main__":
    main()
