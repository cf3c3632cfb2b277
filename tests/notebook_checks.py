"""Runs the tutorial notebooks the way JupyterLab shows them, and reads their outputs back.

``LiveNotebookClient`` is nbclient's ``NotebookClient`` with two additions:

1. **Late output.** A task's output, and the updates of a live status table, arrive under the cell that
   started them, often after that cell has finished (the kernel sends them with that cell's parent
   header). JupyterLab shows them there; plain nbclient drops every message whose parent is not the
   cell it is running now. This client routes such messages to the earlier cell they belong to
   (``stream`` and ``display_data`` are appended to it, ``update_display_data`` updates the display
   wherever it is), and after the last cell it keeps listening until the kernel has been quiet for a
   moment, so a saved notebook keeps what a reader of JupyterLab would see.
2. **The stop button.** A code cell whose metadata has ``"java_futures": {"interrupt_after": SECONDS}``
   gets an ``interrupt_request`` (what JupyterLab's stop button sends) that many seconds after its
   first output (and again every 2 s, at most 3 times, while the cell still runs), so ``05-interrupts-and-cancel.ipynb`` saves the real output of an interrupted cell. Plain
   runners ignore the key; the cell then simply runs to its end.

Usage: ``python tests/notebook_checks.py notebooks/*.ipynb`` executes the notebooks and saves them in
place with their outputs (this is how the saved outputs were made); ``--check`` runs without saving.
"""
from __future__ import annotations

import asyncio
import re
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import nbformat
from jupyter_core.utils import ensure_async
from nbclient import NotebookClient
from nbformat import NotebookNode

KERNEL_NAME = "java-futures"
CELL_TIMEOUT = 60  # seconds per cell
QUIET_AFTER_LAST_CELL = 1.5  # seconds without IOPub traffic before the kernel is shut down
MAX_DRAIN = 15  # seconds at most spent listening after the last cell
LATE_TYPES = {"stream", "display_data", "update_display_data"}


class LiveNotebookClient(NotebookClient):
    """NotebookClient that keeps late output of earlier cells and can press "stop" on tagged cells."""

    def __init__(self, nb: NotebookNode, **kw: Any) -> None:
        super().__init__(nb, **kw)
        self._cell_of_msg: dict[str, tuple[NotebookNode, int]] = {}
        self.cell_seconds: dict[int, float] = {}
        self.late_messages = 0
        self.interrupts_sent = 0

    # -- late output -------------------------------------------------------------------------
    def _route_late(self, msg: dict) -> None:
        parent = msg["parent_header"].get("msg_id")
        msg_type = msg["msg_type"]
        if msg_type not in LATE_TYPES or parent not in self._cell_of_msg:
            return
        self.late_messages += 1
        content = msg["content"]
        display_id = (content.get("transient") or {}).get("display_id")
        if display_id:
            self._update_display_id(display_id, msg)  # updates every output showing that id
            if msg_type == "update_display_data":
                return
        cell, index = self._cell_of_msg[parent]
        self.output(cell.outputs, msg, display_id, index)  # appends it (streams are merged at the end)

    async def _async_poll_output_msg(self, parent_msg_id: str, cell: NotebookNode, cell_index: int) -> None:
        assert self.kc is not None
        self._cell_of_msg[parent_msg_id] = (cell, cell_index)
        while True:
            msg = await self.kc.iopub_channel.get_msg(timeout=None)
            if msg["parent_header"].get("msg_id") == parent_msg_id:
                try:
                    self.process_message(msg, cell, cell_index)
                except Exception as e:  # CellExecutionComplete ends the cell
                    if type(e).__name__ == "CellExecutionComplete":
                        return
                    raise
            else:
                self._route_late(msg)

    async def _drain(self) -> None:
        assert self.kc is not None
        deadline = time.monotonic() + MAX_DRAIN
        while time.monotonic() < deadline:
            try:
                msg = await self.kc.iopub_channel.get_msg(timeout=QUIET_AFTER_LAST_CELL)
            except Exception:  # queue.Empty: quiet long enough
                return
            self._route_late(msg)

    # -- timing, the stop button, the drain after the last cell -------------------------------
    async def async_execute_cell(self, cell: NotebookNode, cell_index: int, execution_count: int | None = None,
                                 store_history: bool = True) -> NotebookNode:
        interrupt_after = cell.get("metadata", {}).get("java_futures", {}).get("interrupt_after")
        timer = None
        if cell.cell_type == "code" and interrupt_after is not None:
            async def press_stop() -> None:
                # Seconds count from the cell's first output, i.e. once its code runs: an interrupt that
                # arrives while the kernel still compiles the cell is not meant for the running code.
                # Like a user whose first click did not take, press again every 2 s while the cell
                # runs (at most 3 times); the cell's task is cancelled as soon as the cell ends.
                while not cell.outputs:
                    await asyncio.sleep(0.05)
                await asyncio.sleep(float(interrupt_after))
                for _ in range(3):
                    try:
                        assert self.km is not None
                        await ensure_async(self.km.interrupt_kernel())
                        self.interrupts_sent += 1
                    except Exception as e:  # never lose it silently: the cell then runs to its end
                        print(f"could not interrupt cell {cell_index}: {e!r}", file=sys.stderr)
                    await asyncio.sleep(2)
            timer = asyncio.ensure_future(press_stop())
        t0 = time.monotonic()
        try:
            result = await super().async_execute_cell(cell, cell_index, execution_count, store_history)
        finally:
            if timer is not None:
                timer.cancel()
            self.cell_seconds[cell_index] = time.monotonic() - t0
        if cell_index == len(self.nb.cells) - 1:
            await self._drain()
        return result


