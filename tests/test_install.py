"""The installed kernel does not depend on the build tree: ./install.sh copies the jar and the class-data
cache into the kernelspec directory and kernel.json names them {resource_dir}/..., so the kernel starts
(and its process pools start workers) with kernel/target/ gone, as after `mvn clean`. Running
./install.sh again with nothing changed keeps everything as it is; after a new build it replaces the jar
and drops the cache made for the old one.

Each test installs into a temporary JUPYTER_DATA_DIR with the JDK of the kernel under test (the class-data
cache is an AppCDS archive on JDK 17-24, an AOT cache on JDK 25+) and moves kernel/target/ away for a
while (put back afterwards, also after a failure).
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

import pytest
from jupyter_client.kernelspec import KernelSpecManager

from harness import Kernel, java_major

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "kernel" / "target"
AWAY = ROOT / "kernel" / "target.moved-by-test_install"
JAR_NAME = "java-futures-kernel.jar"
NAME = "java-futures"

if AWAY.exists() and not TARGET.exists():   # an earlier run was killed before it could put it back
    AWAY.rename(TARGET)


def install(data_dir: Path, java: str, **env: str) -> str:
    out = subprocess.run([str(ROOT / "install.sh")], cwd=ROOT, capture_output=True, text=True, timeout=900,
                         env=dict(os.environ, JUPYTER_DATA_DIR=str(data_dir), JAVA_FUTURES_JAVA=java, **env))
    assert out.returncode == 0, f"install.sh failed:\n{out.stdout[-3000:]}\n{out.stderr[-3000:]}"
    return out.stdout


def snapshot(spec_dir: Path) -> dict[str, tuple[str, int]]:
    """Every file of the kernelspec but kernel.json's time stamp: content hash and modification time."""
    return {p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), 0 if p.name == "kernel.json" else p.stat().st_mtime_ns)
            for p in sorted(spec_dir.iterdir())}


def cache_check(argv: list[str], resource_dir: str, major: int) -> subprocess.CompletedProcess:
    """Starts the kernel's JVM with its cache *required* (-Xshare:on, -XX:AOTMode=on) and no connection
    file: Main prints its usage and exits 2 only if the JVM accepted the cache."""
    args = [a.replace("{resource_dir}", resource_dir) for a in argv if a != "{connection_file}"]
    required = "-XX:AOTMode=on" if major >= 25 else "-Xshare:on"
    return subprocess.run([args[0], required] + args[1:], capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def installed(kernel_name: str):
    """./install.sh into a temporary JUPYTER_DATA_DIR with this kernel's JDK: (java, spec dir, log)."""
    assert (TARGET / JAR_NAME).is_file(), "run ./install.sh first"
    java = KernelSpecManager().get_kernel_spec(kernel_name).argv[0]
    data_dir = Path(tempfile.mkdtemp(prefix="java-futures-install-"))
    try:
        log = install(data_dir, java)
        yield java, data_dir / "kernels" / NAME, log
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture
def without_build_tree():
    """Moves kernel/target/ away when called; puts it back afterwards."""
    def move_away() -> None:
        TARGET.rename(AWAY)
    try:
        yield move_away
    finally:
        if AWAY.exists() and not TARGET.exists():
            AWAY.rename(TARGET)


def start(spec_dir: Path) -> Kernel:
    return Kernel(NAME, kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(spec_dir.parent)]))


@pytest.mark.timeout(1800)
def test_the_kernelspec_holds_the_jar_and_the_cache(installed) -> None:
    java, spec_dir, log = installed
    argv = json.loads((spec_dir / "kernel.json").read_text())["argv"]
    # kernel.json names the kernelspec directory, never the checkout
    assert not [a for a in argv if str(ROOT) in a], argv
    assert argv[argv.index("-jar") + 1] == "{resource_dir}/" + JAR_NAME
    cache_opts = [a for a in argv if a.startswith(("-XX:SharedArchiveFile=", "-XX:AOTCache="))]
    assert len(cache_opts) == 1 and cache_opts[0].split("=", 1)[1].startswith("{resource_dir}/"), \
        f"no class-data cache in kernel.json: {argv}\n{log}"
    cache = spec_dir / cache_opts[0].split("{resource_dir}/", 1)[1]
    assert cache.is_file() and (spec_dir / JAR_NAME).is_file(), sorted(p.name for p in spec_dir.iterdir())
    assert (spec_dir / JAR_NAME).read_bytes() == (TARGET / JAR_NAME).read_bytes()
    # jupyter_client fills {resource_dir} in (in argv too), and the JVM accepts the cache there
    resource_dir = KernelSpecManager(kernel_dirs=[str(spec_dir.parent)]).get_kernel_spec(NAME).resource_dir
    checked = cache_check(argv, resource_dir, java_major(java))
    assert checked.returncode == 2 and "usage:" in checked.stderr, checked.stderr[-2000:]


