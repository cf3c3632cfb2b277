#!/usr/bin/env python3
"""A map whose function reads a large top-level array, through the kernel (jupyter_client): the installed
java-futures against another build's jar (e.g. main's) in the same run.

    JUPYTER_DATA_DIR=... .venv/bin/python bench/map_values_bench.py [--jar OTHER.jar] [--rounds 5]

The cell: `pp.map(i -> big[i] * i, range(40), 1).sum()` on `ProcessPool(2)` and on `ClusterPool.local(2)`
(two Hazelcast members), 40 chunks, for `big` of 1 MB and 8 MB. Since a map sends the values its function
reads once per worker or member (not once per chunk), its time should barely grow with the array; a build
that carries them in every chunk sends 40 copies. Prints medians (s), one row per kernel and pool.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics

from kclient import Kernel

SIZES = {"1 MB": 125_000, "8 MB": 1_000_000}
MAP = ("pp.map(i -> big[i] * i, java.util.stream.IntStream.range(0, 40).boxed().toList(), 1)"
       ".mapToLong(x -> x).sum()")


POOLS = {"ProcessPool(2)": "new ProcessPool(2)", "ClusterPool.local(2)": "ClusterPool.local(2)"}


def measure(jar: str | None, pool: str, rounds: int) -> dict[str, float]:
    k = Kernel(java="/usr/lib/jvm/java-17-openjdk-amd64/bin/java")  # no class-data cache: fair to both jars
    if jar:
        path = os.path.join(k.tmp, "kernels", "bench-jf", "kernel.json")
        with open(path) as f:
            spec = json.load(f)
        argv = spec["argv"]
        argv[argv.index("-jar") + 1] = os.path.abspath(jar)
        with open(path, "w") as f:
            json.dump(spec, f)
    out = {}
    with k:
        k.run(f"var pp = {POOLS[pool]};")
        for label, n in SIZES.items():
            k.run(f"long[] big = new long[{n}]; java.util.Arrays.fill(big, 3);")
            k.run(MAP)  # warm-up
            out[label] = statistics.median(k.run(MAP)["seconds"] for _ in range(rounds))
        k.run("pp.close();")
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--jar", help="another build's java-futures-kernel.jar to compare with")
    ap.add_argument("--rounds", type=int, default=5)
    a = ap.parse_args()
    rows = []
    for pool in POOLS:
        rows.append(("installed", pool, measure(None, pool, a.rounds)))
        if a.jar:
            rows.append((a.jar, pool, measure(a.jar, pool, a.rounds)))
    print("| kernel | pool | " + " | ".join(SIZES) + " |\n|---|---|" + "---|" * len(SIZES))
    for name, pool, r in rows:
        print(f"| {name} | {pool} | " + " | ".join(f"{r[s]:.3f} s" for s in SIZES) + " |")


if __name__ == "__main__":
    main()
