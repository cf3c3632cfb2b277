#!/usr/bin/env bash
# Runs every test of java-futures (after ./install.sh):
#   1. unit tests (Maven, JUnit 5) on the kernel's JDK, then again on the newest JDK 21+ found, if
#      any; if the sources are newer than the installed kernel jar, ./install.sh runs again (same JDK)
#      so the end-to-end tests never test a stale kernel;
#   2. the end-to-end suite (pytest, real Jupyter clients from tests/requirements.txt, in .venv)
#      against the installed `java-futures` kernelspec and the same kernel on that newest JDK.
# Exits non-zero if anything fails. Extra arguments go to pytest (e.g. ./test.sh -k interrupt).
#   JAVA_FUTURES_NEWEST_JAVA=/path/to/java   the second JDK (default: newest 21+ under /usr/lib/jvm etc.)
#   JAVA_FUTURES_SKIP_UNIT=1                 skip the unit tests
#   JAVA_FUTURES_UNIT_FORKS=N                run the unit test classes in N JVMs at once (surefire forkCount;
#                                            default 1: not yet measured on a quiet 2-core machine)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"
KERNEL_NAME="java-futures"
VENV="$ROOT/.venv"
PY="$VENV/bin/python"
START=$SECONDS

say()  { printf '\n==> %s\n' "$*"; }
fail() { printf '\ntest.sh: error: %s\n' "$*" >&2; exit 1; }
RESULTS=(); FAILED=0
PHASE_START=$SECONDS
phase() { PHASE_START=$SECONDS; }   # marks the start of the phase the next record reports
record() {  # record NAME STATUS: one summary line with the phase's wall time (seconds since `phase`)
    local took="($(( SECONDS - PHASE_START )) s)"
    if [[ "$2" == 0 ]]; then RESULTS+=("ok      $1 $took"); else RESULTS+=("FAILED  $1 $took"); FAILED=1; fi
}
mvn_q() {   # mvn, quiet, without Debian Maven 3.8's stray colour codes when not on a terminal
    if [[ -t 1 ]]; then mvn -q "$@"; else mvn -B -Dstyle.color=never -q "$@" 2>&1 | sed 's/\x1b\[0m//g'; fi
}

# ---------------------------------------------------------------------------------------------
# 0. Test tools in .venv (created if missing; pip only when tests/requirements.txt changed).
# ---------------------------------------------------------------------------------------------
if [[ ! -x "$PY" ]]; then
    say "Creating .venv for the test tools"
    python3 -m venv "$VENV" || fail "'python3 -m venv .venv' failed (Debian/Ubuntu: apt-get install python3-venv)"
fi
STAMP="$VENV/.java-futures-test-requirements"
if ! cmp -s tests/requirements.txt "$STAMP"; then
    say "Installing test tools into .venv: pip install -q -r tests/requirements.txt"
    "$PY" -m pip install -q --disable-pip-version-check -r tests/requirements.txt || fail "pip install failed"
    cp tests/requirements.txt "$STAMP"
fi

# ---------------------------------------------------------------------------------------------
# The kernel's JDK (from the installed kernelspec) and the newest JDK on this machine.
# ---------------------------------------------------------------------------------------------
KJAVA="$("$PY" -c "
from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
try:
    print(KernelSpecManager().get_kernel_spec('$KERNEL_NAME').argv[0])
except NoSuchKernel:
    pass
")"
[[ -n "$KJAVA" ]] || fail "the kernelspec '$KERNEL_NAME' is not installed: run ./install.sh first"
[[ -x "$KJAVA" ]] || fail "the kernelspec '$KERNEL_NAME' runs $KJAVA, which is missing: run ./install.sh again"

java_major() {  # prints the feature version of java $1, or nothing
    { "$1" -XshowSettings:properties -version 2>&1 || true; } |
        sed -n 's/^ *java\.specification\.version = *//p' | sed -n '1{s/^1\.//; s/\..*//; p}'
}
KMAJOR="$(java_major "$KJAVA")"
KHOME="$(dirname "$(dirname "$KJAVA")")"

NEWEST=""; NMAJOR=0
if [[ -n "${JAVA_FUTURES_NEWEST_JAVA:-}" ]]; then
    NEWEST="$JAVA_FUTURES_NEWEST_JAVA"; NMAJOR="$(java_major "$NEWEST")"
    [[ -n "$NMAJOR" ]] || fail "JAVA_FUTURES_NEWEST_JAVA=$NEWEST is not a working java"
