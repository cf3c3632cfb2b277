"""Libraries in notebooks, end to end through a real Jupyter client: %maven resolves from a Maven repository
the tests write (hermetic: a settings.xml mirrors central to it; one test goes to Maven Central for real),
%jars, %%loadFromPOM, %classpath, %mavenRepo; the jars reach cells, thread tasks, process workers already
running and new ones; the kernel's own libraries never shadow the notebook's; bad input fails clearly, adds
nothing and runs nothing after the magic; editing and re-running cells behaves."""
from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import socket
import tempfile
import threading
import time
import zipfile

import pytest
from jupyter_client.kernelspec import KernelSpecManager

import maven_repo
from harness import Kernel, error_text

pytestmark = pytest.mark.timeout(600)


class Repo:
    """The test repositories and the JAVA_TOOL_OPTIONS that point a kernel at them."""

    def __init__(self, root: str, javac: str):
        self.root = root
        self.javac = javac
        self.remote = os.path.join(root, "remote")      # mirrors central
        self.extra = os.path.join(root, "extra")        # reachable only through %mavenRepo
        self.jars = os.path.join(root, "jars")          # for %jars
        self.settings = os.path.join(root, "settings.xml")
        p = lambda *a: maven_repo.publish(javac, self.remote, *a)
        p("org.demo", "text", "1.12", ["org.demo:lang:3.14"])
        p("org.demo", "lang", "3.14")
        p("org.demo", "lang", "3.17")
        p("org.demo", "other", "1.0", ["org.demo:lang:3.17"])
        p("org.demo", "stats", "1.0", [], {
            "lib.stats.Mean": "package lib.stats;\npublic class Mean {\n"
                              "  public static double of(double... xs) { double s = 0; for (double x : xs) s += x; return s / xs.length; }\n}\n",
            "lib.stats.Tally": "package lib.stats;\npublic record Tally(double total, int n) implements java.io.Serializable {\n"
                               "  public Tally add(double x) { return new Tally(total + x, n + 1); }\n}\n"})
        maven_repo.publish(javac, self.extra, "org.extra", "thing", "1.0")
        maven_repo.compile_jar(javac, root, os.path.join(self.jars, "alpha-2.1.jar"), dict([maven_repo.info_source("alpha", "2.1")]))
        maven_repo.compile_jar(javac, root, os.path.join(self.jars, "beta-0.3.jar"), dict([maven_repo.info_source("beta", "0.3")]))
        self.classes = os.path.join(root, "classes")   # a directory of classes
        src = os.path.join(root, "dirsrc", "lib", "gamma")
        os.makedirs(src)
        with open(os.path.join(src, "Info.java"), "w") as f:
            f.write('package lib.gamma;\npublic class Info { public static String version() { return "dir"; } }\n')
        import subprocess
        subprocess.run([javac, "--release", "17", "-d", self.classes, os.path.join(src, "Info.java")], check=True)

    def env(self, mirror_url: str | None = None, offline: bool = False, name: str = "settings.xml") -> dict[str, str]:
        """A fresh local repository and settings; returns the kernel's extra environment."""
        local = tempfile.mkdtemp(prefix="local-", dir=self.root)
        settings = os.path.join(self.root, name)
        maven_repo.settings_xml(settings, local, mirror_url or "file://" + self.remote, offline)
        return {"JAVA_TOOL_OPTIONS": f"-Dmaven.user.settings={settings}"}


@pytest.fixture(scope="module")
def repo(kernel_name: str):
    java = KernelSpecManager().get_kernel_spec(kernel_name).argv[0]
    root = tempfile.mkdtemp(prefix="jf-maven-")
    try:
        yield Repo(root, os.path.join(os.path.dirname(java), "javac"))
    finally:
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def lib_kernel(kernel_name: str, repo: Repo):
    """A kernel shared by the tests that add nothing (bad input) or only what no other test checks."""
    k = Kernel(kernel_name, env=repo.env(name="settings-shared.xml"))
    yield k
    k.close()


@pytest.fixture
def fresh(kernel_name: str, repo: Repo):
    """A kernel of its own, with an empty class path, resolving from the test repository."""
    k = Kernel(kernel_name, env=repo.env())
    yield k
    k.close()