def _merge_streams(cell: NotebookNode) -> None:
    """Joins consecutive stream outputs of the same name, as JupyterLab shows them."""
    merged: list = []
    for o in cell.outputs:
        if (merged and o.output_type == "stream" and merged[-1].output_type == "stream"
                and merged[-1].name == o.name):
            merged[-1].text += o.text
        else:
            merged.append(o)
    cell.outputs = merged


def execute(path: str | Path, kernel_name: str = KERNEL_NAME, cwd: str | Path | None = None
            ) -> tuple[NotebookNode, LiveNotebookClient, float]:
    """Executes a notebook; returns it with outputs, the client (per-cell seconds) and the total seconds.
    Raises nbclient's CellExecutionError on an error in a cell not tagged ``raises-exception``."""
    nb = nbformat.read(str(path), as_version=4)
    client = LiveNotebookClient(nb, kernel_name=kernel_name, timeout=CELL_TIMEOUT, startup_timeout=120,
                                record_timing=False,
                                resources={"metadata": {"path": str(cwd or Path(path).parent)}})
    t0 = time.monotonic()
    client.execute()
    for cell in nb.cells:
        if cell.cell_type == "code":
            _merge_streams(cell)
    return nb, client, time.monotonic() - t0


# -- reading outputs back --------------------------------------------------------------------------
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def cell(nb: NotebookNode, cell_id: str) -> NotebookNode:
    for c in nb.cells:
        if c.get("id") == cell_id:
            return c
    raise KeyError(f"no cell with id {cell_id!r}")


def text(c: NotebookNode) -> str:
    """All the text a reader sees under a code cell: streams, text/plain of results and displays, errors."""
    parts = []
    for o in c.get("outputs", []):
        if o.output_type == "stream":
            parts.append(o.text)
        elif o.output_type in ("execute_result", "display_data"):
            parts.append(o.data.get("text/plain", ""))
        elif o.output_type == "error":
            parts.append(f"{o.ename}: {o.evalue}\n" + "\n".join(o.traceback))
    return ANSI.sub("", "\n".join(p if isinstance(p, str) else "".join(p) for p in parts))


