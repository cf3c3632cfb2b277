"""ProcessPool(2) beside Python's ProcessPoolExecutor(max_workers=2, forkserver), in one run.

Run from the repository root after `mvn -q test-compile package -DskipTests` (or ./install.sh):
    python3 bench/process_pool_bench.py [rounds] [--java /path/to/java]
Runs kernel/src/test/java/javafutures/bench/ProcessPoolApiBench.java (the public ProcessPool API, with
warm spare JVMs as the kernel keeps them) and bench/process_pool_python.py one after the other, then
prints both tables and the ratios (Python time / Java time: above 1 means Java is faster).
"""
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LINE = re.compile(r"^(.+?)\s{2,}([\d.]+)\s+\(min")


def parse(text):
    return {m.group(1).strip(): float(m.group(2)) for m in map(LINE.match, text.splitlines()) if m}


def main():
    args = sys.argv[1:]
    java = "java"
    if "--java" in args:
        i = args.index("--java")
        java = args[i + 1]
        del args[i:i + 2]
    rounds = args[0] if args else "5"
    jar = os.path.join(ROOT, "kernel", "target", "java-futures-kernel.jar")
    tests = os.path.join(ROOT, "kernel", "target", "test-classes")
    if not (os.path.exists(jar) and os.path.isdir(tests)):
        sys.exit("build first: mvn -q test-compile package -DskipTests")
    jout = subprocess.run([java, "-XX:+UseSerialGC", "-cp", jar + os.pathsep + tests,
                           "javafutures.bench.ProcessPoolApiBench", rounds],
                          capture_output=True, text=True, check=True).stdout
    print(jout, flush=True)
    pout = subprocess.run([sys.executable, os.path.join(ROOT, "bench", "process_pool_python.py"), rounds],
                          capture_output=True, text=True, check=True).stdout
    print(pout, flush=True)
    j, p = parse(jout), parse(pout)
    pairs = [
        ("round trip, one task (us)", "round trip, one task (us)"),
        ("2,000 trivial tasks, 2 warm workers", "2,000 trivial tasks, 2 warm workers"),
        ("10,000 trivial tasks, 2 warm workers", "10,000 trivial tasks, 2 warm workers"),
        ("map chunk 100 over 100,000 items", "map chunk 100 over 100,000 items"),
        ("pool start to first result (warm spares)", "pool start to first result (server running)"),
    ]
    print(f"{'measure':<45} {'Java':>10} {'Python':>10} {'Python/Java':>12}")
    for jname, pname in pairs:
        if jname in j and pname in p:
            print(f"{jname:<45} {j[jname]:10.1f} {p[pname]:10.1f} {p[pname] / j[jname]:11.2f}x")


if __name__ == "__main__":
    main()
