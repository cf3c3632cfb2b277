"""Floors for two of issue #15's goals, measured in speed_bench's run beside the rows they bound.

Trivial cell (goal: round trip within 1.3x of in-process JShell's eval): the goal leaves 0.3 x the eval for all
that is not the eval, i.e. the client, the protocol and the kernel's bookkeeping. Measured with the same client
and method (kclient.Kernel.run: execute_request until both the reply and the idle status arrived), interleaved
cell by cell (rotating order) so that load hits them alike:
  - our `int x = 1;` (the goal's row);
  - our empty cell "": CellRunner.runParts gets no parts from CellParser (a blank cell has no code and no magic),
    so JShell is never called, while everything else a cell does runs (execute_input, busy/idle, history,
    CellThreads begin/end, output flush, the reply);
  - ipykernel's `x = 1` (a mature kernel whose eval costs microseconds: the protocol floor of a kernel).

ThreadPool (goal: 20,000 trivial tasks within 1.2x of a raw Executors.newFixedThreadPool(2)): PRODUCT.md
promises a timeline with each task's queued and run times, which costs clock reads per task. The floor row is
a raw pool that reads the clock exactly as ThreadPool does (see TIMED_POOL) and nothing else.
"""
from __future__ import annotations

import statistics

from kclient import Kernel
from kernel_bench import IPYKERNEL_ARGV

# The floor for any pool that keeps exact timeline times: ThreadPoolExecutor configured as
# Executors.newFixedThreadPool(n) is, with ThreadPool's clock reads and no other work. Ours, per task (checked
# 2026-12-02: TaskFuture's constructor; ThreadTask.run with PoolThreads.WorkQueue/Worker; the completing
# transition, FutureTransitions.finishWon): one read at submit; one at
# start only when the worker had to wait for the task (otherwise the start is the worker's previous end, no
# read); one at the end, before the future completes. In a burst of 20,000 tasks that is 2
# reads per task, 3 after a wait. FloorQueue/FloorWorker/FloorTask do exactly the same. The times live in the
# future itself, as in ThreadTask (a separate record per task would add an allocation, and a capturing lambda
# another, that ours does not make: not a floor). A control, FloorPool(n, false), is the same pool with the same
# task shape minus the clock reads: what it costs over the raw pool is the subclasses', not the clock's.
TIMED_POOL = """
class FloorWorker extends Thread { long lastEnd; boolean waited; FloorWorker(Runnable r) { super(r); setDaemon(true); } }
class FloorQueue extends LinkedBlockingQueue<Runnable> {
  @Override public Runnable take() throws InterruptedException { Runnable r = poll(); if (r != null) return r;
    ((FloorWorker) Thread.currentThread()).waited = true; return super.take(); } }
class FloorTask<T> extends FutureTask<T> { final long submitted = System.nanoTime(); long started, ended;
  FloorTask(Callable<T> c) { super(c); }
  @Override public void run() { var w = (FloorWorker) Thread.currentThread();
    started = w.lastEnd != 0 && !w.waited ? w.lastEnd : System.nanoTime(); w.waited = false;
    super.run(); w.lastEnd = ended; }
  @Override protected void set(T v) { ended = System.nanoTime(); super.set(v); }
  @Override protected void setException(Throwable e) { ended = System.nanoTime(); super.setException(e); } }
class NoClockTask<T> extends FutureTask<T> { final long submitted = 1; long started, ended;
  NoClockTask(Callable<T> c) { super(c); }
  @Override public void run() { var w = (FloorWorker) Thread.currentThread();
    started = w.lastEnd != 0 && !w.waited ? w.lastEnd : 2; w.waited = false;
    super.run(); w.lastEnd = ended; }
  @Override protected void set(T v) { ended = 3; super.set(v); }
  @Override protected void setException(Throwable e) { ended = 3; super.setException(e); } }
class FloorPool extends ThreadPoolExecutor { final boolean clock;
  FloorPool(int n, boolean clock) { super(n, n, 0L, TimeUnit.MILLISECONDS, new FloorQueue(), FloorWorker::new); this.clock = clock; }
  @Override protected <T> RunnableFuture<T> newTaskFor(Callable<T> c) { return clock ? new FloorTask<>(c) : new NoClockTask<>(c); } }
"""

THREADS = TIMED_POOL + """
ThreadPool benchTp = new ThreadPool(2);
ExecutorService benchEx = Executors.newFixedThreadPool(2);
FloorPool benchFloor = new FloorPool(2, true), benchNoClock = new FloorPool(2, false);
var benchMx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
// which: 0 ours, 1 raw, 2 the floor, 3 its control without clock reads (a loop each: no call site shared between them)
double[] roundTp(int which, int n) throws Exception { long me = Thread.currentThread().getId();
  long c0 = benchMx.getCurrentThreadCpuTime(), a0 = benchMx.getThreadAllocatedBytes(me), t0 = System.nanoTime(); long s = 0;
  if (which == 0) { List<TaskFuture<Integer>> fs = new ArrayList<>(n); for (int i = 0; i < n; i++) fs.add(benchTp.submit(() -> 1)); for (var f : fs) s += f.result(); }
  else if (which == 1) { List<Future<Integer>> fs = new ArrayList<>(n); for (int i = 0; i < n; i++) fs.add(benchEx.submit(() -> 1)); for (var f : fs) s += f.get(); }
  else if (which == 2) { List<Future<Integer>> fs = new ArrayList<>(n); for (int i = 0; i < n; i++) fs.add(benchFloor.submit(() -> 1)); for (var f : fs) s += f.get(); }
  else { List<Future<Integer>> fs = new ArrayList<>(n); for (int i = 0; i < n; i++) fs.add(benchNoClock.submit(() -> 1)); for (var f : fs) s += f.get(); }
  double wall = (System.nanoTime() - t0) / 1e6, cpu = (benchMx.getCurrentThreadCpuTime() - c0) / 1e6;
  double alloc = (benchMx.getThreadAllocatedBytes(me) - a0) / (double) n;
  if (s != n) throw new IllegalStateException(); return new double[]{wall, cpu, alloc}; }
// a line per round: wall, cpu, bytes/task of ours, raw, floor, control; which goes first rotates, so none always runs
// on a warmer JVM
String tpRounds(int rounds) throws Exception { StringBuilder sb = new StringBuilder();
  for (int r = 0; r < rounds; r++) { double[][] got = new double[4][]; for (int i = 0; i < 4; i++) { int w = (r + i) % 4; got[w] = roundTp(w, 20000); }
    for (double[] g : got) for (double v : g) sb.append(v).append(' '); sb.append('\\n'); }
  return sb.toString(); }
"""
TP_KEYS = ("tp", "tp_cpu", "tp_alloc", "ex", "ex_cpu", "ex_alloc", "floor", "floor_cpu", "floor_alloc",
           "noclock", "noclock_cpu", "noclock_alloc")


