"""The benches' one kernel client: the installed java-futures kernel (optionally on another JDK or with
extra JVM options) driven through jupyter_client, as a front end does.

    from kclient import Kernel
    with Kernel() as k:
        k.run("int x = 1;")            # -> {"stdout", "stderr", "seconds", "reply"}; raises CellFailed on error
        k.argv                         # the kernel's command line (JVM options before -jar)

A cell is done once its execute_reply and its idle status have both arrived (they come on different
sockets, in either order). Needs JUPYTER_DATA_DIR where ./install.sh registered the kernelspec.
"""
from __future__ import annotations

import json
import os
import queue
import shutil
import tempfile
import time

from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager

from kernel_bench import BASE, JDK_SPECIFIC_OPTIONS, wait_reply


class CellFailed(RuntimeError):
    pass


def kernel_argv(java: str | None = None) -> list[str]:
    """The installed kernelspec's argv; with `java`, run on that JDK (without the installed JDK's caches)."""
    spec = KernelSpecManager().get_kernel_spec(BASE)
    with open(os.path.join(spec.resource_dir, "kernel.json")) as f:
        js = json.load(f)
    argv = [a.replace("{resource_dir}", spec.resource_dir) for a in js["argv"]]
    if java:
        argv = [java] + [a for a in argv[1:] if not a.startswith(JDK_SPECIFIC_OPTIONS)]
    return argv


class Kernel:
    def __init__(self, java: str | None = None, extra_jvm: list[str] | None = None, argv: list[str] | None = None):
        """`argv`: another kernel's command line instead (e.g. kernel_bench.IPYKERNEL_ARGV), driven the same way."""
        if argv is not None:
            js = {"display_name": "bench", "language": "python"}
            self.argv = list(argv)
        else:
            spec = KernelSpecManager().get_kernel_spec(BASE)
            with open(os.path.join(spec.resource_dir, "kernel.json")) as f:
                js = json.load(f)
            argv = kernel_argv(java)
            jar_at = argv.index("-jar")
            self.argv = argv[:jar_at] + list(extra_jvm or []) + argv[jar_at:]
        self.tmp = tempfile.mkdtemp(prefix="java-futures-bench-")
        d = os.path.join(self.tmp, "kernels", "bench-jf")
        os.makedirs(d)
        with open(os.path.join(d, "kernel.json"), "w") as f:
            json.dump(dict(js, argv=self.argv), f)
        self.km = KernelManager(kernel_name="bench-jf",
                                kernel_spec_manager=KernelSpecManager(kernel_dirs=[os.path.join(self.tmp, "kernels")]))

    def __enter__(self) -> "Kernel":
        self.started = time.perf_counter()
        self.km.start_kernel()
        self.kc = self.km.client()
        self.kc.start_channels()
        while True:  # kernel_info handshake, resent every second (as wait_for_ready does, without its drain)
            try:
                wait_reply(self.kc, self.kc.kernel_info(), 1.0)
                return self
            except TimeoutError:
                if not self.km.is_alive() or time.perf_counter() - self.started > 120:
                    raise RuntimeError("the kernel did not start")

    def run(self, code: str, timeout: float = 600) -> dict:
        t0 = time.perf_counter()
        msg_id = self.kc.execute(code)
        reply = wait_reply(self.kc, msg_id, timeout)
        out, err, error = [], [], None
        deadline = time.monotonic() + timeout
        while True:  # the idle status may have come before the reply: it is still queued on IOPub
            try:
                m = self.kc.iopub_channel.get_msg(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise TimeoutError(f"no idle status for {code[:60]!r}")
            if m["parent_header"].get("msg_id") != msg_id:
                continue
            t, c = m["msg_type"], m["content"]
            if t == "stream":
                (out if c["name"] == "stdout" else err).append(c["text"])
            elif t == "error":
                error = f"{c['ename']}: {c['evalue']}"
            elif t == "status" and c["execution_state"] == "idle":
                break
        res = {"stdout": "".join(out), "stderr": "".join(err), "seconds": time.perf_counter() - t0,
               "reply": reply["content"]}
        if error or reply["content"]["status"] != "ok":
            raise CellFailed(f"{code[:200]!r}: {error or reply['content']} {res['stderr'][-1000:]}")
        return res

    def settle(self, busy_below: float = 0.05, window: float = 1.0, max_wait: float = 30.0) -> float:
        """Waits until the kernel and its child JVMs (spare workers booting and warming up) use less than
        `busy_below` of one core over `window` seconds, at most `max_wait` seconds; returns the seconds waited.
        A notebook user's next cell rarely follows a pool's cell within a second or two; on 2 cores, cells
        measured while spares boot would measure the spares."""
        import psutil
        t0 = time.perf_counter()
        while True:
            procs = [psutil.Process(self.km.provisioner.pid)]
            procs += procs[0].children(recursive=True)

            def cpu() -> float:
                total = 0.0
                for p in procs:
                    try:
                        t = p.cpu_times()
                        total += t.user + t.system
                    except psutil.Error:
                        pass
                return total
            c0 = cpu()
            time.sleep(window)
            if cpu() - c0 < busy_below * window or time.perf_counter() - t0 > max_wait:
                return time.perf_counter() - t0

    def __exit__(self, *exc) -> None:
        try:
            self.kc.stop_channels()
            self.km.shutdown_kernel(now=False)
        finally:
            shutil.rmtree(self.tmp, True)
