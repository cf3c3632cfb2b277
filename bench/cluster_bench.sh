#!/usr/bin/env bash
# 2,000 trivial tasks on ClusterPool.local(2) against ProcessPool(2), same run, and the ratio.
# Run: bench/cluster_bench.sh [rounds]   (builds the kernel's test classes with Maven first)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
mvn -q -B -o test-compile
CP_FILE="$(mktemp)"
trap 'rm -f "$CP_FILE"' EXIT
mvn -q -B -pl kernel dependency:build-classpath -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=test >/dev/null
exec java -XX:+UseSerialGC -cp "kernel/target/classes:kernel/target/test-classes:$(cat "$CP_FILE")" \
    javafutures.bench.ClusterPoolBench "${1:-5}"
