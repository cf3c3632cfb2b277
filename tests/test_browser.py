"""JupyterLab and Notebook 7 in a real browser. JupyterLab: 03-futures.ipynb run cell by cell, the live
table changing state in the page, the stop button ending a long cell, screenshots in the light and dark
themes; "Run All" over a notebook with a failing cell in the middle (the cells after it do not run; its
traceback names cells); a live task timeline: rendered as SVG in the page (not as text or an image),
updated in place, a bar's <title> under the mouse, themed in light and dark; and a saved timeline opened
untrusted shows its text twin. Notebook 7 (`jupyter notebook`): a cell with a live table, rendered as
HTML and updated in place.

Starts ``jupyter lab`` and ``jupyter notebook`` (from .venv, else from PATH) on free ports with random
tokens; for JupyterLab, in a temporary directory holding a copy of 03-futures.ipynb with its outputs
cleared and one extra cell at the end that sleeps for a minute. Debian's Chromium (/usr/bin/chromium),
headless, is driven by Playwright; Playwright's own browser download is not used.

Screenshots go to build/screenshots/ (light-*.png, dark-*.png): look at them.

Skipped only if /usr/bin/chromium or the playwright package is missing (test.sh installs both).
"""
from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest

CHROMIUM = os.environ.get("JAVA_FUTURES_CHROMIUM", "/usr/bin/chromium")
ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "03-futures.ipynb"
SHOTS = ROOT / "build" / "screenshots"
LIVE_TABLE_CELL = "live-table"
LONG_CELL_SOURCE = 'System.out.println("sleeping for a minute; press stop");\nThread.sleep(60_000);'
# "Run All" over a notebook whose third cell fails: the cells after it must not run, and the traceback
# names the method's cell and line and the failing cell's line, as the prompts show them.
RUN_ALL_NOTEBOOK = "run-all.ipynb"
RUN_ALL_CELLS = [
    "int reached = 1;",
    "int boom(int d) {\n    return 10 / d;\n}",
    "reached = 2;\nboom(0)",
    'reached = 3;\nSystem.out.println("the fourth cell ran");',
    "reached",
]
TIMELINE_NOTEBOOK = "timeline.ipynb"
TIMELINE_SOURCE = """var tlPool = new ThreadPool(2);
var tlTasks = new ArrayList<TaskFuture<Integer>>();
for (int i = 1; i <= 6; i++) {
    int n = i;
    tlTasks.add(tlPool.submit("task " + i, () -> {
        Thread.sleep(800 + 400 * (n % 3));
        if (n == 5) throw new IllegalStateException("task 5 fails on purpose");
        return n * n;
    }));
}
Futures.timeline(tlTasks)"""
SAVED_01 = "saved-01-thread-pool.ipynb"

if not Path(CHROMIUM).is_file():
    pytest.skip(f"{CHROMIUM} is missing (Debian: apt-get install -y chromium)", allow_module_level=True)
try:
    from playwright.sync_api import Page, expect, sync_playwright
except ImportError:
    pytest.skip("the playwright package is missing (pip install playwright; no browser download needed)",
                allow_module_level=True)

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

# JupyterLab settings for the test: all cells rendered (no windowing, so locators find every cell), no
# news or update pop-ups, no "kernel busy" confirmation, the light theme to start with.
SETTINGS = {
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/apputils-extension:themes": {"theme": "JupyterLab Light"},
}


