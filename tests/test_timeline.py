"""The task timeline through a real Jupyter client: `Futures.timeline`, `%timeline` and `%futures --timeline`
send an SVG (with an inline HTML flavour and a text twin) under one display id and update it in place
until every task is done; its lanes are the workers that ran the tasks (threads, worker JVMs), every task
is named in it, a failed task's title says FAILED; bad input is a clear error with the kernel's state
kept; re-running the cell, interrupting it, or running cells out of order does what a notebook user
expects.

The tests check structure, order and membership, never speed (2 shared cores)."""
from __future__ import annotations

import re
import time
import xml.etree.ElementTree as ET

import pytest

from harness import Flag, Kernel, error_text

pytestmark = pytest.mark.timeout(300)
SVG = "{http://www.w3.org/2000/svg}"


# ---- helpers --------------------------------------------------------------------------------

def ok(kernel: Kernel, code: str, timeout: float = 90) -> tuple[str, list[dict]]:
    reply, msgs = kernel.run(code, timeout=timeout)
    assert reply["content"]["status"] == "ok", f"{code!r} failed: {error_text(reply)}"
    return reply["parent_header"]["msg_id"], msgs


def failing(kernel: Kernel, code: str) -> dict:
    reply, _ = kernel.run(code)
    assert reply["content"]["status"] == "error", f"{code!r} should have failed"
    return reply


def timeline_displays(msgs: list[dict]) -> list[dict]:
    return [m for m in msgs if m["msg_type"] == "display_data" and "image/svg+xml" in m["content"]["data"]]


def updates(kernel: Kernel, display_id: str) -> list[dict]:
    return [m for m in kernel.all_messages() if m["msg_type"] == "update_display_data"
            and m["content"].get("transient", {}).get("display_id") == display_id]


def final_data(kernel: Kernel, display: dict, timeout: float = 90) -> dict:
    """The data of the timeline's last update once it shows every task done (or the display, if final at once)."""
    did = display["content"]["transient"]["display_id"]

    def done(data: dict) -> bool:
        return not re.search(r"\d+ (running|waiting)", data["text/plain"].splitlines()[0])

    if done(display["content"]["data"]):
        return display["content"]["data"]
    kernel.wait_for(lambda: any(done(u["content"]["data"]) for u in updates(kernel, did)), timeout,
                    "the timeline's final update")
    return updates(kernel, did)[-1]["content"]["data"]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def lanes(svg: ET.Element) -> list[str]:
    return [g.get("data-worker") for g in svg.iter(f"{SVG}g") if g.get("class") == "lane" and g.get("data-worker")]


def titles(svg: ET.Element) -> list[str]:
    out = []
    for g in svg.iter(f"{SVG}g"):
        if g.get("class") in ("task", "tasks"):
            t = g.find(f"{SVG}title")
            assert t is not None, "a bar without a title"
            out.append(t.text or "")
    return out


def java_list(text: str) -> list[str]:
    """["a", "b"] from a JShell list value like [a, b]."""
    inner = text.strip().strip("[]")
    return [s.strip() for s in inner.split(",")] if inner else []


# ---- the picture ----------------------------------------------------------------------------

def test_thread_timeline_is_an_svg_updated_in_place_with_one_lane_per_worker(kernel: Kernel) -> None:
    # The tasks wait for a latch, so the first picture is live whatever the machine's speed.
    cell, msgs = ok(kernel, 'var go = new CountDownLatch(1);\n'
                            'var tpool = new ThreadPool(2);\n'
                            'var tfs = new ArrayList<TaskFuture<Integer>>();\n'
                            'for (int i = 0; i < 6; i++) { int n = i; tfs.add(tpool.submit("step " + i, () -> { go.await();\n'
                            '    Thread.sleep(300); if (n == 4) throw new IllegalStateException("step 4 broke"); return n * n; })); }\n'
                            'Futures.timeline(tfs)')
    shown = timeline_displays(msgs)
    assert len(shown) == 1, [m["msg_type"] for m in msgs]
    data = shown[0]["content"]["data"]
    first_line = data["text/plain"].splitlines()[0]
    assert "waiting" in first_line and "finished" not in first_line, first_line
    ok(kernel, "go.countDown();")
    assert set(data) >= {"image/svg+xml", "text/html", "text/plain"}
    assert data["image/svg+xml"].startswith("<svg") and "<svg" in data["text/html"]
    did = shown[0]["content"]["transient"]["display_id"]
    assert "execute_result" not in [m["msg_type"] for m in msgs], "the timeline value is not shown twice"
    final = final_data(kernel, shown[0])
    ups = updates(kernel, did)
    assert ups, "the picture was updated in place (update_display_data with its display id)"
    assert not [m for m in kernel.all_messages() if m["msg_type"] == "display_data"
                and m["content"].get("transient", {}).get("display_id") == did and m is not shown[0]], "displayed once"

    workers = java_list(kernel.value("tfs.stream().map(TaskFuture::worker).distinct().sorted().toList()"))
    assert len(workers) == 2, workers
    svg = parse(final["image/svg+xml"])
    assert sorted(lanes(svg)) == workers, "one lane per worker that ran a task"
    ts = titles(svg)
    for i in range(6):
        assert any(t.startswith(f"step {i} ·") for t in ts), f"step {i} is not named in the picture: {ts}"
    broken = next(t for t in ts if t.startswith("step 4 ·"))
    assert "FAILED" in broken and "step 4 broke" in broken, broken
    for w in workers:
        assert f"worker: {w}" in "\n".join(ts)
    plain = final["text/plain"]
    assert plain.startswith("6 tasks on 2 workers"), plain
    for w in workers:
        assert re.search(rf"^{re.escape(w)}\s+\|", plain, re.M), f"the text twin names lane {w}:\n{plain}"
    assert "step 4  FAILED" in plain
    # the HTML flavour is the same picture, in the page, so a hover shows the titles
    html = parse(final["text/html"])
    assert sorted(lanes(html.find(f"{SVG}svg"))) == workers
    ok(kernel, "tpool.close();")