# ---- helpers --------------------------------------------------------------------------------

def ok(kernel: Kernel, code: str, timeout: float = 120) -> tuple[str, list[dict]]:
    reply, msgs = kernel.run(code, timeout=timeout)
    assert reply["content"]["status"] == "ok", f"{code!r} failed: {error_text(reply)}"
    return kernel.stream_text(reply["parent_header"]["msg_id"]), msgs


def failing(kernel: Kernel, code: str, timeout: float = 120) -> tuple[str, list[dict]]:
    reply, msgs = kernel.run(code, timeout=timeout)
    assert reply["content"]["status"] == "error", f"{code!r} should have failed"
    return error_text(reply), msgs


def value(kernel: Kernel, code: str) -> str:
    return kernel.value(code, timeout=120)


def progress_texts(msgs: list[dict]) -> tuple[str | None, list[str]]:
    """The display id of the cell's progress line and its texts in order (display, then updates)."""
    shown = [m for m in msgs if m["msg_type"] in ("display_data", "update_display_data")]
    if not shown:
        return None, []
    ids = {m["content"]["transient"]["display_id"] for m in shown}
    assert len(ids) == 1, f"one progress line, updated in place: {ids}"
    assert shown[0]["msg_type"] == "display_data" and all(m["msg_type"] == "update_display_data" for m in shown[1:])
    return ids.pop(), [m["content"]["data"]["text/plain"] for m in shown]


def final_line(msgs: list[dict]) -> str:
    return progress_texts(msgs)[1][-1]


# ---- adding libraries -----------------------------------------------------------------------

def test_maven_reaches_the_cell_thread_tasks_and_running_and_new_process_workers(fresh: Kernel) -> None:
    # a pool whose worker runs before the library exists
    pid = value(fresh, "var pool = new ProcessPool(1);\npool.submit(() -> ProcessHandle.current().pid()).result()")
    out, msgs = ok(fresh, "%maven org.demo:text:1.12\nSystem.out.println(\"same cell: \" + lib.text.Info.version());")
    assert "same cell: 1.12" in out
    display_id, texts = progress_texts(msgs)
    assert texts[0].startswith("resolving org.demo:text:1.12")
    assert texts[-1] == "added 2 jars: text-1.12, lang-3.14"
    # the worker that was already running loads them, without a restart
    assert value(fresh, 'pool.submit(() -> lib.lang.Info.version() + " " + ProcessHandle.current().pid()).result()') \
        == f'"3.14 {pid}"'
    # thread tasks, %%thread and %%process cells, and a pool made afterwards
    assert value(fresh, "Pools.threads().submit(() -> lib.text.Info.version()).result()") == '"1.12"'
    ok(fresh, "%%thread t\nlib.lang.Info.version()")
    assert value(fresh, "t.result()") == '"3.14"'
    ok(fresh, "%%process p\nlib.text.Info.version() + \"/\" + lib.lang.Info.version()")
    assert value(fresh, "p.result()") == '"1.12/3.14"'
    assert value(fresh, "try (var late = new ProcessPool(1)) { late.submit(() -> lib.text.Info.version()).result(); }\n"
                        "new ProcessPool(1).submit(() -> lib.lang.Info.version()).result()") == '"3.14"'
    # %classpath lists both, with versions and why each is there
    listing, _ = ok(fresh, "%classpath")
    assert "2 entries added by this notebook" in listing
    assert re.search(r"org\.demo:text:1\.12\s+%maven, cell \[\d+\]", listing), listing
    assert re.search(r"org\.demo:lang:3\.14\s+dependency of org\.demo:text:1\.12 \(%maven, cell \[\d+\]\)", listing), listing