else
    declare -A seen=()
    for j in /usr/lib/jvm/*/bin/java /usr/java/*/bin/java /opt/java/*/bin/java "$HOME"/.sdkman/candidates/java/*/bin/java \
             /Library/Java/JavaVirtualMachines/*/Contents/Home/bin/java; do
        [[ -x "$j" ]] || continue
        real="$(readlink -f "$j")"; [[ -n "${seen[$real]:-}" ]] && continue; seen[$real]=1
        [[ -x "$(dirname "$real")/javac" ]] || continue   # a JDK, not a JRE
        m="$(java_major "$real")"; [[ "$m" =~ ^[0-9]+$ ]] || continue
        if (( m >= 21 && m > NMAJOR )); then NEWEST="$real"; NMAJOR="$m"; fi
    done
fi
if [[ -z "$NEWEST" ]]; then
    echo "note: no JDK 21+ found (looked in /usr/lib/jvm and the usual places); testing on JDK $KMAJOR only"
elif [[ "$NMAJOR" == "$KMAJOR" ]]; then
    echo "note: the newest JDK found ($NEWEST) is the kernel's own JDK $KMAJOR; testing on it once"
    NEWEST=""
fi
echo "Kernel JDK: $KMAJOR ($KJAVA)${NEWEST:+; also testing on JDK $NMAJOR ($NEWEST)}"

# ---------------------------------------------------------------------------------------------
# 1. Unit tests, then make sure the installed kernel runs the current sources.
# ---------------------------------------------------------------------------------------------
if [[ "${JAVA_FUTURES_SKIP_UNIT:-0}" == 1 ]]; then
    say "Skipping unit tests (JAVA_FUTURES_SKIP_UNIT=1)"
else
    say "Unit tests on JDK $KMAJOR: mvn -q test -Dtest.jvm=$KJAVA"
    UNIT_ARGS=(-DforkCount="${JAVA_FUTURES_UNIT_FORKS:-1}")
    phase; rc=0; JAVA_HOME="$KHOME" mvn_q test -Dtest.jvm="$KJAVA" "${UNIT_ARGS[@]}" || rc=$?
    record "unit tests, JDK $KMAJOR" $rc
    if [[ -n "$NEWEST" ]]; then
        say "Unit tests on JDK $NMAJOR: mvn -q test -Dtest.jvm=$NEWEST"
        phase; rc=0; JAVA_HOME="$KHOME" mvn_q test -Dtest.jvm="$NEWEST" "${UNIT_ARGS[@]}" || rc=$?
        record "unit tests, JDK $NMAJOR" $rc
    fi
fi

# The installed jar: kernel.json names it {resource_dir}/..., in the kernelspec directory.
JAR="$("$PY" -c "
from jupyter_client.kernelspec import KernelSpecManager
s = KernelSpecManager().get_kernel_spec('$KERNEL_NAME')
a = s.argv
print(a[a.index('-jar') + 1].replace('{resource_dir}', s.resource_dir) if '-jar' in a else '')")"
if [[ ! -f "$JAR" ]] || [[ -n "$(find "$ROOT" \( -name .git -o -name .venv -o -name target \) -prune -o \
        \( -name pom.xml -o -path '*/src/*' \) -type f -newer "$JAR" -print -quit)" ]]; then
    say "The installed kernel jar is older than the sources: JAVA_FUTURES_JAVA=$KJAVA ./install.sh"
    phase; rc=0; JAVA_FUTURES_JAVA="$KJAVA" ./install.sh || rc=$?
    record "rebuild and reinstall of the kernel" $rc
fi

# ---------------------------------------------------------------------------------------------
# Front ends: the browser tests (JupyterLab, Notebook 7) drive Debian's Chromium through Playwright
# (never Playwright's own browser download, which cannot work offline); the console test runs
# `jupyter console` in tmux. Installed here when missing and we may (root, apt-get).
# ---------------------------------------------------------------------------------------------
MISSING=()
[[ -x /usr/bin/chromium ]] || MISSING+=(chromium)
command -v tmux >/dev/null 2>&1 || MISSING+=(tmux)
if (( ${#MISSING[@]} )) && command -v apt-get >/dev/null 2>&1 && [[ "$(id -u)" == 0 ]]; then
    say "Installing Debian's ${MISSING[*]} for the front-end tests"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${MISSING[@]}" >/dev/null; } ||
        echo "note: could not install ${MISSING[*]}; the tests that need them will be skipped"
fi

# ---------------------------------------------------------------------------------------------
# 2. End-to-end tests through jupyter_client / jupyter_kernel_test.
# ---------------------------------------------------------------------------------------------
say "End-to-end tests: pytest tests/ (kernels: $KERNEL_NAME${NEWEST:+, $KERNEL_NAME-jdk$NMAJOR})"
phase; rc=0
JAVA_FUTURES_TEST_JAVAS="$NEWEST" "$PY" -m pytest tests -v -rfE --durations=60 --timeout=300 "$@" || rc=$?
record "end-to-end tests" $rc

say "Summary ($(( SECONDS - START )) s)"
printf '  %s\n' "${RESULTS[@]}"
exit $FAILED
