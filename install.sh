#!/usr/bin/env bash
# Builds the java-futures kernel and registers it with Jupyter as the kernelspec `java-futures`.
#
#   ./install.sh                                   # JDK from JAVA_HOME, else `java` on PATH
#   JAVA_FUTURES_JAVA=/path/to/jdk/bin/java ./install.sh   # pick the JVM the kernel runs on
#
# Uses `jupyter` from PATH when there is one; otherwise creates .venv with JupyterLab.
# Honours JUPYTER_DATA_DIR (the kernelspec goes where `jupyter kernelspec install --user` puts it).
# Idempotent: a second run rebuilds nothing that is up to date and leaves the same result.
# JAVA_FUTURES_REBUILD=1 forces the Maven build.
set -euo pipefail

CALLER_PWD="$PWD"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"

KERNEL_NAME="java-futures"
DISPLAY_NAME="Java (futures)"
JAR="$ROOT/kernel/target/java-futures-kernel.jar"
MIN_JAVA=17
MIN_PYTHON_MINOR=9   # Python 3.9+

say()  { printf '==> %s\n' "$*"; }
fail() { printf '\ninstall.sh: error: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------
# 1. A JDK 17+ (with jshell: the kernel compiles cells with the JDK's compiler).
# ---------------------------------------------------------------------------------------------
JAVA_HOME_FOUND=""; JAVA_VERSION_FOUND=""; JAVA_MAJOR_FOUND=""; PROBE_PROBLEM=""

# probe_java PATH: sets JAVA_HOME_FOUND/JAVA_VERSION_FOUND/JAVA_MAJOR_FOUND and returns 0 when PATH
# is a usable JDK 17+; otherwise sets PROBE_PROBLEM to a sentence and returns 1.
probe_java() {
    local java="$1" props spec
    JAVA_HOME_FOUND=""; JAVA_VERSION_FOUND=""; JAVA_MAJOR_FOUND=""; PROBE_PROBLEM=""
    if [[ ! -e "$java" ]]; then PROBE_PROBLEM="$java does not exist"; return 1; fi
    if [[ ! -x "$java" || -d "$java" ]]; then PROBE_PROBLEM="$java is not an executable file"; return 1; fi
    local rc=0
    props="$("$java" -XshowSettings:properties -version 2>&1)" || rc=$?
    if (( rc != 0 )); then
        PROBE_PROBLEM="'$java -version' failed with exit status $rc${props:+: $(printf '%s' "$props" | head -n 1)}"
        return 1
    fi
    spec="$(printf '%s\n' "$props" | sed -n 's/^ *java\.specification\.version = *//p' | head -n 1)"
    JAVA_VERSION_FOUND="$(printf '%s\n' "$props" | sed -n 's/^ *java\.version = *//p' | head -n 1)"
    JAVA_HOME_FOUND="$(printf '%s\n' "$props" | sed -n 's/^ *java\.home = *//p' | head -n 1)"
    if [[ -z "$spec" || -z "$JAVA_HOME_FOUND" ]]; then
        PROBE_PROBLEM="'$java' does not look like a Java runtime (no java.specification.version in its settings)"
        return 1
    fi
    # "1.8" -> 8, "17" -> 17, "25" -> 25
    if [[ "$spec" == 1.* ]]; then JAVA_MAJOR_FOUND="${spec#1.}"; else JAVA_MAJOR_FOUND="${spec%%.*}"; fi
    if ! [[ "$JAVA_MAJOR_FOUND" =~ ^[0-9]+$ ]]; then
        PROBE_PROBLEM="could not read the version of '$java' (java.specification.version = $spec)"
        return 1
    fi
    if (( JAVA_MAJOR_FOUND < MIN_JAVA )); then
        PROBE_PROBLEM="$java is Java $JAVA_VERSION_FOUND (Java $JAVA_MAJOR_FOUND); java-futures needs $MIN_JAVA or newer"
        return 1
    fi
    if [[ ! -x "$JAVA_HOME_FOUND/bin/javac" ]] || \
       ! "$JAVA_HOME_FOUND/bin/java" --list-modules 2>/dev/null | grep -q '^jdk\.jshell@'; then
        PROBE_PROBLEM="$java is a Java $JAVA_MAJOR_FOUND runtime without the compiler and JShell (a JRE, not a JDK)"
        return 1
    fi
    return 0
}

JDK_FIX="Install a JDK $MIN_JAVA or newer (e.g. 'sudo apt-get install openjdk-17-jdk-headless', or
  https://adoptium.net), then put its bin/ on PATH, set JAVA_HOME to it, or run
  JAVA_FUTURES_JAVA=/path/to/jdk/bin/java ./install.sh"

CANDIDATES=()
if [[ -n "${JAVA_FUTURES_JAVA:-}" ]]; then
    CANDIDATES=("JAVA_FUTURES_JAVA=$JAVA_FUTURES_JAVA|$JAVA_FUTURES_JAVA")
else
    [[ -n "${JAVA_HOME:-}" ]] && CANDIDATES+=("JAVA_HOME=$JAVA_HOME|$JAVA_HOME/bin/java")
    if command -v java >/dev/null 2>&1; then
        CANDIDATES+=("java on PATH|$(command -v java)")
    fi
fi

JAVA=""; REPORT=""
for c in "${CANDIDATES[@]+"${CANDIDATES[@]}"}"; do
    label="${c%%|*}"; path="${c#*|}"
    if probe_java "$path"; then
        JAVA="$JAVA_HOME_FOUND/bin/java"   # the real binary, not a PATH symlink or a shim
        [[ -n "$REPORT" ]] && printf 'install.sh: note: skipped\n%s' "$REPORT" >&2
        break
    fi
    REPORT+="  - $label: $PROBE_PROBLEM"$'\n'
done
if [[ -z "$JAVA" ]]; then
    if [[ ${#CANDIDATES[@]} -eq 0 ]]; then
        fail "no Java found: JAVA_HOME is not set and there is no 'java' on PATH.
  $JDK_FIX"
    fi
    fail "no usable JDK $MIN_JAVA+ found. Looked at:
$REPORT  $JDK_FIX"
fi
say "JDK: Java $JAVA_VERSION_FOUND at $JAVA_HOME_FOUND"
JDK_HOME="$JAVA_HOME_FOUND"

# ---------------------------------------------------------------------------------------------
# 2. Build the kernel jar with Maven (skipped when the jar is newer than every source and pom).
# ---------------------------------------------------------------------------------------------
needs_build() {
    [[ "${JAVA_FUTURES_REBUILD:-0}" == 1 ]] && return 0
    [[ -f "$JAR" ]] || return 0
    local newer
    newer="$(find "$ROOT" \( -name .git -o -name .venv -o -name target -o -name node_modules \) -prune -o \
               \( -name pom.xml -o -path '*/src/*' \) -type f -newer "$JAR" -print -quit)"
    [[ -n "$newer" ]]
}

if needs_build; then
    command -v mvn >/dev/null 2>&1 || fail "Maven ('mvn') is not on PATH; it is needed to build the kernel.
  Install Maven 3.8+ (e.g. 'sudo apt-get install maven', or https://maven.apache.org/download.cgi) and re-run ./install.sh"
    MVN_ARGS=(-q -DskipTests package)
    [[ -t 1 ]] || MVN_ARGS=(-B -Dstyle.color=never "${MVN_ARGS[@]}")
    say "Building the kernel: mvn ${MVN_ARGS[*]} (JAVA_HOME=$JDK_HOME)"
    if [[ -t 1 ]]; then
        JAVA_HOME="$JDK_HOME" mvn "${MVN_ARGS[@]}" || fail "the Maven build failed (output above)"
    else   # Debian's Maven 3.8 prints stray colour resets even with -B -q
        JAVA_HOME="$JDK_HOME" mvn "${MVN_ARGS[@]}" 2>&1 | sed 's/\x1b\[0m//g' || fail "the Maven build failed (output above)"
    fi
    [[ -f "$JAR" ]] || fail "the Maven build finished but $JAR is missing"
    touch "$JAR"   # the jar's time stamp is what tells the next run it is up to date
else
    say "Kernel jar is up to date: $JAR (JAVA_FUTURES_REBUILD=1 forces a build)"
fi

# ---------------------------------------------------------------------------------------------
# 3. Jupyter: from PATH if it is there, else .venv with JupyterLab.
# ---------------------------------------------------------------------------------------------
JUPYTER=""; OPEN_CMD=""
if command -v jupyter >/dev/null 2>&1; then
    JUPYTER="$(command -v jupyter)"
    jdir="$(dirname "$JUPYTER")"
    if command -v jupyter-lab >/dev/null 2>&1 || [[ -x "$jdir/jupyter-lab" ]]; then
        OPEN_CMD="jupyter lab notebooks/"
    elif command -v jupyter-notebook >/dev/null 2>&1 || [[ -x "$jdir/jupyter-notebook" ]]; then
        OPEN_CMD="jupyter notebook notebooks/"
    else
        say "jupyter on PATH ($JUPYTER) has neither JupyterLab nor Notebook; using .venv instead"
        JUPYTER=""
    fi
    [[ -n "$JUPYTER" ]] && say "Jupyter: $JUPYTER (from PATH)"
fi

if [[ -z "$JUPYTER" ]]; then
    VENV="$ROOT/.venv"
    if [[ -x "$VENV/bin/jupyter-lab" && -x "$VENV/bin/jupyter" ]] && \
       compgen -G "$VENV/lib/python3*/site-packages/jupyterlab/__init__.py" >/dev/null; then
        say "Jupyter: $VENV (JupyterLab already installed)"
    else
        PY="${PYTHON:-python3}"
        command -v "$PY" >/dev/null 2>&1 || fail "no jupyter on PATH and no '$PY' to create .venv with.
  Install Python 3.$MIN_PYTHON_MINOR+ (e.g. 'sudo apt-get install python3 python3-venv') or JupyterLab, and re-run ./install.sh"
        "$PY" -c "import sys; sys.exit(0 if sys.version_info >= (3, $MIN_PYTHON_MINOR) else 1)" || \
            fail "$(command -v "$PY") is Python $("$PY" -c 'import platform; print(platform.python_version())'); JupyterLab needs Python 3.$MIN_PYTHON_MINOR+.
  Put a newer python3 on PATH (or set PYTHON=/path/to/python3) and re-run ./install.sh"
        if [[ ! -x "$VENV/bin/python" ]]; then
            say "Creating $VENV ($("$PY" -c 'import sys; print(sys.executable)'))"
            "$PY" -m venv "$VENV" || fail "'$PY -m venv $VENV' failed. On Debian/Ubuntu: sudo apt-get install python3-venv"
        fi
        say "Installing JupyterLab into .venv (pip; takes a minute the first time)"
        "$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip || true
        "$VENV/bin/python" -m pip install -q --disable-pip-version-check jupyterlab || \
            fail "pip could not install JupyterLab into $VENV (output above)"
    fi
    JUPYTER="$VENV/bin/jupyter"
    OPEN_CMD=".venv/bin/jupyter lab notebooks/"
fi
if [[ "$(cd "$CALLER_PWD" && pwd -P)" != "$(pwd -P)" ]]; then OPEN_CMD="cd $(printf '%q' "$ROOT") && $OPEN_CMD"; fi

# ---------------------------------------------------------------------------------------------
# 4. JVM options, and a class-data cache trained on a real kernel session (startup).
# ---------------------------------------------------------------------------------------------
# Measured on 2 cores (bench/kernel_bench.py and README "Benchmarks"):
#   -XX:+UseSerialGC   on an idle machine as fast as the default G1; on a busy one (2 cores shared
#                      with pools and other kernels) kernel_info came at 1.8 s instead of 2.3 s and the
#                      first cells took 70 instead of 108 ms: no GC threads competing for the cores.
#                      A notebook kernel's heap is small, so Serial's pauses are short.
#   class-data cache   JDK 25+: AOT cache (-XX:AOTCache, JEP 514), start to first cell ~2.8 s -> ~1.3 s;
#                      JDK 17-24: dynamic CDS archive (-XX:SharedArchiveFile), ~2.0 s -> ~1.5 s.
#                      Trained here by one scripted session; rebuilt when the jar or the JDK changes. A
#                      stale or missing cache only costs the speed-up (the JVM starts without it), and
#                      its warnings are silenced. JAVA_FUTURES_CDS=0 skips it.
#   worker archive     the same for worker JVMs (ProcessPool): an AOT cache (JDK 25+) or dynamic CDS archive
#                      (17-24) next to the jar, trained by javafutures.process.WorkerTraining driving one real
#                      worker through a pool; workers started by this JDK on this jar use it (WorkerArchive).
#   not used: -XX:TieredStopAtLevel=1 (C1 only) halves cell latency under load but makes user
#   computations ~2.7x slower; -Xss/-Xmx: JVM defaults are fine for the kernel.
JVM_OPTS=(-XX:+UseSerialGC)
# JDK 22+: the kernel stops a cell's runaway loop inside JDK code with JVMTI through the Foreign Function
# API, a restricted method that warns on every kernel start without this option (JDK 17-19 use
# ThreadGroup.stop instead).
if (( JAVA_MAJOR_FOUND >= 22 )); then JVM_OPTS+=(--enable-native-access=ALL-UNNAMED); fi

# ---------------------------------------------------------------------------------------------
# 5. The kernelspec: kernel.json, the jar and the class-data cache all live in the kernelspec
#    directory and kernel.json names them as {resource_dir}/..., which Jupyter replaces with that
#    directory when it starts the kernel. So `mvn clean`, a rebuild or moving the checkout never
#    breaks the installed kernel; running ./install.sh again is what updates it.
# ---------------------------------------------------------------------------------------------
json_str() {   # a JSON string literal for $1
    local s="$1"
    s="${s//\\/\\\\}"; s="${s//\"/\\\"}"; s="${s//$'\t'/\\t}"; s="${s//$'\n'/\\n}"; s="${s//$'\r'/\\r}"
    printf '"%s"' "$s"
}
write_kernel_json() {   # write_kernel_json FILE EXTRA_JVM_OPTION...
    local file="$1"; shift
    {
        printf '{\n  "argv": [\n    %s' "$(json_str "$JAVA")"
        for o in "${JVM_OPTS[@]}" "$@"; do printf ',\n    %s' "$(json_str "$o")"; done
        printf ',\n    "-jar",\n    %s,\n    "{connection_file}"\n  ],\n' "$(json_str "{resource_dir}/$JAR_NAME")"
        printf '  "display_name": %s,\n' "$(json_str "$DISPLAY_NAME")"
        printf '  "language": "java",\n'
        printf '  "interrupt_mode": "message",\n'
        printf '  "env": {},\n'
        printf '  "metadata": {"debugger": false}\n}\n'
    } > "$file.tmp" && mv -f "$file.tmp" "$file"
}
same_file() {   # same content and modification time (the class-data cache checks both)
    [[ -f "$1" && -f "$2" ]] && cmp -s "$1" "$2" && ! [[ "$1" -nt "$2" || "$1" -ot "$2" ]]
}

JAR_NAME="$(basename "$JAR")"
DATA_DIR="$("$JUPYTER" --data-dir)" || fail "'$JUPYTER --data-dir' failed"
DEST="${DATA_DIR%/}/kernels/$KERNEL_NAME"   # where 'jupyter kernelspec install --user' puts it

# The class-data cache is made for one jar at one path on one JDK; an installed one that still fits
# (same JDK, same jar) is kept, anything else is trained again below.
CACHE_NAME=""; CACHE_USE=(); TRAIN_OPT=""
if [[ "${JAVA_FUTURES_CDS:-1}" != 0 ]]; then
    jdk_tag="$(printf '%s' "$JDK_HOME" | cksum | cut -d' ' -f1)"
    if (( JAVA_MAJOR_FOUND >= 25 )); then
        CACHE_NAME="java-futures-kernel-$JAVA_VERSION_FOUND-$jdk_tag.aot"
        TRAIN_OPT="-XX:AOTCacheOutput={resource_dir}/$CACHE_NAME"
        CACHE_USE=("-XX:AOTCache={resource_dir}/$CACHE_NAME" "-Xlog:aot*=off" "-Xlog:cds*=off")
    else
        CACHE_NAME="java-futures-kernel-$JAVA_VERSION_FOUND-$jdk_tag.jsa"
        TRAIN_OPT="-XX:ArchiveClassesAtExit={resource_dir}/$CACHE_NAME"
        CACHE_USE=("-XX:SharedArchiveFile={resource_dir}/$CACHE_NAME" "-Xlog:cds*=off")
    fi
fi
KEEP_CACHE=0
if [[ -n "$CACHE_NAME" && -s "$DEST/$CACHE_NAME" && "$DEST/$CACHE_NAME" -nt "$DEST/$JAR_NAME" ]] && \
   same_file "$JAR" "$DEST/$JAR_NAME"; then
    KEEP_CACHE=1
fi

SPEC_DIR="$(mktemp -d "${TMPDIR:-/tmp}/java-futures-kernelspec.XXXXXX")"
trap 'rm -rf "$SPEC_DIR"' EXIT
cp -p "$JAR" "$SPEC_DIR/"   # -p: its time stamp tells test.sh and the next run which build it is
if (( KEEP_CACHE )); then
    cp -p "$DEST/$CACHE_NAME" "$SPEC_DIR/"
    for a in "$DEST"/java-futures-worker-*.jsa "$DEST"/java-futures-worker-*.aot; do
        [[ -f "$a" ]] && cp -p "$a" "$SPEC_DIR/"
    done
    write_kernel_json "$SPEC_DIR/kernel.json" "${CACHE_USE[@]}"
else
    write_kernel_json "$SPEC_DIR/kernel.json"
fi
for logo in logo-32x32.png logo-64x64.png; do   # the launcher's icons
    cp -p "$ROOT/kernel/src/main/resources/$logo" "$SPEC_DIR/" || fail "the kernel's logo $logo is missing from kernel/src/main/resources"
done

say "Registering kernelspec '$KERNEL_NAME': $JUPYTER kernelspec install --user --replace --name $KERNEL_NAME"
"$JUPYTER" kernelspec install --user --replace --name "$KERNEL_NAME" "$SPEC_DIR" >/dev/null 2>"$SPEC_DIR.err" || {
    cat "$SPEC_DIR.err" >&2; rm -f "$SPEC_DIR.err"
    fail "'jupyter kernelspec install' failed (output above)"
}
installed="$(sed -n 's/.*Installed kernelspec [^ ]* in //p' "$SPEC_DIR.err")"
rm -f "$SPEC_DIR.err"
[[ -n "$installed" ]] && DEST="$installed"
say "Kernelspec installed in $DEST (kernel.json, $JAR_NAME)"

# ---------------------------------------------------------------------------------------------
# 6. The class-data cache, trained on a scripted session of the installed kernel (the cache
#    records the path of the jar it was made with), then named in kernel.json.
# ---------------------------------------------------------------------------------------------
# The Python of the chosen jupyter (for the training session's client: jupyter_client).
jupyter_python() {
    local shebang
    if [[ -x "$(dirname "$JUPYTER")/python" ]] && "$(dirname "$JUPYTER")/python" -c 'import jupyter_client' 2>/dev/null; then
        echo "$(dirname "$JUPYTER")/python"; return
    fi
    shebang="$(head -n 1 "$JUPYTER" 2>/dev/null || true)"
    shebang="${shebang#\#!}"; shebang="${shebang%% *}"
    if [[ -n "$shebang" && -x "$shebang" ]] && "$shebang" -c 'import jupyter_client' 2>/dev/null; then
        echo "$shebang"
    fi
}

# The workers' archive (see WorkerArchive): trained by one real worker driven through a pool, on the jar
# where workers find it. Independent of the kernel's cache (no Python needed); a kept one is not retrained.
if [[ -n "$CACHE_NAME" ]]; then
    WORKER_LOG="$DEST/worker-archive-training.log"
    if "$JAVA" -XX:+UseSerialGC -cp "$DEST/$JAR_NAME" javafutures.process.WorkerTraining --if-stale >"$WORKER_LOG" 2>&1; then
        say "Worker class-data archive: $(tail -n 1 "$WORKER_LOG")"
        rm -f "$WORKER_LOG"
    else
        say "Could not train the workers' class-data archive (process pools work, their JVMs just start slower); see $WORKER_LOG"
    fi
fi

if (( KEEP_CACHE )); then
    say "Class-data cache is up to date: $DEST/$CACHE_NAME"
elif [[ -n "$CACHE_NAME" ]]; then
    TPY="$(jupyter_python)"
    if [[ -z "$TPY" ]]; then
        say "Skipping the class-data cache: no Python with jupyter_client next to $JUPYTER (the kernel just starts slower)"
    else
        say "Training the class-data cache on a scripted kernel session (once per build and JDK, ~15 s)"
        TRAIN_LOG="$DEST/class-data-training.log"
        if "$TPY" - "$DEST" "$TRAIN_OPT" >"$TRAIN_LOG" 2>&1 <<'PYEOF'
import json, os, sys, tempfile, time
from jupyter_client.manager import KernelManager
# The installed kernel.json's command plus the training option, {resource_dir} filled in as Jupyter
# fills it in (the kernelspec started here lives in a temporary directory).
resource_dir, train_opt = sys.argv[1], sys.argv[2]
with open(os.path.join(resource_dir, "kernel.json")) as f:
    spec = json.load(f)
argv = [a.replace("{resource_dir}", resource_dir) for a in [spec["argv"][0], train_opt] + spec["argv"][1:]]
tmp = tempfile.mkdtemp(prefix="java-futures-train-")
# %maven against a tiny repository made here (no network), so the resolver's classes are cached too
m2 = os.path.join(tmp, "m2", "org", "javafutures", "training", "warm", "1")
os.makedirs(m2)
with open(os.path.join(m2, "warm-1.pom"), "w") as f:
    f.write("<project><modelVersion>4.0.0</modelVersion><groupId>org.javafutures.training</groupId>"
            "<artifactId>warm</artifactId><version>1</version></project>")
import zipfile
with zipfile.ZipFile(os.path.join(m2, "warm-1.jar"), "w") as z:
    z.writestr("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\n\r\n")
with open(os.path.join(tmp, "settings.xml"), "w") as f:
    f.write(f"<settings><localRepository>{tmp}/local</localRepository><mirrors><mirror><id>warm</id>"
            f"<mirrorOf>central</mirrorOf><url>file://{tmp}/m2</url></mirror></mirrors></settings>")
argv.insert(1, f"-Dmaven.user.settings={tmp}/settings.xml")
os.makedirs(os.path.join(tmp, "kernels", "jf-train"))
with open(os.path.join(tmp, "kernels", "jf-train", "kernel.json"), "w") as f:
    json.dump(dict(spec, argv=argv, display_name="training"), f)
os.environ["JUPYTER_PATH"] = tmp
km = KernelManager(kernel_name="jf-train")
km.start_kernel()
kc = km.client()
kc.start_channels()
ok = False
try:
    kc.wait_for_ready(timeout=120)
    cells = ['System.out.println("hello");', "1 + 1", "int x = 6 * 7;", "x",
             "String greet(String n) { return \"hi \" + n; }", 'greet("you")',
             "record P(int a, int b) {}", "new P(1, 2)", "List.of(1, 2, 3)",
             "var m = new HashMap<String, Integer>(); m.put(\"a\", 1); m",
             "Runnable r = () -> System.out.println(\"lambda\"); r.run();",
             'throw new IllegalStateException("training");', "int broken = \"x\";",
             'display("<b>html</b>", "text/html");', "clearOutput();", "%lsmagic",
             "new Thread(() -> System.out.println(\"thread\")).start(); Thread.sleep(100);",
             "%maven org.javafutures.training:warm:1", "%classpath",
             "%mavenRepo unreachable http://127.0.0.1:9/", "%maven org.javafutures.training:absent:1",
             # A process pool's kernel side (pool start, task encoding, class shipping, results): without
             # it a notebook's first pool loads and links all of that from the jar, most of its start.
             "try (var p = new ProcessPool(2)) { int k = 2; p.submit(() -> k + 1).result();"
             " p.map(v -> v * 2, List.of(1, 2, 3)).toList(); p.submit(() -> System.out.println(\"task\")).result(); }"]
    for code in cells:
        kc.execute_interactive(code, timeout=120, output_hook=lambda m: None)
    kc.complete("Math.ma"); kc.inspect("Math.max(")
    for code in ["for (int i = 0;", "int y = 1;", "x = = 1;", "a ? b :", "%%thread"]:
        kc.is_complete(code)
    time.sleep(0.5)
    kc.shutdown()
    deadline = time.time() + 120  # the JVM writes the cache as it exits
    while km.is_alive() and time.time() < deadline:
        time.sleep(0.2)
    ok = not km.is_alive()
finally:
    kc.stop_channels()
    if km.is_alive():
        km.shutdown_kernel(now=True)
    km.cleanup_resources()
sys.exit(0 if ok else 1)
PYEOF
        then :; else rm -f "$DEST/$CACHE_NAME"; fi
        if [[ -s "$DEST/$CACHE_NAME" ]]; then
            write_kernel_json "$DEST/kernel.json" "${CACHE_USE[@]}"
            rm -f "$TRAIN_LOG"
        else
            rm -f "$DEST/$CACHE_NAME"
            say "Could not train the class-data cache (the kernel works, it just starts slower); see $TRAIN_LOG"
        fi
    fi
fi

mkdir -p "$ROOT/notebooks"

# Jupyter refuses to start as root unless told to (containers often run as root).
if [[ "$(id -u)" == 0 ]]; then OPEN_CMD="$OPEN_CMD --allow-root"; fi
printf '\nDone. Open the notebooks with:\n\n    %s\n\n' "$OPEN_CMD"