def test_rerunning_a_maven_cell_is_a_no_op_and_a_later_cell_adds_a_second_library(fresh: Kernel) -> None:
    cell = "%maven org.demo:text:1.12"
    _, first = ok(fresh, cell)
    assert final_line(first) == "added 2 jars: text-1.12, lang-3.14"
    _, again = ok(fresh, cell)
    assert re.fullmatch(r"already added: org\.demo:text:1\.12 \(%maven, cell \[\d+\]\); nothing to do", final_line(again))
    # a second library whose dependency (lang 3.17, depth 2) meets the loaded lang 3.14 (depth 2, declared first)
    _, second = ok(fresh, "%maven org.demo:stats:1.0 org.demo:other:1.0")
    lines = final_line(second).split("\n")
    assert lines[0] == "added 2 jars: stats-1.0, other-1.0"
    assert any(l.startswith("kept org.demo:lang:3.14 (dependency of org.demo:text:1.12") and "over 3.17 wanted by "
               "org.demo:other:1.0" in l and "first declared wins" in l for l in lines[1:]), lines
    assert value(fresh, "lib.stats.Mean.of(1, 2, 3, 6)") == "3.0"
    listing, _ = ok(fresh, "%classpath")
    assert len(re.findall(r"^  org\.demo:", listing, re.M)) == 4, listing


def test_a_version_conflict_with_an_earlier_line_adds_nothing_and_runs_nothing_after_it(fresh: Kernel) -> None:
    ok(fresh, "%maven org.demo:text:1.12")
    err, msgs = failing(fresh, '%maven org.demo:lang:3.17\nSystem.out.println("after the magic");')
    assert "LibraryError" in err and "version conflict with an earlier %maven" in err
    assert "org.demo:lang: 3.14 is loaded (dependency of org.demo:text:1.12" in err
    assert "Maven now picks 3.17" in err and "the nearest version wins" in err
    assert "nothing was added" in err
    assert "after the magic" not in "".join(m["content"].get("text", "") for m in msgs if m["msg_type"] == "stream")
    assert final_line(msgs) == "%maven failed: nothing was added"
    assert value(fresh, "lib.lang.Info.version()") == '"3.14"', "the loaded version stays"
    listing, _ = ok(fresh, "%classpath")
    assert "3.17" not in listing
    # editing the line to the loaded version is fine
    _, msgs = ok(fresh, "%maven org.demo:lang:3.14")
    assert final_line(msgs) == "nothing new to add: everything org.demo:lang:3.14 needs is already loaded"


def test_jars_globs_and_class_directories(fresh: Kernel, repo: Repo) -> None:
    out, _ = ok(fresh, f"%jars {repo.jars}/*.jar {repo.classes}\n"
                       "System.out.println(lib.alpha.Info.version() + lib.beta.Info.version() + lib.gamma.Info.version());")
    assert "added 3 entries: alpha-2.1.jar (2.1), beta-0.3.jar (0.3), classes/" in out
    assert "2.10.3dir" in out
    assert value(fresh, "new ProcessPool(1).submit(() -> lib.gamma.Info.version() + lib.alpha.Info.version()).result()") == '"dir2.1"'
    again, _ = ok(fresh, f"%jars {repo.jars}/alpha-2.1.jar")
    assert again.strip() == "already added: alpha-2.1.jar; nothing to do"


def test_load_from_pom_with_an_exclusion_and_a_repository(fresh: Kernel, repo: Repo) -> None:
    _, msgs = ok(fresh, f"""%%loadFromPOM
<project>
  <properties><text.version>1.12</text.version></properties>
  <dependencies>
    <dependency><groupId>org.demo</groupId><artifactId>text</artifactId><version>${{text.version}}</version>
      <exclusions><exclusion><groupId>org.demo</groupId><artifactId>lang</artifactId></exclusion></exclusions>
    </dependency>
    <dependency><groupId>org.extra</groupId><artifactId>thing</artifactId><version>1.0</version></dependency>
    <dependency><groupId>junit</groupId><artifactId>junit</artifactId><version>4.13.2</version><scope>test</scope></dependency>
  </dependencies>
  <repositories><repository><id>extra</id><url>file://{repo.extra}</url></repository></repositories>
</project>""")
    assert final_line(msgs) == "added 2 jars: text-1.12, thing-1.0\nskipped: junit:junit (test scope)"
    assert value(fresh, "lib.thing.Info.version() + lib.text.Info.version()") == '"1.01.12"'
    err, _ = failing(fresh, "lib.lang.Info.version()")
    assert "lib.lang" in err, "the excluded dependency is not there"