def tp_rounds(k: Kernel, quick: bool) -> dict:
    """ThreadPool(2) vs the raw pool vs the floor pool and its control, 20,000 trivial tasks a round, rotating order."""
    k.run(THREADS)
    k.run("tpRounds(8);")
    rows = []
    for _ in range(2 if quick else 5):  # rounds in several cells (each a multiple of 4): the raw pool's own time swings
        out = k.run("System.out.print(tpRounds(%d));" % (8 if quick else 12))["stdout"]
        rows += [[float(v) for v in line.split()] for line in out.strip().splitlines()]
    k.run("benchTp.shutdown(); benchEx.shutdown(); benchFloor.shutdown(); benchNoClock.shutdown();")
    res = {key: statistics.median(r[i] for r in rows) for i, key in enumerate(TP_KEYS)}
    pair = lambda a, b: statistics.median(r[a] / r[b] for r in rows)  # noqa: E731
    res.update(tp_pair_ratio=pair(0, 3), tp_cpu_pair_ratio=pair(1, 4), tp_floor_pair_ratio=pair(0, 6),
               floor_pair_ratio=pair(6, 3), noclock_pair_ratio=pair(9, 3), floor_cpu_pair_ratio=pair(7, 4),
               noclock_cpu_pair_ratio=pair(10, 4), tp_rounds=len(rows))
    return res


def trivial_cells(k: Kernel, cells: int, warmup: int = 10, steady_after: int = 0) -> dict:
    """Medians (ms) of our `int x = 1;`, our empty cell and ipykernel's `x = 1`, interleaved cell by cell; with
    `steady_after`, the same again after that many more untimed rounds (keys with `_steady`): both the kernel's
    cells and the baseline's evals keep getting faster for about a thousand (the JIT compiling javac)."""
    keys = ("trivial", "empty", "ipk_trivial")
    res: dict = {}
    with Kernel(argv=IPYKERNEL_ARGV) as ipk:
        for suffix, untimed in (("", warmup), ("_steady", steady_after)):
            if suffix and not untimed:
                break
            runs = [(k, "int x = 1;", []), (k, "", []), (ipk, "x = 1", [])]
            for i in range(untimed + cells):
                for j in range(3):
                    kernel, code, times = runs[(i + j) % 3]
                    t = kernel.run(code)["seconds"] * 1e3
                    if i >= untimed:
                        times.append(t)
            res.update({key + suffix: statistics.median(times) for key, (_, _, times) in zip(keys, runs)})
    return res


def notes(k: dict, j: dict) -> list[str]:
    """The derived lines printed under the table."""
    lines = []
    for suffix, when in (("", "early"), ("_steady", "steady")):
        if "empty" + suffix not in k or "jshell" + suffix not in j:
            continue
        eval_ms, empty, ipk = j["jshell" + suffix], k["empty" + suffix], k["ipk_trivial" + suffix]
        head, floor = 0.3 * eval_ms, min(empty, ipk)
        lines.append(
            f"Trivial cell floor ({when}): headroom left by the goal (0.3 x JShell eval) {head:.1f} ms vs the protocol "
            f"floor: our empty cell (no JShell) {empty:.1f} ms, ipykernel `x = 1` {ipk:.1f} ms (same "
            f"client, interleaved); at best (JShell eval + the lower floor) / eval = "
            f"{(eval_ms + floor) / eval_ms:.2f}x, the goal 1.30x "
            f"{'is out of reach' if floor > head else 'leaves ' + format(head - floor, '.1f') + ' ms'}; "
            f"ours beyond the eval and our floor: {k['trivial' + suffix] - eval_ms - empty:.1f} ms")
    if "floor" in k:
        lines.append(
            f"ThreadPool floor (raw pool + the same clock reads): {k['floor']:.1f} ms, {k['floor_pair_ratio']:.2f}x "
            f"raw (paired); ours {k['tp_floor_pair_ratio']:.2f}x the floor (paired); the goal 1.20x raw leaves "
            f"{1.2 - k['floor_pair_ratio']:+.2f}x of raw beyond the clock reads; the floor allocates "
            f"{k['floor_alloc']:.0f} bytes per task. Control (the floor pool without its clock reads): "
            f"{k['noclock_pair_ratio']:.2f}x raw wall, {k['noclock_cpu_pair_ratio']:.2f}x raw submitting thread CPU "
            f"(floor {k['floor_cpu_pair_ratio']:.2f}x, ours {k['tp_cpu_pair_ratio']:.2f}x; all paired)")
    return lines
