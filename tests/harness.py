"""Kernel names to test and a small client that starts a kernel and sorts IOPub messages by cell.

Kernels under test:
- ``java-futures``, the kernelspec ``./install.sh`` registered (required);
- one more per JVM listed in ``JAVA_FUTURES_TEST_JAVAS`` (``os.pathsep``-separated paths of ``java``
  binaries; ``test.sh`` puts the newest JDK 21+ it finds there): the same kernel.json with argv[0]
  replaced, written to a temporary directory that is put first on ``JUPYTER_PATH``.
"""
from __future__ import annotations

import atexit
import json
import os
import queue
import re
import shutil
import subprocess
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from typing import Any, Callable

from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
from jupyter_client.manager import KernelManager

BASE_KERNEL = "java-futures"
TIMEOUT = 60  # seconds; generous on purpose (2 cores, JIT warm-up): tests check order, not speed


def java_major(java: str) -> int:
    out = subprocess.run([java, "-XshowSettings:properties", "-version"],
                         capture_output=True, text=True, timeout=60)
    m = re.search(r"java\.specification\.version = (\S+)", out.stderr + out.stdout)
    if not m:
        raise RuntimeError(f"cannot read the Java version of {java}: {out.stderr[-500:]}")
    v = m.group(1)
    return int(v[2:]) if v.startswith("1.") else int(v.split(".")[0])


JDK_SPECIFIC_OPTIONS = ("-XX:SharedArchiveFile=", "-XX:AOTCache=", "-Xlog:")


NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED"


def retarget_argv(argv: list[str], java: str, resource_dir: str) -> list[str]:
    """A kernelspec argv run by another java: the class-data cache install.sh trained belongs to
    the installed JDK (another JDK rejects it, and JDK 17 rejects JDK 25's options), so it goes; and
    native access is enabled on JDK 22+ as install.sh does (the kernel stops runaway loops through the
    Foreign Function API there). The copy lives in another directory, so {resource_dir} becomes the
    installed kernelspec's."""
    kept = [a.replace("{resource_dir}", resource_dir) for a in argv[1:]
            if not a.startswith(JDK_SPECIFIC_OPTIONS) and a != NATIVE_ACCESS]
    return [java] + ([NATIVE_ACCESS] if java_major(java) >= 22 else []) + kept


def _setup_kernels() -> tuple[list[str], str]:
    try:
        base = KernelSpecManager().get_kernel_spec(BASE_KERNEL)
    except NoSuchKernel:
        return [], (f"kernelspec {BASE_KERNEL!r} is not installed "
                    f"(run ./install.sh first; JUPYTER_DATA_DIR={os.environ.get('JUPYTER_DATA_DIR', '')!r})")
    names = [BASE_KERNEL]
    base_major = java_major(base.argv[0])
    extra = [j for j in os.environ.get("JAVA_FUTURES_TEST_JAVAS", "").split(os.pathsep) if j.strip()]
    if not extra:
        return names, ""
    tmp = tempfile.mkdtemp(prefix="java-futures-test-kernels-")
    atexit.register(shutil.rmtree, tmp, True)
    with open(os.path.join(base.resource_dir, "kernel.json"), encoding="utf-8") as f:
        spec = json.load(f)
    for java in extra:
        major = java_major(java)
        if major == base_major:
            continue
        name = f"{BASE_KERNEL}-jdk{major}"
        d = os.path.join(tmp, "kernels", name)
        os.makedirs(d)
        s = dict(spec, argv=retarget_argv(spec["argv"], java, base.resource_dir), display_name=f"{spec['display_name']} JDK {major}")
        with open(os.path.join(d, "kernel.json"), "w", encoding="utf-8") as f:
            json.dump(s, f, indent=2)
        names.append(name)
    os.environ["JUPYTER_PATH"] = os.pathsep.join(
        [tmp] + [p for p in os.environ.get("JUPYTER_PATH", "").split(os.pathsep) if p])
    return names, ""


KERNEL_NAMES, KERNELS_PROBLEM = _setup_kernels()


def kernel_id(name: str) -> str:
    """A Python-identifier-friendly suffix for a kernel name: java-futures-jdk25 -> jdk25."""
    s = name[len(BASE_KERNEL):].strip("-") or "default"
    return re.sub(r"\W", "_", s)