@pytest.mark.timeout(1800)
def test_running_install_again_unchanged_keeps_everything(installed) -> None:
    java, spec_dir, _ = installed
    before = snapshot(spec_dir)
    again = install(spec_dir.parent.parent, java)
    assert "Kernel jar is up to date" in again and "Class-data cache is up to date" in again, again
    assert "Training" not in again
    assert snapshot(spec_dir) == before


@pytest.mark.timeout(1800)
def test_the_kernel_runs_without_the_build_tree(installed, without_build_tree) -> None:
    _, spec_dir, _ = installed
    without_build_tree()   # as `mvn clean` leaves it
    k = start(spec_dir)
    try:
        assert k.value("6 * 7") == "42"
        jar = str(spec_dir / JAR_NAME)
        assert jar in k.value('System.getProperty("java.class.path")')
        k.run("var pool = new ProcessPool(1);")   # worker JVMs start from the installed jar too
        assert jar in k.value('pool.submit(() -> System.getProperty("java.class.path")).result()')
        assert k.value("pool.submit(() -> 40 + 2).result()") == "42"
        k.run("pool.close();")
    finally:
        k.close()


# -- the workers' class-data archive (WorkerArchive, trained by WorkerTraining at install) ----------------

def worker_archives(spec_dir: Path) -> list[Path]:
    return sorted(p for p in spec_dir.iterdir() if p.name.startswith("java-futures-worker-") and p.suffix in (".jsa", ".aot"))


def worker_run(k: Kernel, pool_args: str, log: Path) -> tuple[str, set[str]]:
    """Runs one task on a new ProcessPool with `pool_args` as extra jvmArgs plus a class-load log to `log`:
    (the worker JVM's arguments and classpath as the task reports them, everything the cell printed, the streams it used)."""
    reply, msgs = k.run(f'var p = ProcessPool.builder().workers(1).jvmArgs({pool_args}"-Xlog:class+load:file={log}").build();\n'
                        'System.out.println(p.submit(() -> java.lang.management.ManagementFactory.getRuntimeMXBean()'
                        '.getInputArguments() + " " + System.getProperty("java.class.path")).result());\np.close();')
    assert reply["content"]["status"] == "ok", error_text(reply)
    streams = [m["content"] for m in msgs if m["msg_type"] == "stream"]
    return "".join(c["text"] for c in streams), {c["name"] for c in streams}


def loaded_from_archive(log: Path, cls: str) -> bool:
    """True if the worker's class-load log says `cls` came from a shared archive (ours: the JDK's own holds no kernel class)."""
    lines = [ln for ln in log.read_text().splitlines() if f"] {cls} source:" in ln]
    assert lines, f"{cls} not in the class-load log {log}"
    return "shared objects file" in lines[0]


@pytest.mark.timeout(1800)
def test_workers_use_the_worker_archive_the_install_trained(installed, tmp_path) -> None:
    java, spec_dir, log = installed
    archives = worker_archives(spec_dir)
    kind = ".aot" if java_major(java) >= 25 else ".jsa"
    assert len(archives) == 1 and archives[0].suffix == kind, f"{[p.name for p in spec_dir.iterdir()]}\n{log}"
    k = start(spec_dir)
    try:
        printed, streams = worker_run(k, "", tmp_path / "load.log")
        option = ("-XX:AOTCache=" if kind == ".aot" else "-XX:SharedArchiveFile=") + str(archives[0])
        assert option in printed, printed
        assert streams <= {"stdout"} and printed.count("\n") == 1, f"nothing but the task's line: {printed!r}"
        assert loaded_from_archive(tmp_path / "load.log", "javafutures.worker.WorkerMain")
        # a jar after the kernel's (the archive's classpath is then a prefix): a working worker, nothing stray
        extra = tmp_path / "extra.jar"
        with zipfile.ZipFile(extra, "w") as z:
            z.writestr("extra.txt", "an extra jar")
        cp = f'{spec_dir / JAR_NAME}:{extra}'
        printed, streams = worker_run(k, f'"-cp", "{cp}", ', tmp_path / "extra.log")
        assert cp in printed and streams <= {"stdout"} and printed.count("\n") == 1, printed
        assert k.value("6 * 7") == "42"
    finally:
        k.close()