def _jupyter() -> str:
    venv = ROOT / ".venv" / "bin" / "jupyter"
    if venv.is_file():
        return str(venv)
    found = shutil.which("jupyter")
    if not found:
        pytest.skip("no jupyter found (run ./install.sh)")
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A Jupyter server (`jupyter lab` or `jupyter notebook`) on a free port, with a random token and
    its config, runtime and log in a temporary directory."""

    def __init__(self, app: str, root: Path, tmp: Path, extra_args: list[str], env: dict[str, str] | None = None):
        self.tmp = tmp
        self.token = secrets.token_hex(16)
        port = _free_port()
        self.base = f"http://127.0.0.1:{port}"
        self.log_path = tmp / f"{app}.log"
        self.log = open(self.log_path, "w")
        env = dict(os.environ, JUPYTER_CONFIG_DIR=str(tmp / "config"), JUPYTER_RUNTIME_DIR=str(tmp / "runtime"),
                   **(env or {}))
        self.proc = subprocess.Popen(
            [_jupyter(), app, "--no-browser", f"--port={port}", "--ip=127.0.0.1",
             f"--IdentityProvider.token={self.token}", f"--ServerApp.root_dir={root}"] + extra_args
            + (["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []),
            stdout=self.log, stderr=subprocess.STDOUT, env=env, cwd=root)
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{self.base}/api/status?token={self.token}", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.log.flush()
                self.stop()
                pytest.fail(f"jupyter {app} did not start: {self.log_path.read_text()[-3000:]}")
            time.sleep(0.3)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()
        if os.environ.get("JAVA_FUTURES_KEEP_LAB_LOG"):
            print(f"jupyter log: {self.log_path}", file=sys.stderr)
        else:
            shutil.rmtree(self.tmp, ignore_errors=True)


@pytest.fixture(scope="module")
def lab():
    """A running JupyterLab: yields (base url, token, notebook file name)."""
    for old in list(SHOTS.glob("light-*.png")) + list(SHOTS.glob("dark-*.png")):
        old.unlink()  # never look at a screenshot of an earlier run
    tmp = Path(tempfile.mkdtemp(prefix="java-futures-lab-"))
    root = tmp / "notebooks"
    root.mkdir()
    nb = nbformat.read(NOTEBOOK, as_version=4)
    for c in nb.cells:
        if c.cell_type == "code":
            c.outputs, c.execution_count = [], None
    long_cell = nbformat.v4.new_code_cell(LONG_CELL_SOURCE)
    long_cell["id"] = "long-sleep"
    nb.cells.append(long_cell)
    name = "03-futures.ipynb"
    nbformat.write(nb, root / name)
    run_all = nbformat.v4.new_notebook(metadata=nb.metadata)
    run_all.cells = [nbformat.v4.new_code_cell(src) for src in RUN_ALL_CELLS]
    nbformat.write(run_all, root / RUN_ALL_NOTEBOOK)
    timeline = nbformat.v4.new_notebook(metadata=nb.metadata)
    timeline.cells = [nbformat.v4.new_code_cell(TIMELINE_SOURCE)]
    timeline.cells[0]["id"] = "timeline-live"
    nbformat.write(timeline, root / TIMELINE_NOTEBOOK)
    shutil.copy(ROOT / "notebooks" / "01-thread-pool.ipynb", root / SAVED_01)  # with outputs, not trusted here

    overrides = tmp / "app-settings"
    overrides.mkdir()
    (overrides / "overrides.json").write_text(json.dumps(SETTINGS))
    server = Server("lab", root, tmp,
                    [f"--LabApp.app_settings_dir={overrides}", "--LabApp.expose_app_in_browser=True"],
                    env={"JUPYTERLAB_SETTINGS_DIR": str(tmp / "settings"),
                         "JUPYTERLAB_WORKSPACES_DIR": str(tmp / "workspaces")})
    try:
        yield server.base, server.token, name
    finally:
        server.stop()


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium (Debian's), one profile for the module."""
    with sync_playwright() as pw:
        profile = tempfile.mkdtemp(prefix="java-futures-chromium-")
        context = pw.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 900}, device_scale_factor=1)
        try:
            yield context
        finally:
            context.close()
            shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def page(lab, browser):
    base, token, name = lab
    p = browser.pages[0] if browser.pages else browser.new_page()
    p.set_default_timeout(60_000)
    p.goto(f"{base}/lab/tree/{name}?token={token}")
    yield p


# ---------------------------------------------------------------------------------------------------
# Helpers: cells by index, execution, kernel status.
# ---------------------------------------------------------------------------------------------------
def cells(page: Page):
    return page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell")


def wait_kernel_idle(page: Page, timeout_ms: int = 60_000) -> None:
    page.wait_for_function(
        """() => { const app = window.jupyterapp; const w = app && app.shell.currentWidget;
                   const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
                   return !!k && k.status === 'idle'; }""", timeout=timeout_ms)


def kernel_status(page: Page) -> str:
    return page.evaluate("""() => { const w = window.jupyterapp.shell.currentWidget;
                                   const k = w.sessionContext.session && w.sessionContext.session.kernel;
                                   return k ? k.status : 'none'; }""")


