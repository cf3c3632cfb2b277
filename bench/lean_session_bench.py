#!/usr/bin/env python3
"""A long notebook session: how much the kernel's heap grows per cell, against plain JShell fed the same cells.

    export JUPYTER_DATA_DIR=...    # where ./install.sh registered the kernel (it also builds the baseline)
    .venv/bin/python bench/lean_session_bench.py                       # both modes, the installed kernel's JDK
    .venv/bin/python bench/lean_session_bench.py --java /usr/lib/jvm/temurin-25-jdk-amd64/bin/java
    .venv/bin/python bench/lean_session_bench.py --mode redefine --cells 300 --warmup 40
    .venv/bin/python bench/lean_session_bench.py --cells 60 --warmup 30      # short: both modes, 60 cells each
    .venv/bin/python bench/lean_session_bench.py --mode submit --dump --out DIR   # + heap dumps at both checkpoints
    .venv/bin/python bench/lean_session_bench.py --mode submit --clear-soft  # softly reachable caches cleared

Modes (issue #13):
- redefine: every cell re-declares a variable, redefines a method and a record, computes a value in the
  kernel, sends the same computation to a ThreadPool(2) and to a ProcessPool(2) (made once, in cell 0), and
  prints MISMATCH unless all three agree with the expected value.
- submit: every cell (the same text each time) runs tp.submit(() -> 1).result() 1,000 times and
  pp.submit(() -> 1).result() 1,000 times. Re-running a cell makes new JShell snippets, whose history JShell
  keeps (the baseline keeps the same); what the kernel adds on top should not grow.
The baseline, kernel/src/test/java/javafutures/bench/PlainJShell.java, is in-process JShell (local engine)
with the kernel's class path, imports and compiler options, on the same JDK and GC, given the same cells
with Executors.newFixedThreadPool(2) for both pools (ProcessPool needs the kernel). It is compiled with the
kernel's test classes (./install.sh, or mvn test-compile).

The first checkpoint comes after warm-up cells that fill the kernel's bounded caches (parsed snippet classes,
task scans); what they hold then stays, at their bound, for the rest of the session.
Heap = the live bytes of `jcmd PID GC.class_histogram` after `jcmd PID GC.run` (both full GCs), at a checkpoint
after the warm-up cells and after the last cell; growth = the difference. Worker JVMs (children of the kernel)
are measured the same way. Histograms go to --out for diffing. Prints both growths, their ratio, the
kernel's growth beyond the baseline per cell, and the count of cells whose answers disagreed (must be 0).
Measured through jupyter_client; the load average is printed, since a busy machine slows but does not change
what the heaps hold.
"""
from __future__ import annotations

import argparse
import datetime
import os
import re
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TEST_CLASSES = os.path.join(ROOT, "kernel", "target", "test-classes")


def cells(mode: str, n: int, kernel: bool) -> list[str]:
    """The setup cell, then n cells of the mode; the kernel's pools or plain executors."""
    if kernel:
        out = ["ThreadPool tp = new ThreadPool(2);\nProcessPool pp = new ProcessPool(2);"]
        res = "result()"
    else:
        out = ["ExecutorService tp = Executors.newFixedThreadPool(2);\nExecutorService pp = Executors.newFixedThreadPool(2);"]
        res = "get()"
    for i in range(1, n + 1):
        if mode == "redefine":
            want = 4 * i + 3  # f(v) = 3i, R(1, 2).sum() = i + 3
            out.append(f"""int v = {i};
int f(int a) {{ return a * 2 + {i}; }}
record R(int a, int b) {{ int sum() {{ return a + b + {i}; }} }}
int k = f(v) + new R(1, 2).sum();
int t = tp.submit(() -> f(v) + new R(1, 2).sum()).{res};
int p = pp.submit(() -> f(v) + new R(1, 2).sum()).{res};
if (t != k || p != k || k != {want}) System.out.println("MISMATCH cell {i}: kernel " + k + ", thread " + t + ", process " + p + ", expected {want}");""")
        else:
            out.append(f"""long s = 0;
for (int j = 0; j < 1000; j++) s += tp.submit(() -> 1).{res};
for (int j = 0; j < 1000; j++) s += pp.submit(() -> 1).{res};
if (s != 2000) System.out.println("MISMATCH: sum " + s + ", expected 2000");""")
    return out