class Kernel:
    """A running kernel with a BlockingKernelClient; IOPub messages are collected by a background
    thread and kept per parent msg_id, so late output can be checked against the cell that caused it."""

    def __init__(self, name: str, startup_timeout: float = TIMEOUT, env: dict[str, str] | None = None,
                 **km_kwargs: Any):
        self.name = name
        self.km = KernelManager(kernel_name=name, **km_kwargs)
        # env: extra environment variables for the kernel (e.g. JAVA_TOOL_OPTIONS with -D properties)
        self.km.start_kernel(**({"env": {**os.environ, **env}} if env else {}))
        self._by_parent: dict[str | None, list[dict]] = defaultdict(list)
        self._all: list[dict] = []
        self._cond = threading.Condition()
        self._replies: dict[str, dict] = {}
        self._stop = threading.Event()
        self._collector: threading.Thread | None = None
        self._connect(startup_timeout)

    # -- lifecycle ----------------------------------------------------------------------------
    def _connect(self, timeout: float) -> None:
        self.kc = self.km.client()
        # A client made after a restart counts its msg_ids from 0 again under the same session id, so
        # ids would repeat those of the first kernel: give each connection a session id of its own.
        self.kc.session.session = str(uuid.uuid4())
        with self._cond:
            self._by_parent.clear()
            self._all.clear()
            self._replies.clear()
        self.kc.start_channels()
        try:
            self.kc.wait_for_ready(timeout=timeout)
        except Exception:
            self.kc.stop_channels()
            raise
        self._stop.clear()
        self._collector = threading.Thread(target=self._collect, name=f"iopub-{self.name}", daemon=True)
        self._collector.start()

    def _disconnect(self) -> None:
        self._stop.set()
        if self._collector is not None:
            self._collector.join(timeout=5)
            self._collector = None
        self.kc.stop_channels()

    def _collect(self) -> None:
        while not self._stop.is_set():
            try:
                msg = self.kc.iopub_channel.get_msg(timeout=0.2)
            except queue.Empty:
                continue
            except Exception:  # socket closed under us during shutdown
                if self._stop.is_set():
                    return
                time.sleep(0.05)
                continue
            msg["_received"] = time.monotonic()
            parent = (msg.get("parent_header") or {}).get("msg_id")
            with self._cond:
                self._by_parent[parent].append(msg)
                self._all.append(msg)
                self._cond.notify_all()

    @property
    def pid(self) -> int:
        return self.km.provisioner.pid  # type: ignore[union-attr]

    def alive(self) -> bool:
        return self.km.is_alive()

    def restart(self, timeout: float = TIMEOUT) -> None:
        self._disconnect()
        self.km.restart_kernel(now=False)
        self._connect(timeout)

    def close(self) -> None:
        try:
            self._disconnect()
        finally:
            if self.km.has_kernel:
                self.km.shutdown_kernel(now=False)

    # -- requests -----------------------------------------------------------------------------
    def execute(self, code: str, **kw: Any) -> str:
        """Sends an execute_request and returns its msg_id at once."""
        return self.kc.execute(code, **kw)

    def reply(self, msg_id: str, timeout: float = TIMEOUT) -> dict:
        """The shell reply to msg_id (other replies read meanwhile are kept for their callers)."""
        deadline = time.monotonic() + timeout
        while msg_id not in self._replies:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no shell reply to {msg_id} within {timeout} s")
            try:
                msg = self.kc.shell_channel.get_msg(timeout=left)
            except queue.Empty:
                continue
            msg["_received"] = time.monotonic()
            self._replies[(msg.get("parent_header") or {}).get("msg_id")] = msg
        return self._replies.pop(msg_id)

    def wait_idle(self, msg_id: str, timeout: float = TIMEOUT) -> None:
        self.wait_for(lambda: any(m["msg_type"] == "status" and m["content"]["execution_state"] == "idle"
                                  for m in self._by_parent.get(msg_id, [])),
                      timeout, f"idle status for {msg_id}")

    def run(self, code: str, timeout: float = TIMEOUT, **kw: Any) -> tuple[dict, list[dict]]:
        """Executes code and waits for its reply and idle status: (reply, IOPub messages of the cell)."""
        msg_id = self.execute(code, **kw)
        reply = self.reply(msg_id, timeout)
        self.wait_idle(msg_id, timeout)
        return reply, self.messages(msg_id)

    def value(self, code: str, timeout: float = TIMEOUT) -> str:
        """The text/plain execute_result of code, failing with the cell's error if it has one."""
        reply, msgs = self.run(code, timeout)
        assert reply["content"]["status"] == "ok", f"{code!r} failed: {error_text(reply)}"
        results = [m for m in msgs if m["msg_type"] == "execute_result"]
        assert len(results) == 1, f"{code!r}: expected one execute_result, got {[m['msg_type'] for m in msgs]}"
        return results[0]["content"]["data"]["text/plain"]

    # -- IOPub --------------------------------------------------------------------------------
    def messages(self, parent_msg_id: str | None, msg_type: str | None = None) -> list[dict]:
        with self._cond:
            return [m for m in self._by_parent.get(parent_msg_id, [])
                    if msg_type is None or m["msg_type"] == msg_type]

    def all_messages(self) -> list[dict]:
        with self._cond:
            return list(self._all)

    def stream_text(self, parent_msg_id: str, name: str | None = "stdout") -> str:
        return "".join(m["content"]["text"] for m in self.messages(parent_msg_id, "stream")
                       if name is None or m["content"]["name"] == name)

    def wait_for(self, predicate: Callable[[], bool], timeout: float = TIMEOUT, what: str = "condition") -> None:
        deadline = time.monotonic() + timeout
        with self._cond:
            while not predicate():
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"timed out after {timeout} s waiting for {what}")
                self._cond.wait(min(left, 0.5))

    def wait_for_text(self, parent_msg_id: str, text: str, timeout: float = TIMEOUT, name: str | None = "stdout") -> None:
        self.wait_for(lambda: text in self._stream_text_locked(parent_msg_id, name), timeout,
                      f"{text!r} in the output of {parent_msg_id}")

    def _stream_text_locked(self, parent: str, name: str | None) -> str:
        return "".join(m["content"]["text"] for m in self._by_parent.get(parent, [])
                       if m["msg_type"] == "stream" and (name is None or m["content"]["name"] == name))