def errors(c: NotebookNode) -> list[NotebookNode]:
    return [o for o in c.get("outputs", []) if o.output_type == "error"]


def tables(c: NotebookNode) -> list[NotebookNode]:
    """The live status tables under a cell (outputs with the table's HTML)."""
    return [o for o in c.get("outputs", []) if o.output_type in ("display_data", "execute_result")
            and "java-futures-table" in o.data.get("text/html", "")]


def table_rows(output: NotebookNode) -> dict[str, str]:
    """{task name: state} from a status table's text/plain twin."""
    lines = output.data["text/plain"]
    lines = lines.splitlines() if isinstance(lines, str) else "".join(lines).splitlines()
    rows = {}
    header = next(i for i, line in enumerate(lines) if line.startswith("name "))
    state_col = lines[header].index("state")
    for line in lines[header + 1:]:
        if not line.strip():
            continue
        m = re.match(r"(PENDING|RUNNING|FINISHED|FAILED|CANCELLED)\b", line[state_col:])
        if m:
            rows[line[:state_col].split("  ")[0].strip()] = m.group(1)
    return rows


SVG = "{http://www.w3.org/2000/svg}"


def timelines(c: NotebookNode) -> list[NotebookNode]:
    """The task timelines under a cell (outputs with the timeline's SVG)."""
    return [o for o in c.get("outputs", []) if o.output_type in ("display_data", "execute_result")
            and "java-futures-timeline-svg" in o.data.get("image/svg+xml", "")]


def timeline_bars(output: NotebookNode) -> list[dict]:
    """Every task bar of a timeline: its lane (worker), name, state and start/end seconds, from its <title>."""
    svg = output.data["image/svg+xml"]
    root = ET.fromstring(svg if isinstance(svg, str) else "".join(svg))
    bars = []
    for lane in root.iter(f"{SVG}g"):
        if lane.get("class") != "lane":
            continue
        for g in lane.iter(f"{SVG}g"):
            if g.get("class") not in ("task", "tasks"):
                continue
            title = g.find(f"{SVG}title").text
            m = re.search(r"started at ([\d.]+) s, ended at ([\d.]+) s", title)
            q = re.search(r"queued ([\d.]+) (ms|s)", title)
            bars.append({"lane": lane.get("data-worker"), "title": title, "name": title.split(" · ")[0],
                         "state": title.split(" · ")[1].split()[0] if " · " in title else "",
                         "start": float(m.group(1)) if m else None, "end": float(m.group(2)) if m else None,
                         "queued": (float(q.group(1)) / (1000 if q.group(2) == "ms" else 1)) if q else None})
    return bars


def timeline_lanes(output: NotebookNode) -> list[str]:
    """The workers of a timeline's lanes, top to bottom."""
    svg = output.data["image/svg+xml"]
    root = ET.fromstring(svg if isinstance(svg, str) else "".join(svg))
    return [g.get("data-worker") for g in root.iter(f"{SVG}g") if g.get("class") == "lane" and g.get("data-worker")]


def seconds(pattern: str, s: str) -> list[float]:
    """Every number captured by ``pattern`` (one group) in ``s``, as floats."""
    return [float(x) for x in re.findall(pattern, s)]


def main(argv: list[str]) -> int:
    save = "--check" not in argv
    paths = [a for a in argv if not a.startswith("--")]
    if not paths:
        print(__doc__)
        return 2
    status = 0
    for p in paths:
        try:
            nb, client, total = execute(p)
        except Exception as e:  # report and go on with the next notebook
            print(f"{p}: FAILED: {str(e)[:2000]}")
            status = 1
            continue
        slow = sorted(client.cell_seconds.items(), key=lambda kv: -kv[1])[:3]
        print(f"{p}: {total:.1f} s; slowest cells: "
              + ", ".join(f"#{i} {s:.1f} s" for i, s in slow) + f"; late messages routed: {client.late_messages}")
        if save:
            nbformat.write(nb, p)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