def jcmd_for(java: str) -> str:
    return os.path.join(os.path.dirname(os.path.realpath(java)), "jcmd")


# The kernel's future registry holds a WeakReference per future and sweeps the cleared ones once a second,
# older chunks only every tenth pass: right after a cell of 2,000 tasks, up to ~10 s worth of cleared
# references are still there (bounded, gone a few seconds later). A checkpoint waits for that sweep, so it
# counts what a session keeps, not what is about to go.
SETTLE_SECONDS = 12
# With this policy a full GC clears every soft reference not read since the previous GC: two full GCs in a row
# leave no softly reachable object (JDK caches such as ObjectStreamClass descriptors and reflection data are
# softly reachable: freed when the heap runs short, counted as live by a histogram otherwise).
CLEAR_SOFT = "-XX:SoftRefLRUPolicyMSPerMB=0"


def settle(jcmd: str, pid: int) -> None:
    """A full GC (clearing the references of collected futures), then time for the registry's sweeps."""
    subprocess.run([jcmd, str(pid), "GC.run"], capture_output=True, text=True, timeout=900)
    time.sleep(SETTLE_SECONDS)


def live_bytes(jcmd: str, pid: int, path: str) -> tuple[int, int]:
    """Full GC (two: see CLEAR_SOFT), then the class histogram (live objects) into path; its totals (see
    histogram_total)."""
    for command in ("GC.run", "GC.run", "GC.class_histogram"):
        r = subprocess.run([jcmd, str(pid), command], capture_output=True, text=True, timeout=900)
        if r.returncode != 0:
            raise RuntimeError(f"jcmd {pid} {command}: {r.stdout[-500:]}{r.stderr[-500:]}")
    with open(path, "w") as f:
        f.write(r.stdout)
    return histogram_total(r.stdout)


def heap_dump(jcmd: str, pid: int, path: str) -> None:
    """A heap dump of the live objects (for referrer chains: which GC root holds what grew)."""
    r = subprocess.run([jcmd, str(pid), "GC.heap_dump", path], capture_output=True, text=True, timeout=900)
    if r.returncode != 0 or not os.path.exists(path):
        raise RuntimeError(f"jcmd {pid} GC.heap_dump: {r.stdout[-500:]}{r.stderr[-500:]}")


def histogram_total(text: str) -> tuple[int, int]:
    """The histogram's total bytes, and the total without filler arrays: the heap walk behind a histogram also
    counts the JVM's filler objects (int[] up to JDK 20, jdk.internal.vm.FillerElement[] from JDK 21), which
    swing by megabytes between two checkpoints of the same JVM, while a heap dump of such a session shows
    ~0.2 MB of reachable int[]."""
    m = re.search(r"^\s*Total\s+\d+\s+(\d+)", text, re.M)
    if not m:
        raise ValueError("no Total line in the histogram")
    total = int(m.group(1))
    fillers = 0
    for name in (r"\[I", r"\[Ljdk\.internal\.vm\.FillerElement;"):
        f = re.search(r"^\s*\d+:\s+\d+\s+(\d+)\s+" + name + r"(\s|$)", text, re.M)
        fillers += int(f.group(1)) if f else 0
    return total, total - fillers