def select_cell(page: Page, index: int) -> None:
    page.evaluate(f"() => {{ window.jupyterapp.shell.currentWidget.content.activeCellIndex = {index}; }}")
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:enter-command-mode')")


def run_cell(page: Page, index: int, wait: bool = True) -> None:
    """Selects cell `index` and presses Shift+Enter; with wait, until its prompt shows a number.
    (Shift+Enter on the last cell also adds an empty cell below it, as JupyterLab does.)"""
    select_cell(page, index)
    page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook").focus()
    page.keyboard.press("Shift+Enter")
    cell = cells(page).nth(index)
    if wait and "jp-CodeCell" in (cell.get_attribute("class") or ""):
        expect(cell.locator(".jp-InputArea-prompt")).to_have_text(__import__("re").compile(r"\[\d+\]"),
                                                                   timeout=60_000)


def cell_index(page: Page, cell_id: str) -> int:
    return page.evaluate(f"""() => window.jupyterapp.shell.currentWidget.content.widgets
                                    .findIndex(w => w.model.id === {json.dumps(cell_id)})""")


def table_states(page: Page, index: int) -> list[str]:
    """The state badges of the status table under cell `index`, top to bottom."""
    return cells(page).nth(index).locator(".java-futures-table tbody tr td:nth-child(4)").all_inner_texts()