def test_maven_repo_adds_a_repository(fresh: Kernel, repo: Repo) -> None:
    err, _ = failing(fresh, "%maven org.extra:thing:1.0")
    assert "not found: org.extra:thing:1.0" in err
    out, _ = ok(fresh, f"%mavenRepo extra file://{repo.extra}")
    assert out.startswith(f"added repository extra (file://{repo.extra})")
    _, msgs = ok(fresh, "%maven org.extra:thing:1.0")
    assert final_line(msgs) == "added 1 jar: thing-1.0"
    listed, _ = ok(fresh, "%mavenRepo")
    assert f"extra (file://{repo.extra})" in listed


# ---- bad input --------------------------------------------------------------------------------

@pytest.mark.one_jdk("magic argument parsing refuses the cell before JShell or Maven sees it")
@pytest.mark.parametrize("cell, expected", [
    ("%maven commons-math3", "%maven: 'commons-math3' is not a Maven coordinate: expected GROUP:ARTIFACT:VERSION"),
    ("%maven", "%maven: needs at least one coordinate"),
    ("%maven org.demo:lang:3.14 org.demo:lang:3.17", "asks for org.demo:lang twice"),
    ("%maven a:b c:1", "is not a Maven coordinate"),
    ("%mavenRepo only-an-id", "%mavenRepo: needs an ID and a URL"),
    ("%mavenRepo x ftp://example.org/r", "only http, https and file repositories"),
    ("%jars", "%jars: needs at least one jar"),
    ("%classpath extra", "%classpath: takes no arguments"),
    ("%%loadFromPOM\n<dependencies><dependency>", "%loadFromPOM: the POM is not well-formed XML"),
    ("%%loadFromPOM\n<dependency><groupId>a</groupId><artifactId>b</artifactId></dependency>", "a:b has no <version>"),
])
def test_malformed_magic_lines_give_usage_and_run_nothing(lib_kernel: Kernel, cell: str, expected: str) -> None:
    code = cell if cell.startswith("%%") else 'System.out.println("before");\n' + cell + '\nSystem.out.println("after");'
    err, msgs = failing(lib_kernel, code)
    assert "UsageError" in err and expected in err, err
    printed = "".join(m["content"].get("text", "") for m in msgs if m["msg_type"] == "stream")
    assert "before" not in printed and "after" not in printed, "a malformed magic line runs no part of the cell"
    assert value(lib_kernel, "1 + 1") == "2"


@pytest.mark.one_jdk("Maven Resolver's answer over file:// repositories; resolution on both JDKs is in the other tests")
def test_an_artifact_that_does_not_exist_is_named_with_where_the_kernel_looked(lib_kernel: Kernel, repo: Repo) -> None:
    err, msgs = failing(lib_kernel, '%maven org.demo:nope:9.9\nSystem.out.println("after");')
    assert "LibraryError" in err and "not found: org.demo:nope:9.9" in err
    assert "looked in the local repository" in err and f"test-central (file://{repo.remote}" in err
    assert "after" not in "".join(m["content"].get("text", "") for m in msgs if m["msg_type"] == "stream")
    err, _ = failing(lib_kernel, "%maven org.demo:lang:0.0.1-nope")
    assert "not found: org.demo:lang:0.0.1-nope" in err
    assert value(lib_kernel, "1 + 1") == "2"


@pytest.mark.one_jdk("a file-system check before the classpath changes")
def test_a_jar_path_that_does_not_exist(lib_kernel: Kernel, repo: Repo) -> None:
    err, _ = failing(lib_kernel, f'%jars {repo.root}/missing.jar\nSystem.out.println("after");')
    assert f"no such file or directory: {repo.root}/missing.jar" in err
    err, _ = failing(lib_kernel, f"%jars {repo.root}/*.nothing")
    assert "matches no jar" in err
    listing, _ = ok(lib_kernel, "%classpath")
    assert "missing.jar" not in listing