def workers_of(pid: int) -> list[int]:
    """Worker JVMs the kernel started (pool workers and spares)."""
    out = []
    for p in os.listdir("/proc"):
        if not p.isdigit():
            continue
        try:
            with open(f"/proc/{p}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            if ppid == pid:
                with open(f"/proc/{p}/cmdline", "rb") as f:
                    if b"javafutures.worker.WorkerMain" in f.read():
                        out.append(int(p))
        except (OSError, ValueError):
            pass
    return sorted(out)


def run_kernel(a, mode: str, out: str) -> dict:
    from harness import Kernel, error_text  # tests/harness.py: the tests' jupyter_client driver
    src = cells(mode, a.cells[mode], True)
    with open(os.path.join(out, f"kernel-{mode}-cells.txt"), "w") as f:
        f.write("\n//--cell--\n".join(src))  # for javafutures.bench.JavacScopeListeners
    warm, last = a.warmup[mode], a.cells[mode]
    heaps, workers, mismatches, errors = {}, {}, [], []
    k = Kernel(a.kernel_name, startup_timeout=300,
               env={"JAVA_TOOL_OPTIONS": CLEAR_SOFT} if a.clear_soft else None)
    try:
        jcmd = jcmd_for(k.km.kernel_spec.argv[0])
        t0 = time.monotonic()
        for i, code in enumerate(src):
            reply, msgs = k.run(code, timeout=900)
            text = "".join(m["content"]["text"] for m in msgs if m["msg_type"] == "stream")
            if reply["content"]["status"] != "ok":
                errors.append(i)
                print(f"  cell {i} failed: {error_text(reply)[:300]}", flush=True)
            for line in text.splitlines():
                if "MISMATCH" in line:
                    mismatches.append(line)
                    if len(mismatches) <= 5:
                        print("  " + line, flush=True)
            if i % 50 == 0:
                print(f"  kernel cell {i}/{last} ({time.monotonic() - t0:.0f} s)", flush=True)
            if i in (warm, last):
                settle(jcmd, k.pid)
                heaps[i] = live_bytes(jcmd, k.pid, os.path.join(out, f"kernel-{mode}-{i}.histo"))
                if a.dump:
                    heap_dump(jcmd, k.pid, os.path.join(out, f"kernel-{mode}-{i}.hprof"))
                workers[i] = {}
                for w in workers_of(k.pid):
                    try:
                        workers[i][w] = live_bytes(jcmd, w, os.path.join(out, f"worker-{w}-{mode}-{i}.histo"))
                    except (RuntimeError, ValueError):
                        pass  # a spare still starting
        wall = time.monotonic() - t0
    finally:
        k.close()
    return {"heaps": heaps, "workers": workers, "mismatches": mismatches, "errors": errors, "wall": wall}


def run_plain(a, mode: str, out: str) -> dict:
    warm, last = a.warmup[mode], a.cells[mode]
    path = os.path.join(out, f"plain-{mode}-cells.txt")
    with open(path, "w") as f:
        f.write("\n//--cell--\n".join(cells(mode, last, False)))
    d = os.path.join(out, f"plain-{mode}")
    t0 = time.monotonic()
    dump = ["-Djavafutures.bench.dump=true"] if a.dump else []
    dump += [CLEAR_SOFT, "-Djavafutures.bench.gcRuns=2"] if a.clear_soft else []
    p = subprocess.run([a.java, "-XX:+UseSerialGC", *dump, "-cp", TEST_CLASSES + os.pathsep + a.jar,
                        "javafutures.bench.PlainJShell", path, d, f"{warm},{last}"],
                       capture_output=True, text=True, timeout=7200)
    if p.returncode != 0:
        raise RuntimeError(f"PlainJShell failed: {p.stdout[-2000:]}{p.stderr[-2000:]}")
    heaps = {}
    for i in (warm, last):
        with open(os.path.join(d, f"plain-{i}.histo")) as f:
            heaps[i] = histogram_total(f.read())
    return {"heaps": heaps, "wall": time.monotonic() - t0}


def histogram_bytes(path: str) -> dict[str, int]:
    """Bytes per class of a class histogram file (classes of several loaders summed by name)."""
    out: dict[str, int] = {}
    with open(path) as f:
        for line in f:
            m = re.match(r"\s*\d+:\s+\d+\s+(\d+)\s+(\S+)", line)
            if m:
                out[m.group(2)] = out.get(m.group(2), 0) + int(m.group(1))
    return out


# Classes whose instances JDK caches hold through soft references (java.io.ClassCache, Class.reflectionData):
# live for a histogram, freed when memory runs short. Marked in the table below; --clear-soft measures without them.
FILLERS = ("[I", "[Ljdk.internal.vm.FillerElement;")
SOFT_CACHED = ("java.io.ObjectStreamClass", "java.io.ObjectStreamField", "java.io.ObjectStreamClass$",
               "java.lang.Class$ReflectionData", "java.lang.reflect.", "jdk.internal.reflect.")


def extra_growth(mode: str, a, out: str, n: int, top: int = 12) -> None:
    """The classes whose growth in the kernel exceeds their growth in the baseline most, per cell."""
    warm, last = a.warmup[mode], a.cells[mode]
    k0 = histogram_bytes(os.path.join(out, f"kernel-{mode}-{warm}.histo"))
    k1 = histogram_bytes(os.path.join(out, f"kernel-{mode}-{last}.histo"))
    p0 = histogram_bytes(os.path.join(out, f"plain-{mode}", f"plain-{warm}.histo"))
    p1 = histogram_bytes(os.path.join(out, f"plain-{mode}", f"plain-{last}.histo"))
    rows = []
    for c in set(k0) | set(k1) | set(p0) | set(p1):
        if c in FILLERS:
            continue
        rows.append(((k1.get(c, 0) - k0.get(c, 0)) - (p1.get(c, 0) - p0.get(c, 0)), c))
    rows.sort(reverse=True)
    print(f"\nkernel growth beyond the baseline's, by class (bytes per cell; * = softly reachable JDK cache; "
          f"filler arrays left out):")
    for extra, c in rows[:top]:
        soft = " *" if c.startswith(SOFT_CACHED) else ""
        print(f"  {extra / n:8.0f}  {c}{soft}")


def report(mode: str, a, kr: dict, pr: dict) -> None:
    warm, last = a.warmup[mode], a.cells[mode]
    n = last - warm
    mb = 2 ** 20
    print(f"\n### {mode}: cells {warm} -> {last} ({n} cells after {warm} warm-up cells)\n")
    print(f"| | heap after cell {warm} | heap after cell {last} | growth | per cell | growth without fillers | per cell |")
    print("|---|---|---|---|---|---|---|")
    growth = {}
    for name, r in (("kernel", kr), ("plain JShell", pr)):
        h0, h1 = r["heaps"][warm], r["heaps"][last]
        g, gi = h1[0] - h0[0], h1[1] - h0[1]
        growth[name] = (g, gi)
        print(f"| {name} | {h0[0] / mb:.1f} MB | {h1[0] / mb:.1f} MB | {g / mb:.2f} MB | {g / n / 1024:.1f} KB "
              f"| {gi / mb:.2f} MB | {gi / n / 1024:.1f} KB |")
    for i, label in ((0, "growth"), (1, "growth without fillers")):
        kg, pg = growth["kernel"][i], growth["plain JShell"][i]
        ratio = f"{kg / pg:.2f}x" if pg > 0 else "undefined (the baseline did not grow)"
        print(f"ratio kernel/plain, {label}: {ratio}; kernel beyond plain JShell: {(kg - pg) / n / 1024:.1f} KB per cell")
    for w in sorted(set(kr["workers"].get(warm, {})) & set(kr["workers"].get(last, {}))):
        w0, w1 = kr["workers"][warm][w][0], kr["workers"][last][w][0]
        print(f"worker pid {w}: {w0 / mb:.1f} -> {w1 / mb:.1f} MB ({(w1 - w0) / n / 1024:.1f} KB per cell)")
    extra_growth(mode, a, a.out, n)
    print(f"cells whose thread or process answer disagreed with the kernel: {len(kr['mismatches'])}")
    print(f"cells that failed: {len(kr['errors'])}")
    print(f"wall: kernel {kr['wall']:.0f} s, plain JShell {pr['wall']:.0f} s")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mode", choices=["redefine", "submit", "both"], default="both")
    ap.add_argument("--java", help="run the kernel and the baseline on this java (default: the installed kernel's)")
    ap.add_argument("--cells", type=int, help="cells after the setup cell (default: 300 redefine, 300 submit)")
    ap.add_argument("--warmup", type=int, help="cells before the first checkpoint (default: 40 redefine, 150 submit: "
                    "the kernel's bounded caches are full by then, 128 parsed classes and 32 task scans; a submit "
                    "cell adds one parsed class, a redefining cell several)")
    ap.add_argument("--clear-soft", action="store_true", help="run the kernel (and its workers) and the baseline "
                    "with -XX:SoftRefLRUPolicyMSPerMB=0 and two full GCs per checkpoint, so that softly reachable "
                    "caches (serialization descriptors, reflection data) are cleared before the histogram")
    ap.add_argument("--dump", action="store_true", help="also write heap dumps of the kernel (and the baseline) "
                    "at both checkpoints into --out")
    ap.add_argument("--out", help="directory for the histograms (default: a new temporary one)")
    a = ap.parse_args()
    modes = ["redefine", "submit"] if a.mode == "both" else [a.mode]
    a.cells = {"redefine": a.cells or 300, "submit": a.cells or 300}
    a.warmup = {"redefine": a.warmup or 40, "submit": a.warmup or 150}
    for m in modes:
        if not 0 < a.warmup[m] < a.cells[m]:
            ap.error("need 0 < --warmup < --cells")
    if not os.path.exists(os.path.join(TEST_CLASSES, "javafutures", "bench", "PlainJShell.class")):
        ap.error("build first: ./install.sh (or mvn -q test-compile)")
    if a.java:
        os.environ["JAVA_FUTURES_TEST_JAVAS"] = a.java  # harness.py makes a kernelspec for that JDK
    sys.path.insert(0, os.path.join(ROOT, "tests"))
    import harness
    a.kernel_name = harness.KERNEL_NAMES[-1] if a.java else harness.BASE_KERNEL
    if harness.KERNELS_PROBLEM:
        ap.error(harness.KERNELS_PROBLEM)
    from jupyter_client.kernelspec import KernelSpecManager
    spec = KernelSpecManager().get_kernel_spec(a.kernel_name)
    argv = [x.replace("{resource_dir}", spec.resource_dir) for x in spec.argv]
    a.java = a.java or argv[0]
    a.jar = argv[argv.index("-jar") + 1]  # the baseline gets the kernel's very jar on its class path
    out = a.out = a.out or tempfile.mkdtemp(prefix="lean-session-")
    os.makedirs(out, exist_ok=True)
    print(f"lean session bench, {datetime.datetime.now():%Y-%m-%d %H:%M}, kernel {a.kernel_name}, java {a.java} "
          f"({harness.java_major(a.java)}), load average {os.getloadavg()[0]:.1f}, histograms in {out}"
          + (f", {CLEAR_SOFT} (softly reachable caches cleared at checkpoints)" if a.clear_soft else ""), flush=True)
    failed = False
    for mode in modes:
        print(f"\n{mode}: kernel", flush=True)
        kr = run_kernel(a, mode, out)
        print(f"{mode}: plain JShell", flush=True)
        pr = run_plain(a, mode, out)
        report(mode, a, kr, pr)
        failed |= bool(kr["mismatches"] or kr["errors"])
    print(f"\nload average at the end: {os.getloadavg()[0]:.1f}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