def test_process_pool_of_two_gives_two_pid_lanes(kernel: Kernel) -> None:
    cell, msgs = ok(kernel, 'var ppool = new ProcessPool(2);\n'
                            'var pfs = new ArrayList<TaskFuture<Long>>();\n'
                            'for (int i = 0; i < 4; i++) pfs.add(ppool.submit("remote " + i, () -> {\n'
                            '    Thread.sleep(400); return ProcessHandle.current().pid(); }));\n'
                            'Futures.timeline(pfs);', timeout=120)
    shown = timeline_displays(msgs)
    assert len(shown) == 1
    final = final_data(kernel, shown[0], timeout=120)
    pids = sorted(set(java_list(kernel.value("pfs.stream().map(f -> \"pid \" + f.result()).toList()"))))
    assert len(pids) == 2, f"ProcessPool(2) with four 0.4 s tasks uses both workers: {pids}"
    svg = parse(final["image/svg+xml"])
    assert sorted(lanes(svg)) == pids
    ts = titles(svg)
    for i in range(4):
        t = next(t for t in ts if t.startswith(f"remote {i} ·"))
        assert "FINISHED" in t and "serialization + transit" in t, t
    for p in pids:
        assert p in final["text/plain"]
    ok(kernel, "ppool.close();", timeout=120)


def test_timeline_magic_alone_covers_every_future_and_futures_magic_offers_it(kernel: Kernel) -> None:
    ok(kernel, 'var a1 = Pools.threads().submit("magic one", () -> 1);\n'
               'var a2 = Pools.threads().submit("magic two", () -> 2);\n'
               'a1.result(); a2.result();')
    every = int(kernel.value("Pools.futures().size()"))
    cell, msgs = ok(kernel, "%timeline")
    shown = timeline_displays(msgs)
    assert len(shown) == 1
    data = final_data(kernel, shown[0])
    first = data["text/plain"].splitlines()[0]
    assert first.startswith(f"{every} tasks") or first.startswith(f"{every} task "), (every, first)
    assert sum(int(t.split(" tasks,")[0]) if " tasks," in t else 1
               for t in titles(parse(data["image/svg+xml"]))) == every, "every future is in some bar"
    cell, msgs = ok(kernel, "%timeline a1 a2")
    data = final_data(kernel, timeline_displays(msgs)[0])
    assert data["text/plain"].startswith("2 tasks")
    names = "\n".join(titles(parse(data["image/svg+xml"])))
    assert "magic one ·" in names and "magic two ·" in names
    cell, msgs = ok(kernel, "%futures --timeline a1 a2")
    shown = timeline_displays(msgs)
    assert len(shown) == 1 and shown[0]["content"]["data"]["text/plain"].startswith("2 tasks")
    cell, msgs = ok(kernel, "%futures a1 a2")
    assert not timeline_displays(msgs), "without --timeline it is the table"


# ---- bad input ------------------------------------------------------------------------------