def test_no_network_and_not_in_the_local_repository(kernel_name: str, repo: Repo) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again below: connections are refused
    k = Kernel(kernel_name, env=repo.env(mirror_url=f"http://127.0.0.1:{port}/maven2", name="settings-offline.xml"))
    try:
        err, _ = failing(k, "%maven org.demo:lang:3.14")
        assert "could not reach the repositories (connection refused" in err, err
        assert "org.demo:lang:3.14 is not in the local repository" in err
        assert "<offline>true</offline>" in err, "suggests working offline"
        assert value(k, "1 + 1") == "2"
    finally:
        k.close()


# ---- the kernel's own libraries ---------------------------------------------------------------

@pytest.mark.one_jdk("reads the one installed jar's entries; no kernel runs")
def test_kernel_jar_holds_only_javafutures_classes(kernel_name: str) -> None:
    spec = KernelSpecManager().get_kernel_spec(kernel_name)
    jar = spec.argv[spec.argv.index("-jar") + 1].replace("{resource_dir}", spec.resource_dir)
    with zipfile.ZipFile(jar) as z:
        strays = [n for n in z.namelist() if n.endswith(".class") and not n.startswith("javafutures/")]
        services = [n for n in z.namelist() if n.startswith("META-INF/services/") and not n.endswith("/")]
    assert strays == [], f"classes outside javafutures/ would meet the notebook's: {strays[:10]}"
    assert all(n.startswith("META-INF/services/javafutures.") for n in services), services


def test_kernel_libraries_are_invisible_before_maven(lib_kernel: Kernel) -> None:
    for name in ("com.google.gson.Gson", "com.hazelcast.core.Hazelcast", "org.objectweb.asm.ClassWriter",
                 "org.slf4j.LoggerFactory", "org.eclipse.aether.RepositorySystem", "org.zeromq.ZMQ",
                 "javafutures.internal.shaded.com.google.gson.Gson"):
        err, _ = failing(lib_kernel, f'Class.forName("{name}")')
        assert "ClassNotFoundException" in err, name
        assert value(lib_kernel, f'new ProcessPool(1).submit(() -> {{ try {{ Class.forName("{name}", false, '
                                 f'Thread.currentThread().getContextClassLoader()); return "visible"; }} '
                                 f'catch (ClassNotFoundException e) {{ return "hidden"; }} }}).result()') == '"hidden"', name
    assert value(lib_kernel, 'Thread.currentThread().getContextClassLoader().getResource("hazelcast-default.xml")') == "null"


def test_maven_central_gson_is_the_notebooks_in_cells_threads_and_processes(kernel_name: str, repo: Repo) -> None:
    """The one resolution from Maven Central: gson 2.8.9, older than the kernel's own, into an empty local repository."""
    local = tempfile.mkdtemp(prefix="central-", dir=repo.root)
    k = Kernel(kernel_name, env={"JAVA_TOOL_OPTIONS": f"-Dmaven.repo.local={local} -Dmaven.user.settings={repo.root}/none.xml"})
    try:
        _, msgs = ok(k, "%maven com.google.code.gson:gson:2.8.9", timeout=300)
        texts = progress_texts(msgs)[1]
        assert texts[-1] == "added 1 jar: gson-2.8.9"
        # Downloaded into the empty local repository (the progress line shows at most ten updates a second, so
        # a quick download's own line may have been replaced before it showed: the file is the proof).
        assert os.path.isfile(f"{local}/com/google/code/gson/gson/2.8.9/gson-2.8.9.jar"), texts
        jar = f"file:{local}/com/google/code/gson/gson/2.8.9/gson-2.8.9.jar"
        where = "com.google.gson.Gson.class.getProtectionDomain().getCodeSource().getLocation().toString()"
        assert value(k, where) == f'"{jar}"'
        assert value(k, f"Pools.threads().submit(() -> {where}).result()") == f'"{jar}"'
        assert value(k, f"new ProcessPool(1).submit(() -> {where}).result()") == f'"{jar}"'
        assert value(k, 'new com.google.gson.Gson().toJson(Map.of("v", 1))') == '"{"v":1}"'
    finally:
        k.close()


# ---- cluster members --------------------------------------------------------------------------

