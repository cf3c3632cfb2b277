#!/usr/bin/env python3
"""What a live timeline of 10,000 futures costs, measured through the kernel in one run:

1. a trivial cell's round trip with no tasks (baseline), then while 10,000 short tasks run on a 4-thread
   pool without any view, then while the same work shows in a live timeline (target: the timeline adds at
   most 1.5x over the same work without it);
2. the timeline's updates while it was live: how many per second (at most ~10), their size;
3. the cost of one render of 10,000 futures in the kernel (`Timeline.render`, median of 9, wall and CPU time).

    .venv/bin/python bench/timeline_cost_bench.py [--cells 40] [--kernel java-futures]
"""
from __future__ import annotations

import json
import queue
import statistics
import time

from table_cost_bench import args_and_warm_kernel, round_trip

WORK = ("var benchPool{n} = new ThreadPool(4);\n"
        "List<TaskFuture<Integer>> benchFutures{n} = new ArrayList<>();\n"
        "for (int i = 0; i < 10_000; i++) {{ int k = i; "
        "benchFutures{n}.add(benchPool{n}.submit(() -> {{ Thread.sleep(2); return k; }})); }}\n")


def record_iopub(kc) -> list[dict]:
    """Every IOPub message the client reads from now on (round_trip reads and drops them), with its arrival time."""
    seen: list[dict] = []
    get = kc.get_iopub_msg

    def recording(*args, **kw):
        m = get(*args, **kw)
        m["_t"] = time.monotonic()
        seen.append(m)
        return m

    kc.get_iopub_msg = recording
    return seen


def drain(kc) -> None:
    while True:
        try:
            kc.get_iopub_msg(timeout=0.5)
        except queue.Empty:
            return


def value(kc, code: str) -> str:
    msg_id = kc.execute(code)
    while True:
        m = kc.get_iopub_msg(timeout=120)
        if m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "execute_result":
            return m["content"]["data"]["text/plain"]


def main() -> None:
    a, km, kc = args_and_warm_kernel()
    try:
        quiet = [round_trip(kc, "1 + 1") for _ in range(a.cells)]

        round_trip(kc, WORK.format(n=1))
        plain = [round_trip(kc, "1 + 1") for _ in range(a.cells)]
        round_trip(kc, "benchPool1.close();")

        seen = record_iopub(kc)
        round_trip(kc, WORK.format(n=2) + "var benchTimeline = Futures.timeline(benchFutures2);")
        live = [round_trip(kc, "1 + 1") for _ in range(a.cells)]
        round_trip(kc, "benchPool2.close();")
        drain(kc)
        ups = [m for m in seen if m["msg_type"] == "update_display_data"]
        sizes = [len(json.dumps(m["content"]["data"])) for m in ups]
        times = [m["_t"] for m in ups]
        worst = max((sum(1 for x in times if s <= x < s + 1.0) for s in times), default=0)

        # CPU time of the rendering thread as well as wall time: on a shared machine the wall time is mostly waiting.
        render = value(kc, "var mx = java.lang.management.ManagementFactory.getThreadMXBean();\n"
                           "long[] wallNs = new long[9], cpuNs = new long[9];\n"
                           "for (int r = 0; r < wallNs.length; r++) { long s = System.nanoTime(), c = mx.getCurrentThreadCpuTime();\n"
                           "  javafutures.timeline.Timeline.render(benchFutures2);\n"
                           "  wallNs[r] = System.nanoTime() - s; cpuNs[r] = mx.getCurrentThreadCpuTime() - c; }\n"
                           "Arrays.sort(wallNs); Arrays.sort(cpuNs); wallNs[4] / 1000 + \" \" + cpuNs[4] / 1000")
        q, p, t = statistics.median(quiet), statistics.median(plain), statistics.median(live)
        print(f"trivial cell, no tasks:                         median {q:6.1f} ms over {a.cells} cells")
        print(f"trivial cell, 10,000 tasks running, no view:    median {p:6.1f} ms")
        print(f"trivial cell, same tasks in a live timeline:    median {t:6.1f} ms")
        print(f"ratio timeline / same work without it: {t / p:.2f}x (target <= 1.5x); vs no tasks {t / q:.2f}x")
        print(f"timeline updates: {len(ups)}, at most {worst} within one second (target <= ~10); "
              f"payload median {statistics.median(sizes) / 1024:.0f} KiB, max {max(sizes) / 1024:.0f} KiB"
              if ups else "no timeline updates received")
        wall_us, cpu_us = (int(x) for x in render.strip('"').split())
        print(f"one render of 10,000 finished futures in the kernel: median {wall_us / 1000:.1f} ms wall, "
              f"{cpu_us / 1000:.1f} ms CPU")
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


if __name__ == "__main__":
    main()