def shoot(page: Page, index: int, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    area = cells(page).nth(index).locator(".jp-Cell-outputArea")
    area.scroll_into_view_if_needed()
    page.wait_for_timeout(150)
    area.screenshot(path=str(path))
    return path


def run_table_cell_and_watch(page: Page, theme: str) -> None:
    """Runs the live-table cell; sees RUNNING rows, then the final FINISHED/FAILED ones in the same output."""
    i = cell_index(page, LIVE_TABLE_CELL)
    assert i >= 0, "03-futures.ipynb has no cell with id live-table"
    run_cell(page, i)
    table = cells(page).nth(i).locator(".java-futures-table")
    expect(table).to_have_count(1, timeout=30_000)
    states = table_states(page, i)
    assert "RUNNING" in states, f"right after the cell ran, some task should still run: {states}"
    shoot(page, i, f"{theme}-table-running")
    page.wait_for_function(
        f"""() => {{ const c = document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell')[{i}];
                    const tds = c ? c.querySelectorAll('.java-futures-table tbody tr td:nth-child(4)') : [];
                    return tds.length === 5 && [...tds].every(td => /FINISHED|FAILED/.test(td.innerText)); }}""",
        timeout=30_000)
    final = table_states(page, i)
    assert final == ["FINISHED", "FINISHED", "FINISHED", "FINISHED", "FAILED"], final
    assert cells(page).nth(i).locator(".java-futures-table").count() == 1, "updated in place, not appended"
    assert "5 of 5 done, 1 failed" in cells(page).nth(i).locator(".java-futures-table").inner_text()
    shoot(page, i, f"{theme}-table-final")


# ---------------------------------------------------------------------------------------------------
# The test.
# ---------------------------------------------------------------------------------------------------
def test_futures_notebook_in_jupyterlab(page: Page) -> None:
    expect(cells(page).first).to_be_visible(timeout=60_000)
    wait_kernel_idle(page, 90_000)
    n = cells(page).count()
    long_index = cell_index(page, "long-sleep")
    assert long_index == n - 1

    # Run 03-futures.ipynb cell by cell, like a reader, watching the live table on the way.
    table_index = cell_index(page, LIVE_TABLE_CELL)
    for i in range(long_index):
        if i == table_index:
            run_table_cell_and_watch(page, "light")
        else:
            run_cell(page, i)
    wait_kernel_idle(page)
    errors = [i for i in range(long_index) if cells(page).nth(i).locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count()
              and i != cell_index(page, "result-rethrows")]
    assert not errors, f"cells with errors: {errors}"
    assert "TaskFailedException" in cells(page).nth(cell_index(page, "result-rethrows")).inner_text()
    page.screenshot(path=str(SHOTS / "light-notebook.png"), full_page=False)

    # The stop button on a cell that sleeps for a minute.
    run_cell(page, long_index, wait=False)
    long_cell = cells(page).nth(long_index)
    expect(long_cell).to_contain_text("sleeping for a minute", timeout=30_000)
    page.wait_for_timeout(3000)  # a reader takes a moment to press stop
    assert kernel_status(page) == "busy"
    t0 = time.monotonic()
    page.locator("jp-button[data-command='notebook:interrupt-kernel'], "
                 "button[data-command='notebook:interrupt-kernel']").first.click()
    try:
        wait_kernel_idle(page, 15_000)
    except Exception:
        page.screenshot(path=str(SHOTS / "light-interrupt-failed.png"))
        raise AssertionError(f"kernel not idle 15 s after the stop button (status {kernel_status(page)}); "
                             f"the cell shows: {long_cell.inner_text()[-2000:]}")
    took = time.monotonic() - t0
    assert took < 10, f"the kernel came back idle {took:.1f} s after the stop button"
    expect(long_cell).to_contain_text("Interrupted", timeout=10_000)
    shoot(page, long_index, "light-interrupted")
    # ... and the kernel still works, with its state: `futures` is from the first cells.
    # Shift+Enter on the last cell added an empty cell below it: type there.
    select_cell(page, long_index + 1)
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:enter-edit-mode')")
    page.wait_for_timeout(200)
    page.keyboard.type("futures.size() + 37")
    page.keyboard.press("Shift+Enter")
    expect(cells(page).nth(long_index + 1)).to_contain_text("42", timeout=30_000)

    # The dark theme: the same table, running and final.
    page.evaluate("() => window.jupyterapp.commands.execute('apputils:change-theme', {theme: 'JupyterLab Dark'})")
    page.wait_for_function("() => document.body.dataset.jpThemeName === 'JupyterLab Dark'", timeout=30_000)
    page.wait_for_timeout(500)
    run_table_cell_and_watch(page, "dark")
    page.screenshot(path=str(SHOTS / "dark-notebook.png"), full_page=False)


# ---------------------------------------------------------------------------------------------------
# The task timeline.
# ---------------------------------------------------------------------------------------------------
def set_theme(page: Page, theme: str) -> None:
    page.evaluate(f"() => window.jupyterapp.commands.execute('apputils:change-theme', {{theme: '{theme}'}})")
    page.wait_for_function(f"() => document.body.dataset.jpThemeName === '{theme}'", timeout=30_000)
    page.wait_for_timeout(500)


def open_notebook(page: Page, lab, name: str, cell_id: str) -> None:
    """Opens notebook `name` in the page and waits until it is the current widget with cell `cell_id`
    (JupyterLab may first restore the notebook the page showed before)."""
    base, token, _ = lab
    page.goto(f"{base}/lab/tree/{name}?token={token}")
    page.wait_for_function(f"""() => {{ const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
        return !!w && !!w.context && w.context.path.endsWith({json.dumps(name)}) && !!w.content
               && w.content.widgets.some(c => c.model.id === {json.dumps(cell_id)}); }}""", timeout=60_000)
    expect(cells(page).first).to_be_visible(timeout=60_000)


def title_under_mouse(page: Page, x: float, y: float) -> str:
    """The tooltip text the browser shows at (x, y): the <title> of the nearest element (or ancestor) that has one."""
    return page.evaluate("""([x, y]) => { let e = document.elementFromPoint(x, y);
        for (; e; e = e.parentElement) { const t = [...e.children].find(c => c.tagName.toLowerCase() === 'title');
                                          if (t) return t.textContent; }
        return null; }""", [x, y])


def test_timeline_in_jupyterlab(page: Page, lab) -> None:
    open_notebook(page, lab, TIMELINE_NOTEBOOK, "timeline-live")
    set_theme(page, "JupyterLab Light")
    wait_kernel_idle(page, 90_000)
    run_cell(page, 0)
    out = cells(page).nth(0).locator(".jp-Cell-outputArea")
    svg = out.locator("svg.java-futures-timeline-svg")
    expect(svg).to_have_count(1, timeout=30_000)  # an SVG in the page: not text, not an <img>
    assert out.locator(".jp-OutputArea-output[data-mime-type='text/html']").count() == 1
    assert out.locator("img").count() == 0
    assert "running" in (svg.get_attribute("aria-label") or ""), "right after the cell, tasks still run"
    shoot(page, 0, "light-timeline-running")
    page.wait_for_function(
        """() => { const s = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) svg.java-futures-timeline-svg');
                   return s && /5 finished, 1 failed$/.test(s.getAttribute('aria-label')); }""", timeout=60_000)
    assert out.locator("svg.java-futures-timeline-svg").count() == 1, "updated in place, not appended"
    lanes = [g.get_attribute("data-worker") for g in out.locator("g.lane[data-worker]").all()]
    assert len(lanes) == 2 and all(re.fullmatch(r"pool-\d+-worker-[12]", w) for w in lanes), lanes

    # Hover the failed task's bar: the browser's tooltip is the <title> of the bar's group.
    failed = out.locator("g.task[data-state='FAILED'] rect").last
    failed.hover()
    box = failed.bounding_box()
    tip = title_under_mouse(page, box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    assert tip and tip.startswith("task 5 · FAILED") and "task 5 fails on purpose" in tip, tip
    assert failed.locator("xpath=..").locator("title").count() == 1
    ok_bar = out.locator("g.task[data-state='FINISHED'] rect").last
    ok_bar.hover()
    box = ok_bar.bounding_box()
    tip = title_under_mouse(page, box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    assert tip and "FINISHED" in tip and "result: " in tip and "worker: pool-" in tip, tip
    light_fill = page.evaluate("() => getComputedStyle(document.querySelector("
                               "'.jp-NotebookPanel:not(.lm-mod-hidden) svg.java-futures-timeline-svg text.lane-label')).fill")
    shoot(page, 0, "light-timeline")

    set_theme(page, "JupyterLab Dark")
    dark_fill = page.evaluate("() => getComputedStyle(document.querySelector("
                              "'.jp-NotebookPanel:not(.lm-mod-hidden) svg.java-futures-timeline-svg text.lane-label')).fill")
    assert light_fill != dark_fill, f"lane labels follow the theme's text colour: {light_fill} / {dark_fill}"
    shoot(page, 0, "dark-timeline")
    # Run it again in the dark theme: a new live picture replaces the old output.
    run_cell(page, 0)
    expect(out.locator("svg.java-futures-timeline-svg")).to_have_count(1, timeout=30_000)
    page.wait_for_function(
        """() => { const s = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) svg.java-futures-timeline-svg');
                   return s && /5 finished, 1 failed$/.test(s.getAttribute('aria-label')); }""", timeout=60_000)
    shoot(page, 0, "dark-timeline-rerun")
    set_theme(page, "JupyterLab Light")


def test_saved_timeline_opened_untrusted_shows_its_text_twin(page: Page, lab) -> None:
    open_notebook(page, lab, SAVED_01, "timeline")
    i = cell_index(page, "timeline")
    assert i >= 0
    out = cells(page).nth(i).locator(".jp-Cell-outputArea")
    out.scroll_into_view_if_needed()
    fallback = out.locator("pre", has_text="4 tasks on 3 workers")
    expect(fallback.first).to_be_visible(timeout=30_000)
    # The sanitizer removed the SVG (the notebook is not trusted); its words must not spill out as loose text.
    visible_loose = page.evaluate("""(i) => { const c = document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell')[i];
        const walker = document.createTreeWalker(c.querySelector('.jp-Cell-outputArea'), NodeFilter.SHOW_TEXT);
        const out = []; for (let n; (n = walker.nextNode());) {
            if (!n.textContent.trim() || n.parentElement.closest('pre')) continue;
            if (parseFloat(getComputedStyle(n.parentElement).fontSize) > 0) out.push(n.textContent.trim()); }
        return out; }""", i)
    assert not [t for t in visible_loose if "·" in t], f"loose SVG text shown: {visible_loose[:5]}"
    shoot(page, i, "light-timeline-untrusted")


def test_run_all_stops_at_a_failing_cell_whose_traceback_names_cells(page: Page, lab) -> None:
    base, token, _ = lab
    page.goto(f"{base}/lab/tree/{RUN_ALL_NOTEBOOK}?token={token}")
    expect(cells(page)).to_have_count(len(RUN_ALL_CELLS), timeout=60_000)
    wait_kernel_idle(page, 90_000)
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    failing = cells(page).nth(2)
    expect(failing).to_contain_text("ArithmeticException", timeout=60_000)
    wait_kernel_idle(page)
    page.wait_for_timeout(1000)  # replies of the cells behind the failure (aborted) have arrived by now
    prompts = [cells(page).nth(i).locator(".jp-InputArea-prompt").inner_text() for i in range(len(RUN_ALL_CELLS))]
    assert prompts[:3] == ["[1]:", "[2]:", "[3]:"], prompts
    text = failing.locator(".jp-Cell-outputArea").inner_text()
    assert "at boom (cell [2], line 2)" in text and "at cell [3], line 2" in text, text
    assert "#" not in text and "do_it$" not in text and "javafutures." not in text.split("\n", 1)[1], text
    for i in (3, 4):
        later = cells(page).nth(i)
        assert not re.search(r"\[\d+\]", prompts[i]), f"cell {i} ran after the failure: {prompts[i]}"
        assert later.locator(".jp-OutputArea-output").count() == 0, later.inner_text()
    SHOTS.mkdir(parents=True, exist_ok=True)
    theme = "dark" if "Dark" in (page.evaluate("() => document.body.dataset.jpThemeName") or "") else "light"
    page.screenshot(path=str(SHOTS / f"{theme}-run-all-stopped.png"), full_page=False)
    # The kernel is fine, and the fourth cell's code never ran.
    run_cell(page, 4)
    expect(cells(page).nth(4).locator(".jp-OutputArea-output")).to_contain_text("2", timeout=30_000)


# ---------------------------------------------------------------------------------------------------
# Notebook 7.
# ---------------------------------------------------------------------------------------------------
NB7_TABLE_CELL = """var nbPool = new ThreadPool(3);
List<TaskFuture<Integer>> nbFutures = List.of(
    nbPool.submit("quick",  () -> { Thread.sleep(300); return 1; }),
    nbPool.submit("slow",   () -> { Thread.sleep(4000); return 2; }),
    nbPool.submit("broken", () -> { Thread.sleep(1500); throw new IllegalStateException("planned"); }));
nbFutures"""


@pytest.fixture(scope="module")
def notebook7():
    """A running Notebook 7 (`jupyter notebook`) with one notebook: yields (base url, token, file name)."""
    tmp = Path(tempfile.mkdtemp(prefix="java-futures-nb7-"))
    root = tmp / "notebooks"
    root.mkdir()
    nb = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "java-futures", "display_name": "Java (futures)",
                                                           "language": "java"}})
    cell = nbformat.v4.new_code_cell(NB7_TABLE_CELL)
    cell["id"] = "table"
    nb.cells.append(cell)
    name = "live-table.ipynb"
    nbformat.write(nb, root / name)
    server = Server("notebook", root, tmp, ["--JupyterNotebookApp.expose_app_in_browser=True"])
    try:
        yield server.base, server.token, name
    finally:
        server.stop()