def test_cluster_members_get_the_jars_before_and_after_the_pool_starts(fresh: Kernel, repo: Repo) -> None:
    ok(fresh, "%maven org.demo:text:1.12")
    assert value(fresh, "var cluster = ClusterPool.local(1);\n"
                        "cluster.submit(() -> lib.text.Info.version() + lib.lang.Info.version()).result()") == '"1.123.14"'
    # added while the pool's member runs: it gets them before its next task (a directory travels as a jar)
    ok(fresh, f"%jars {repo.classes} {repo.jars}/beta-0.3.jar")
    assert value(fresh, "cluster.submit(() -> lib.gamma.Info.version() + lib.beta.Info.version()"
                        " + ProcessHandle.current().pid()).result().startsWith(\"dir0.3\")") == "true"
    assert value(fresh, 'cluster.submit(() -> { try { Class.forName("com.hazelcast.core.Hazelcast", false, '
                        'Thread.currentThread().getContextClassLoader()); return "visible"; } '
                        'catch (ClassNotFoundException e) { return "hidden"; } }).result()') == '"hidden"', \
        "a member runs tasks over its notebook's jars and the kernel's API only, not the kernel's libraries"
    ok(fresh, "cluster.close();")


def test_library_objects_come_back_from_process_tasks_and_map(fresh: Kernel) -> None:
    """A library's object as a task's result is read in the kernel through the notebook's loader, also for
    map's chunks (a kernel class wraps the cell's function there)."""
    ok(fresh, "%maven org.demo:stats:1.0\nvar procs = new ProcessPool(1);")
    assert value(fresh, "procs.submit(() -> new lib.stats.Tally(0, 0).add(2.5)).result()") == "Tally[total=2.5, n=1]"
    assert value(fresh, "procs.map(x -> new lib.stats.Tally(x, 1), List.of(1.0, 2.0)).toList()") \
        == "[Tally[total=1.0, n=1], Tally[total=2.0, n=1]]"
    assert value(fresh, "Pools.threads().map(x -> new lib.stats.Tally(x, 1), List.of(3.0)).toList()") == "[Tally[total=3.0, n=1]]"



# ---- interrupting a download --------------------------------------------------------------------

class _TrickleHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a repository directory; jars trickle out (1 kB every 50 ms), as over a very slow network."""

    def log_message(self, *args) -> None:
        pass

    def copyfile(self, source, outputfile) -> None:
        if not self.path.endswith(".jar"):
            return super().copyfile(source, outputfile)
        while chunk := source.read(1024):
            outputfile.write(chunk)
            outputfile.flush()
            time.sleep(0.05)


def test_interrupting_a_download_adds_nothing_and_keeps_the_kernel(kernel_name: str, repo: Repo) -> None:
    slow = os.path.join(repo.root, "slow")
    maven_repo.publish(repo.javac, slow, "org.demo", "big", "1.0")
    jar = os.path.join(slow, "org", "demo", "big", "1.0", "big-1.0.jar")
    with zipfile.ZipFile(jar, "a") as z:  # 300 kB that do not compress: about 15 s to download
        z.writestr(zipfile.ZipInfo("padding.bin"), os.urandom(300_000), compress_type=zipfile.ZIP_STORED)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_TrickleHandler, directory=slow))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    k = Kernel(kernel_name, env=repo.env(mirror_url=f"http://127.0.0.1:{server.server_address[1]}/", name="settings-slow.xml"))
    try:
        msg_id = k.execute("%maven org.demo:big:1.0")
        k.wait_for(lambda: any(m["msg_type"] == "update_display_data" and "downloading big-1.0.jar" in
                               m["content"]["data"]["text/plain"] for m in k.messages(msg_id)), 120, "the download")
        t = time.monotonic()
        k.km.interrupt_kernel()
        reply = k.reply(msg_id, timeout=30)
        elapsed = time.monotonic() - t
        k.wait_idle(msg_id)
        assert reply["content"]["status"] == "error" and "interrupt" in error_text(reply).lower(), error_text(reply)
        assert elapsed < 5, f"the interrupted %maven answered after {elapsed:.1f} s"
        assert final_line(k.messages(msg_id)) == "interrupted: nothing was added"
        listing, _ = ok(k, "%classpath")
        assert listing.startswith("Nothing added yet"), listing
        assert value(k, "1 + 1") == "2"
    finally:
        k.close()
        server.shutdown()
