#!/usr/bin/env python3
"""Kernel start and trivial-cell latency of java-futures against ipykernel, measured in the same run.

    .venv/bin/python bench/kernel_bench.py                     # installed java-futures vs ipykernel
    .venv/bin/python bench/kernel_bench.py --java /usr/lib/jvm/temurin-25-jdk-amd64/bin/java
    .venv/bin/python bench/kernel_bench.py --flags "" --flags "-XX:+UseSerialGC -XX:TieredStopAtLevel=1"
    JUPYTER_DATA_DIR=/tmp/jf25 JAVA_FUTURES_JAVA=.../jdk-25/bin/java ./install.sh   # then:
    .venv/bin/python bench/kernel_bench.py --spec /tmp/jf25/kernels/java-futures

Measures, through jupyter_client as a front end does:
- start: KernelManager.start_kernel() until the execute_reply of a first trivial cell ("1+1"), with a
  kernel_info handshake in between (jupyter_client's wait_for_ready without its 0.2 s IOPub drain);
- cell: one trivial cell ("1 + 1"), from execute_request until both its execute_reply and its idle
  status arrived (what nbclient waits for), after warm-up cells; median of all cells of all runs.
Runs alternate between kernels so that machine noise hits them alike. Prints a markdown table with
medians and ratios (java-futures / ipykernel). Needs ipykernel in the running Python (tests/requirements.txt).
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import queue
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager

BASE = "java-futures"
JDK_SPECIFIC_OPTIONS = ("-XX:SharedArchiveFile=", "-XX:AOTCache=", "-Xlog:")
# ipykernel in the running Python (tests/requirements.txt), the baseline kernel of the benches
IPYKERNEL_ARGV = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]


def java_version(java: str) -> str:
    out = subprocess.run([java, "-XshowSettings:properties", "-version"], capture_output=True, text=True)
    for line in out.stderr.splitlines():
        if "java.version =" in line:
            return line.split("=", 1)[1].strip()
    return "?"


def make_specs(tmp: str, javas: list[str], flag_sets: list[str], spec_dirs: list[str]) -> list[tuple[str, str]]:
    """Writes temporary kernelspecs; returns [(label, kernel name)], ipykernel first."""
    def write(name: str, spec: dict) -> None:
        d = os.path.join(tmp, "kernels", name)
        os.makedirs(d)
        with open(os.path.join(d, "kernel.json"), "w") as f:
            json.dump(spec, f)

    write("bench-ipykernel", {"argv": IPYKERNEL_ARGV,
                              "display_name": "ipykernel (bench)", "language": "python"})
    kernels = [(f"ipykernel {_ipykernel_version()}", "bench-ipykernel")]
    base = KernelSpecManager().get_kernel_spec(BASE)
    with open(os.path.join(base.resource_dir, "kernel.json")) as f:
        spec = json.load(f)
    # the copies live in a temporary directory: {resource_dir} becomes the installed kernelspec's
    argv = [a.replace("{resource_dir}", base.resource_dir) for a in spec["argv"]]
    jar_at = argv.index("-jar")
    kernels.append((f"java-futures, Java {java_version(argv[0])}", BASE))
    for i, java in enumerate(javas):
        name = f"bench-jf-java{i}"
        # without the installed JDK's class-data cache, which another JDK cannot use
        write(name, dict(spec, argv=[java] + [a for a in argv[1:] if not a.startswith(JDK_SPECIFIC_OPTIONS)]))
        kernels.append((f"java-futures, Java {java_version(java)}", name))
    for i, d in enumerate(spec_dirs):
        with open(os.path.join(d, "kernel.json")) as f:
            other = json.load(f)
        other["argv"] = [a.replace("{resource_dir}", os.path.abspath(d)) for a in other["argv"]]
        name = f"bench-jf-spec{i}"
        write(name, other)
        kernels.append((f"java-futures, Java {java_version(other['argv'][0])} ({d})", name))
    for i, flags in enumerate(flag_sets):
        name = f"bench-jf-flags{i}"
        write(name, dict(spec, argv=[argv[0]] + flags.split() + argv[jar_at:]))
        kernels.append((f"java-futures, Java {java_version(argv[0])}, JVM options [{flags}]", name))
    return kernels


def _ipykernel_version() -> str:
    import ipykernel
    return ipykernel.__version__


def wait_reply(kc, msg_id: str, timeout: float) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"no reply to {msg_id}")
        try:
            msg = kc.shell_channel.get_msg(timeout=left)
        except queue.Empty:
            continue
        if msg["parent_header"].get("msg_id") == msg_id:
            return msg


def wait_idle(kc, msg_id: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"no idle status for {msg_id}")
        try:
            msg = kc.iopub_channel.get_msg(timeout=left)
        except queue.Empty:
            continue
        if (msg["msg_type"] == "status" and msg["parent_header"].get("msg_id") == msg_id
                and msg["content"]["execution_state"] == "idle"):
            return


def start_kernel(kernel: str, code: str) -> tuple[KernelManager, object, float, float]:
    """Starts `kernel` as a front end does: (manager, client, seconds from start_kernel to the kernel_info
    reply, seconds from start_kernel to the execute_reply of a first cell `code`). The caller shuts it down."""
    km = KernelManager(kernel_name=kernel)
    t0 = time.perf_counter()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    try:
        # kernel_info handshake: resend every second until the kernel answers (as wait_for_ready does)
        while True:
            msg_id = kc.kernel_info()
            try:
                wait_reply(kc, msg_id, 1.0)
                break
            except TimeoutError:
                if not km.is_alive():
                    raise RuntimeError(f"kernel {kernel} died during start")
                if time.perf_counter() - t0 > 120:
                    raise
        ready = time.perf_counter() - t0
        reply = wait_reply(kc, kc.execute(code), 120)
        first = time.perf_counter() - t0
        assert reply["content"]["status"] == "ok", reply["content"]
        return km, kc, ready, first
    except BaseException:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
        raise


def one_run(kernel: str, code: str, warmup: int, cells: int) -> tuple[float, list[float]]:
    """(seconds from start_kernel to the first execute_reply, [seconds per trivial cell])."""
    km, kc, _, start = start_kernel(kernel, code)
    try:
        time.sleep(0.3)
        while True:  # drop IOPub of the start
            try:
                kc.iopub_channel.get_msg(timeout=0.05)
            except queue.Empty:
                break
        times = []
        for i in range(warmup + cells):
            t = time.perf_counter()
            msg_id = kc.execute(code)
            r = wait_reply(kc, msg_id, 60)
            wait_idle(kc, msg_id, 60)
            if i >= warmup:
                times.append(time.perf_counter() - t)
            assert r["content"]["status"] == "ok", r["content"]
        return start, times
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5, help="kernel starts per kernel (default 5)")
    ap.add_argument("--cells", type=int, default=50, help="timed trivial cells per run (default 50)")
    ap.add_argument("--warmup", type=int, default=10, help="untimed cells before them (default 10)")
    ap.add_argument("--java", action="append", default=[], help="also run java-futures on this java")
    ap.add_argument("--flags", action="append", default=[],
                    help="also run java-futures with these JVM options instead of the kernelspec's")
    ap.add_argument("--spec", action="append", default=[],
                    help="also run this kernelspec directory (e.g. one installed with another JDK "
                         "into another JUPYTER_DATA_DIR, with its own class-data cache)")
    ap.add_argument("--json", help="also write the raw numbers here")
    args = ap.parse_args()

    tmp = tempfile.mkdtemp(prefix="java-futures-bench-")
    os.environ["JUPYTER_PATH"] = os.pathsep.join([tmp] + [p for p in os.environ.get("JUPYTER_PATH", "").split(os.pathsep) if p])
    try:
        kernels = make_specs(tmp, args.java, args.flags, args.spec)
        starts: dict[str, list[float]] = {k: [] for _, k in kernels}
        cells: dict[str, list[float]] = {k: [] for _, k in kernels}
        for run in range(args.runs):
            for label, kernel in kernels:
                code = "1+1" if kernel == "bench-ipykernel" else "1 + 1"
                s, c = one_run(kernel, code, args.warmup, args.cells)
                starts[kernel].append(s)
                cells[kernel].extend(c)
                print(f"run {run + 1}/{args.runs} {label}: start {s * 1000:.0f} ms, "
                      f"cell median {statistics.median(c) * 1000:.1f} ms", file=sys.stderr)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    ref = kernels[0][1]
    s_ref, c_ref = statistics.median(starts[ref]), statistics.median(cells[ref])
    print(f"\n{datetime.date.today().isoformat()}, {os.cpu_count()} cores, {platform.system()} "
          f"{platform.machine()}, Python {platform.python_version()}; medians of {args.runs} starts and "
          f"{args.runs * args.cells} cells each\n")
    print("| kernel | start to first execute_reply | ratio | trivial cell round trip | ratio |")
    print("|---|---|---|---|---|")
    for label, kernel in kernels:
        s, c = statistics.median(starts[kernel]), statistics.median(cells[kernel])
        rs = "" if kernel == ref else f"{s / s_ref:.2f}"
        rc = "" if kernel == ref else f"{c / c_ref:.2f}"
        print(f"| {label} | {s * 1000:.0f} ms | {rs} | {c * 1000:.1f} ms | {rc} |")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"kernels": kernels, "starts": starts, "cells": cells}, f, indent=1)


if __name__ == "__main__":
    main()
