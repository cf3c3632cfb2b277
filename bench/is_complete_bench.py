#!/usr/bin/env python3
"""is_complete latency of java-futures against ipykernel, measured in the same run through jupyter_client.

    .venv/bin/python bench/is_complete_bench.py              # installed java-futures vs ipykernel

Why it matters: `jupyter console` asks is_complete on every Enter and, if one answer takes longer than
its `kernel_is_complete_timeout` (1 s by default), stops asking for the rest of the session (Enter then
always opens a new line). Measures, per kernel and start:
- first: kernel_info answered, then at once is_complete of an unfinished line (java-futures answers it
  while JShell is still starting, from javac's parser);
- warm: is_complete round trips of a few inputs (finished, unfinished, invalid, a cell magic) after
  warm-up; median of all of them.
Runs alternate between kernels. Prints a markdown table with medians and the ratio to ipykernel.
"""
from __future__ import annotations

import argparse
import datetime
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time

from jupyter_client.manager import KernelManager

from kernel_bench import BASE, make_specs, wait_reply

INPUTS = {
    BASE: ["6 * 7", "int twice(int x) {", "x = = 1;", "%%thread", "a ? b :"],
    "bench-ipykernel": ["6 * 7", "def twice(x):", "x = = 1", "%%timeit", "a if b else"],
}


def one_run(kernel: str, warmup: int, rounds: int) -> tuple[float, list[float]]:
    """(seconds from kernel_info reply to the first is_complete reply, [seconds per warm is_complete])."""
    km = KernelManager(kernel_name=kernel)
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    try:
        while True:  # kernel_info handshake, as wait_for_ready does
            try:
                wait_reply(kc, kc.kernel_info(), 1.0)
                break
            except TimeoutError:
                if not km.is_alive():
                    raise RuntimeError(f"kernel {kernel} died during start")
        inputs = INPUTS[kernel]
        t = time.perf_counter()
        wait_reply(kc, kc.is_complete(inputs[1]), 120)
        first = time.perf_counter() - t
        times = []
        for i in range(warmup + rounds):
            for code in inputs:
                t = time.perf_counter()
                wait_reply(kc, kc.is_complete(code), 60)
                if i >= warmup:
                    times.append(time.perf_counter() - t)
        return first, times
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=3, help="kernel starts per kernel (default 3)")
    ap.add_argument("--rounds", type=int, default=20, help="timed rounds of all inputs per run (default 20)")
    ap.add_argument("--warmup", type=int, default=5, help="untimed rounds before them (default 5)")
    args = ap.parse_args()

    tmp = tempfile.mkdtemp(prefix="java-futures-bench-")
    os.environ["JUPYTER_PATH"] = os.pathsep.join([tmp] + [p for p in os.environ.get("JUPYTER_PATH", "").split(os.pathsep) if p])
    try:
        kernels = make_specs(tmp, [], [], [])
        firsts: dict[str, list[float]] = {k: [] for _, k in kernels}
        warm: dict[str, list[float]] = {k: [] for _, k in kernels}
        for run in range(args.runs):
            for label, kernel in kernels:
                f, w = one_run(kernel, args.warmup, args.rounds)
                firsts[kernel].append(f)
                warm[kernel].extend(w)
                print(f"run {run + 1}/{args.runs} {label}: first {f * 1000:.0f} ms, "
                      f"warm median {statistics.median(w) * 1000:.1f} ms, max {max(w) * 1000:.0f} ms", file=sys.stderr)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    ref = kernels[0][1]
    f_ref, w_ref = statistics.median(firsts[ref]), statistics.median(warm[ref])
    print(f"\n{datetime.date.today().isoformat()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}, "
          f"{platform.system()}, Python {platform.python_version()}; medians of {args.runs} starts and "
          f"{args.runs * args.rounds * len(INPUTS[BASE])} warm requests each\n")
    print("| kernel | first is_complete after kernel_info | ratio | warm is_complete (median / max) | ratio |")
    print("|---|---|---|---|---|")
    for label, kernel in kernels:
        f, w = statistics.median(firsts[kernel]), statistics.median(warm[kernel])
        print(f"| {label} | {f * 1000:.0f} ms | {f / f_ref:.2f} | {w * 1000:.1f} / {max(warm[kernel]) * 1000:.0f} ms "
              f"| {w / w_ref:.2f} |")


if __name__ == "__main__":
    main()