@pytest.mark.one_jdk("argument checks of %timeline/Futures.timeline; timelines on both JDKs are in the other tests")
def test_bad_input_is_a_clear_error_and_loses_nothing(kernel: Kernel) -> None:
    ok(kernel, 'int kept = 41;\nvar good = Pools.threads().submit(() -> "fine");\ngood.result();')
    r = failing(kernel, "%timeline nosuchvar")
    assert r["content"]["ename"] == "UsageError" and "no variable named 'nosuchvar'" in r["content"]["evalue"]
    r = failing(kernel, "%timeline kept")
    assert "'kept' is not a future" in r["content"]["evalue"], error_text(r)
    r = failing(kernel, "%timeline good kept")
    assert "'kept' is not a future" in r["content"]["evalue"], "one bad name fails the whole line"
    r = failing(kernel, "%timeline 3x")
    assert "%timeline" in r["content"]["evalue"] and "usage: %timeline" in r["content"]["evalue"]
    r = failing(kernel, "kept = 0;\n%timeline --now")
    assert "unknown option --now" in r["content"]["evalue"]
    assert kernel.value("kept") == "41", "a malformed magic line ran nothing of its cell"
    r = failing(kernel, "List<TaskFuture<String>> none = null;\nFutures.timeline(none)")
    assert r["content"]["ename"] == "NullPointerException" and "futures is null" in r["content"]["evalue"]
    r = failing(kernel, "Futures.timeline(List.of())")
    assert r["content"]["ename"] == "IllegalArgumentException" and "empty" in r["content"]["evalue"]
    r = failing(kernel, "Futures.timeline(Arrays.asList(good, null))")
    assert "index 1" in r["content"]["evalue"]
    r = failing(kernel, "%futures --timeline x1")
    assert "no variable named 'x1'" in r["content"]["evalue"]
    assert kernel.alive()
    assert kernel.value("kept + 1") == "42" and kernel.value("good.result()") == '"fine"'


# ---- the notebook's life --------------------------------------------------------------------

def test_rerunning_the_timeline_cell_gives_a_new_picture_of_the_new_tasks(kernel: Kernel) -> None:
    cell = ('var rpool = new ThreadPool(2);\n'
            'var rfs = new ArrayList<TaskFuture<Integer>>();\n'
            'for (int i = 0; i < N; i++) { int n = i; rfs.add(rpool.submit("run " + i, () -> { Thread.sleep(150); return n; })); }\n'
            'Futures.timeline(rfs)')
    ok(kernel, "int N = 3;")
    first_cell, msgs = ok(kernel, cell)
    first = timeline_displays(msgs)[0]
    first_final = final_data(kernel, first)
    assert first_final["text/plain"].startswith("3 tasks")
    ok(kernel, "int N = 5;")  # the user edits a value and runs the same cell again
    second_cell, msgs = ok(kernel, cell)
    second = timeline_displays(msgs)[0]
    assert second["content"]["transient"]["display_id"] != first["content"]["transient"]["display_id"]
    second_final = final_data(kernel, second)
    assert second_final["text/plain"].startswith("5 tasks"), second_final["text/plain"]
    names = "\n".join(titles(parse(second_final["image/svg+xml"])))
    assert all(f"run {i} ·" in names for i in range(5))
    # the first picture stays as it was: no update of it went out after its final one
    did = first["content"]["transient"]["display_id"]
    assert all(u["content"]["data"]["text/plain"].startswith("3 tasks") for u in updates(kernel, did))
    assert all(u["parent_header"]["msg_id"] == first_cell for u in updates(kernel, did)), "updates stay under their cell"
    ok(kernel, "rpool.close();")


def test_interrupting_the_cell_leaves_the_timeline_running_to_its_final_picture(kernel: Kernel) -> None:
    # The task waits for a flag set only after the interrupt: the cell is still waiting for it when that comes.
    with Flag() as release:
        cell = kernel.execute('var ipool = new ThreadPool(1);\n'
                              f'var slow = ipool.submit("slow one", () -> {{ {release.wait_java()} return 1; }});\n'
                              'Futures.timeline(slow);\n'
                              'slow.result()')
        kernel.wait_for(lambda: timeline_displays(kernel.messages(cell)), 60, "the timeline shown")
        time.sleep(0.5)   # so that the interrupt finds the cell in slow.result() (were it earlier, it still stops it)
        kernel.km.interrupt_kernel()
        reply = kernel.reply(cell, timeout=30)
        assert reply["content"]["status"] == "error" and "Interrupt" in reply["content"]["ename"], error_text(reply)
        kernel.wait_idle(cell)
        release.set()
        shown = timeline_displays(kernel.messages(cell))[0]
        final = final_data(kernel, shown, timeout=60)
    assert final["text/plain"].startswith("1 task on 1 worker") and "1 finished" in final["text/plain"].splitlines()[0]
    did = shown["content"]["transient"]["display_id"]
    assert updates(kernel, did)[-1]["parent_header"]["msg_id"] == cell, "late updates land under the cell that showed it"
    ok(kernel, "ipool.close();")


def test_out_of_order_the_timeline_of_a_variable_not_yet_defined_fails_then_works(kernel: Kernel) -> None:
    r = failing(kernel, "%timeline later")
    assert "no variable named 'later'" in r["content"]["evalue"]
    ok(kernel, 'var later = Pools.threads().submit("later", () -> 5);\nlater.result();')
    cell, msgs = ok(kernel, "%timeline later")
    assert timeline_displays(msgs)[0]["content"]["data"]["text/plain"].startswith("1 task on 1 worker")