def test_live_table_in_notebook7(notebook7, browser) -> None:
    base, token, name = notebook7
    p = browser.new_page()
    p.set_default_timeout(60_000)
    try:
        p.goto(f"{base}/notebooks/{name}?token={token}")
        expect(cells(p).first).to_be_visible(timeout=60_000)
        wait_kernel_idle(p, 90_000)
        assert p.evaluate("() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.name") \
            == "java-futures"
        select_cell(p, 0)
        p.evaluate("() => window.jupyterapp.commands.execute('notebook:run-cell')")
        cell = cells(p).nth(0)
        expect(cell.locator(".jp-InputArea-prompt")).to_have_text(__import__("re").compile(r"\[\d+\]"), timeout=60_000)

        # Rendered as HTML (a table element in the output area, not its text/plain twin) ...
        table = cell.locator(".jp-OutputArea-output[data-mime-type='text/html'] .java-futures-table")
        expect(table).to_have_count(1, timeout=30_000)
        expect(table.locator("table tbody tr")).to_have_count(3)
        # ... and updated in place until every future is done.
        p.wait_for_function(
            """() => { const tds = document.querySelectorAll('.java-futures-table tbody tr td:nth-child(4)');
                       return tds.length === 3 && [...tds].every(td => /FINISHED|FAILED/.test(td.innerText)); }""",
            timeout=60_000)
        assert table_states(p, 0) == ["FINISHED", "FINISHED", "FAILED"]
        assert cell.locator(".java-futures-table").count() == 1, "updated in place, not appended"
        assert "3 of 3 done, 1 failed" in table.inner_text()
        SHOTS.mkdir(parents=True, exist_ok=True)
        cell.locator(".jp-Cell-outputArea").screenshot(path=str(SHOTS / "notebook7-table.png"))
    finally:
        p.close()