def error_text(reply_or_msg: dict) -> str:
    """ename, evalue and traceback of an error reply or error message, as one plain string."""
    c = reply_or_msg["content"]
    tb = "\n".join(c.get("traceback") or [])
    text = f"{c.get('ename', '')}: {c.get('evalue', '')}\n{tb}"
    return re.sub(r"\x1b\[[0-9;]*m", "", text)  # drop ANSI colours


def process_gone(pid: int) -> bool:
    """True when pid no longer runs (gone, or a zombie nobody reaped yet)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            state = f.read().rsplit(")", 1)[1].split()[0]
        return state in ("Z", "X")
    except FileNotFoundError:
        return True
    except OSError:
        try:
            os.kill(pid, 0)
            return False
        except ProcessLookupError:
            return True
        except PermissionError:
            return False


class Flag:
    """A file the test creates to release code that waits for it: in the kernel, a worker JVM or a cluster
    member (all on this machine). Tests order events with it by design, not by a sleep outlasting them.

    Used as a context manager: on leaving, the flag is set, so that nothing a failed test left behind waits on
    it. Its directory goes when the test run ends (not before: a waiter may not have seen the flag yet)."""

    def __init__(self) -> None:
        self.directory = tempfile.mkdtemp(prefix="java-futures-flag-")
        self.path = os.path.join(self.directory, "release")
        atexit.register(shutil.rmtree, self.directory, ignore_errors=True)

    def wait_java(self, seconds: int = 120) -> str:
        """A Java block statement that waits for the flag; after `seconds` without it, it throws
        IllegalStateException, so that a lost flag fails the test instead of hanging it. Thread.sleep in it
        throws InterruptedException: put it where that may be thrown (a Callable, a cell, a method)."""
        return ("{ var flag$ = java.nio.file.Path.of(\"" + self.path + "\"); "
                f"long end$ = System.nanoTime() + {seconds}_000_000_000L; "
                "while (!java.nio.file.Files.exists(flag$)) { if (System.nanoTime() - end$ > 0) "
                "throw new IllegalStateException(\"the test never set \" + flag$); Thread.sleep(20); } }")

    def set(self) -> None:
        open(self.path, "w").close()

    def __enter__(self) -> "Flag":
        return self

    def __exit__(self, *exc: object) -> None:
        if not os.path.exists(self.path):
            self.set()
