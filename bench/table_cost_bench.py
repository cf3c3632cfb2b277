#!/usr/bin/env python3
"""What a live status table costs the kernel: a trivial cell's round trip while 10,000 futures update a
live table, against the same cell with no table, in the same kernel and run. Target: within 1.5x.

    .venv/bin/python bench/table_cost_bench.py [--cells 40] [--kernel java-futures]

Round trip = execute_request until both the execute_reply and the idle status (what nbclient waits for).
The table's futures are short sleeps on a 4-thread pool, submitted so that they keep finishing for the
whole measurement; the table itself re-renders at most ten times a second.
"""
from __future__ import annotations

import argparse
import queue
import statistics
import time

from jupyter_client.manager import start_new_kernel


def round_trip(kc, code: str) -> float:
    t0 = time.perf_counter()
    msg_id = kc.execute(code)
    got_reply = got_idle = False
    while not (got_reply and got_idle):
        if not got_reply:
            try:
                r = kc.get_shell_msg(timeout=0.01)
                got_reply = r["parent_header"].get("msg_id") == msg_id
            except queue.Empty:
                pass
        try:
            m = kc.get_iopub_msg(timeout=0.01)
            if (m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "status"
                    and m["content"]["execution_state"] == "idle"):
                got_idle = True
        except queue.Empty:
            pass
    return (time.perf_counter() - t0) * 1000


def args_and_warm_kernel():
    """--cells and --kernel from the command line, and that kernel started and warmed up: (args, km, kc)."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--cells", type=int, default=40)
    ap.add_argument("--kernel", default="java-futures")
    a = ap.parse_args()
    km, kc = start_new_kernel(kernel_name=a.kernel, startup_timeout=120)
    for _ in range(20):
        round_trip(kc, "1 + 1")  # warm-up
    return a, km, kc


def main() -> None:
    a, km, kc = args_and_warm_kernel()
    try:
        quiet = [round_trip(kc, "1 + 1") for _ in range(a.cells)]
        setup = ("var benchPool = new ThreadPool(4);\n"
                 "List<TaskFuture<Integer>> benchFutures = new ArrayList<>();\n"
                 "for (int i = 0; i < 10_000; i++) { int n = i; "
                 "benchFutures.add(benchPool.submit(() -> { Thread.sleep(2); return n; })); }\n"
                 "Futures.table(benchFutures);")
        round_trip(kc, setup)
        busy = [round_trip(kc, "1 + 1") for _ in range(a.cells)]
        left = round_trip(kc, "benchFutures.stream().filter(f -> !f.done()).count()")
        q, b = statistics.median(quiet), statistics.median(busy)
        print(f"trivial cell, no table:                    median {q:6.1f} ms over {a.cells} cells")
        print(f"trivial cell, 10,000 futures in a live table: median {b:6.1f} ms over {a.cells} cells")
        print(f"ratio with table / without: {b / q:.2f}x (target <= 1.5x)")
        kc.execute("benchPool.shutdownNow();")
        del left
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


if __name__ == "__main__":
    main()