@pytest.mark.timeout(1800)
def test_a_stale_worker_archive_still_gives_working_workers_and_no_stray_output(installed, tmp_path) -> None:
    """The archive of another build of the JDK (its header names another JVM, as after a JDK upgrade in
    place): the JVM refuses it, silently, and the worker starts without it."""
    java, spec_dir, _ = installed
    copy = tmp_path / "kernels" / NAME
    shutil.copytree(spec_dir, copy)   # keeps the jar's time stamp: the copy's archive still matches the jar
    archive = worker_archives(copy)[0]
    data = bytearray(archive.read_bytes())
    release = (Path(java).resolve().parent.parent / "release").read_text()
    ident = [ln.split("=", 1)[1].strip('"') for ln in release.splitlines() if ln.startswith("JAVA_RUNTIME_VERSION=")][0]
    at = data.find(ident.encode(), 0, 8192)
    assert at > 0, f"{ident} not in the header of {archive}"
    data[at:at + len(ident)] = ident[::-1].encode()
    archive.chmod(0o644)
    archive.write_bytes(bytes(data))
    k = start(copy)
    try:
        printed, streams = worker_run(k, "", tmp_path / "load.log")
        assert str(archive) in printed, "the worker was given the archive"
        assert streams <= {"stdout"} and printed.count("\n") == 1, f"nothing but the task's line: {printed!r}"
        assert not loaded_from_archive(tmp_path / "load.log", "javafutures.worker.WorkerMain"), "the JVM refused it"
        assert k.value("ProcessPool.builder().workers(1).build().submit(() -> 6 * 7).result()") == "42"
    finally:
        k.close()


@pytest.mark.timeout(1800)
def test_the_kernel_cache_holds_a_process_pools_kernel_side(installed, tmp_path) -> None:
    """The training session runs a process pool, so a notebook's first pool finds the kernel's side of it
    (scheduler, task encoding, class shipping) in the cache rather than loading it from the jar."""
    java, spec_dir, _ = installed
    argv = json.loads((spec_dir / "kernel.json").read_text())["argv"]
    # the installed files where they are (the cache names the jar's path), plus a class-load log
    argv = [a.replace("{resource_dir}", str(spec_dir)) for a in argv]
    log = tmp_path / "kernel-classes.log"
    argv.insert(argv.index("-jar"), f"-Xlog:class+load:file={log}")
    spec = json.loads((spec_dir / "kernel.json").read_text())
    (tmp_path / "kernels" / NAME).mkdir(parents=True)
    (tmp_path / "kernels" / NAME / "kernel.json").write_text(json.dumps(dict(spec, argv=argv)))
    k = start(tmp_path / "kernels" / NAME)
    try:
        k.run("int viaPool() throws Exception { try (var p = new ProcessPool(1)) { int k = 41; return p.submit(() -> k + 1).result(); } }")
        assert k.value("viaPool()") == "42"
    finally:
        k.close()
    for cls in ("javafutures.process.WorkerPool", "javafutures.process.TaskCodec", "javafutures.process.SnippetScanner"):
        lines = [ln for ln in log.read_text().splitlines() if f"] {cls} source:" in ln]
        assert lines and "shared objects file" in lines[0], f"{cls}: {lines or 'not loaded'}"


@pytest.mark.timeout(1800)
def test_a_new_build_replaces_the_jar_and_drops_the_old_cache(installed) -> None:
    java, spec_dir, _ = installed
    assert {p.name for p in spec_dir.iterdir() if p.suffix in (".jsa", ".aot")}
    jar = TARGET / JAR_NAME
    st = jar.stat()
    rebuilt = st.st_mtime_ns + 10_000_000_000
    try:
        os.utime(jar, ns=(st.st_atime_ns, rebuilt))   # a new build, as install.sh sees one
        log = install(spec_dir.parent.parent, java, JAVA_FUTURES_CDS="0")
    finally:
        os.utime(jar, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert (spec_dir / JAR_NAME).stat().st_mtime_ns == rebuilt, "the new jar is installed"
    assert not [p.name for p in spec_dir.iterdir() if p.suffix in (".jsa", ".aot")], "the old jar's cache is gone"
    argv = json.loads((spec_dir / "kernel.json").read_text())["argv"]
    assert not [a for a in argv if a.startswith(("-XX:SharedArchiveFile=", "-XX:AOTCache="))], argv
    assert "Worker class-data archive" not in log, "JAVA_FUTURES_CDS=0 trains no worker archive either"
    k = start(spec_dir)
    try:
        assert k.value("6 * 7") == "42"
        args = k.value("new ProcessPool(1).submit(() -> java.lang.management.ManagementFactory.getRuntimeMXBean()"
                       ".getInputArguments().toString()).result()")
        assert "SharedArchiveFile" not in args and "AOTCache" not in args, args
    finally:
        k.close()

