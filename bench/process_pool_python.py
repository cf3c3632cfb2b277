"""Python's ProcessPoolExecutor (forkserver) on the same measures as ProcessPoolBench.java.

Run: python3 bench/process_pool_python.py [rounds]. A file, not `python -c`: forkserver needs an
importable __main__. Prints medians in ms, in the same layout as the Java benchmark.
"""
import multiprocessing as mp
import os
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor


def plus_one(k):
    return k + 1


def one(_=None):
    return 1


def double(x):
    return x * 2


def report(name, rounds, fn):
    t = sorted(fn() for _ in range(rounds))
    print(f"{name:<45} {statistics.median(t):10.1f}   (min {t[0]:.1f}, max {t[-1]:.1f})", flush=True)


def trivial(pool, n):
    t0 = time.perf_counter()
    fs = [pool.submit(plus_one, i) for i in range(n)]
    for i, f in enumerate(fs):
        assert f.result() == i + 1
    return (time.perf_counter() - t0) * 1e3


def round_trip_us(pool, n):
    t0 = time.perf_counter()
    for _ in range(n):
        pool.submit(one).result()
    return (time.perf_counter() - t0) * 1e6 / n


def mapped(pool, items, chunk):
    t0 = time.perf_counter()
    total = sum(pool.map(double, range(items), chunksize=chunk))
    assert total == items * (items - 1)
    return (time.perf_counter() - t0) * 1e3


def start_to_first(ctx):
    t0 = time.perf_counter()
    with ProcessPoolExecutor(max_workers=2, mp_context=ctx) as pool:
        pool.submit(one).result()
        ms = (time.perf_counter() - t0) * 1e3
    return ms


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    ctx = mp.get_context("forkserver")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cpus, forkserver, median of {rounds}")
    with ProcessPoolExecutor(max_workers=2, mp_context=ctx) as pool:
        for _ in range(2):
            trivial(pool, 2000)
        report("round trip, one task (us)", rounds, lambda: round_trip_us(pool, 500))
        report("2,000 trivial tasks, 2 warm workers", rounds, lambda: trivial(pool, 2000))
        report("10,000 trivial tasks, 2 warm workers", rounds, lambda: trivial(pool, 10000))
        report("map chunk 100 over 100,000 items", rounds, lambda: mapped(pool, 100000, 100))
    report("pool start to first result (server running)", rounds, lambda: start_to_first(ctx))


if __name__ == "__main__":
    main()
