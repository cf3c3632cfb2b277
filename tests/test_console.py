"""`jupyter console --kernel java-futures` in a real terminal: tmux runs the console (prompt_toolkit, its
own kernel) in a pseudo-terminal, keys are typed into it and the rendered screen is read back, as a user
would see it. Covers a value, a multi-line method (is_complete keeps the console reading), `%%thread`
with a body (ended by a blank line), stdin answered at the prompt, and Ctrl+C stopping a sleeping cell.

Skipped only if tmux or jupyter-console is missing (test.sh installs both).
"""
from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TMUX = shutil.which("tmux")
CONTINUATION = r"^ +\.\.\.: *$"   # the console's continuation prompt, nothing typed after it yet
WAIT = 90  # seconds; generous on purpose (2 shared cores): the test checks what appears, not how fast

if TMUX is None:
    pytest.skip("tmux is missing (Debian: apt-get install -y tmux)", allow_module_level=True)
try:
    import jupyter_console  # noqa: F401  (only to know the console is installed)
except ImportError:
    pytest.skip("jupyter-console is missing (pip install -r tests/requirements.txt)", allow_module_level=True)

# The console is a front end: what it shows depends on the protocol, not on the kernel's JDK. Values,
# methods, %%thread, stdin and interrupts on every JDK are tested through jupyter_client elsewhere
# (test_cells, test_thread_pool, test_interrupts).
pytestmark = pytest.mark.one_jdk("a front end's handling of the protocol; the JDK-side behaviour is tested on every JDK elsewhere")


def _jupyter() -> str:
    venv = ROOT / ".venv" / "bin" / "jupyter"
    return str(venv) if venv.is_file() else (shutil.which("jupyter") or "jupyter")


class Console:
    """A `jupyter console` in a tmux server of its own (its own socket), 200x50 characters."""

    def __init__(self, kernel_name: str):
        self.tmp = tempfile.mkdtemp(prefix="java-futures-console-")
        self.socket = f"java-futures-test-{uuid.uuid4().hex[:8]}"
        conf = os.path.join(self.tmp, "tmux.conf")
        with open(conf, "w") as f:
            f.write("set -g history-limit 20000\n")
        env = {k: v for k, v in os.environ.items() if k.startswith("JUPYTER_")}
        cmd = ["env"] + [f"{k}={v}" for k, v in env.items()] + [
            _jupyter(), "console", "--kernel", kernel_name, "--no-confirm-exit",
            # The console gives up on is_complete for good after one slow answer (1 s by default);
            # the machine running these tests is shared and busy.
            "--ZMQTerminalInteractiveShell.kernel_is_complete_timeout=30"]
        self._tmux("-f", conf, "new-session", "-d", "-s", "console", "-x", "200", "-y", "50", shlex.join(cmd))

    def _tmux(self, *args: str) -> str:
        return subprocess.run([TMUX, "-L", self.socket, *args], check=True, capture_output=True,
                              text=True, timeout=30).stdout

    def screen(self) -> str:
        """Everything the terminal showed so far (scrollback included), wrapped lines joined (-J also
        keeps trailing spaces: patterns allow them)."""
        return self._tmux("capture-pane", "-p", "-J", "-t", "console", "-S", "-20000")

    def type(self, text: str) -> None:
        """Types text as keystrokes (sent as bytes, so tmux never reads a ';' as its own separator)."""
        if text:
            self._tmux("send-keys", "-t", "console", "-H", *(f"{b:02x}" for b in text.encode()))

    def line(self, text: str = "") -> None:
        self.type(text)
        self._tmux("send-keys", "-t", "console", "Enter")

    def ctrl_c(self) -> None:
        self._tmux("send-keys", "-t", "console", "C-c")

    def wait_for(self, pattern: str, after: int = 0, timeout: float = WAIT) -> re.Match:
        """Waits until the screen, from character `after` on, matches the regex; returns the match."""
        deadline = time.monotonic() + timeout
        while True:
            text = self.screen()
            m = re.compile(pattern, re.M).search(text, after)
            if m:
                return m
            if time.monotonic() > deadline:
                raise AssertionError(f"the console never showed /{pattern}/; its screen:\n{text[-3000:]}")
            time.sleep(0.2)

    def mark(self) -> int:
        """Where the screen ends now: later waits look only at what appears after it."""
        return len(self.screen().rstrip())

    def prompt(self, after: int = 0) -> int:
        """Waits for a fresh `In [n]:` prompt after `after`; returns the screen position after it."""
        return self.wait_for(r"^In \[\d+\]: *$", after).end()

    def close(self) -> None:
        try:
            self._tmux("send-keys", "-t", "console", "C-d")   # EOF at the prompt: the console exits
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                if subprocess.run([TMUX, "-L", self.socket, "has-session"], capture_output=True).returncode:
                    break
                time.sleep(0.3)
        finally:
            subprocess.run([TMUX, "-L", self.socket, "kill-server"], capture_output=True)
            shutil.rmtree(self.tmp, ignore_errors=True)


@pytest.fixture(scope="module")
def console(kernel_name: str):
    c = Console(kernel_name)
    try:
        c.wait_for(r"java-futures .* on Java")   # the banner, from kernel_info
        c.prompt()
        yield c
    finally:
        c.close()


@pytest.fixture
def fresh_prompt(console: Console) -> int:
    """The console idle at an empty prompt (the last line on screen is a bare `In [n]:`); returns where
    that prompt starts. Ctrl+C only if the test before left typed text behind: a Ctrl+C while a cell
    runs sends an interrupt_request, and the console takes that request's idle status for the end of
    whatever cell it runs next."""
    bare_prompt = re.compile(r"^In \[\d+\]: *$")
    for attempt in range(2):
        deadline = time.monotonic() + (10 if attempt == 0 else WAIT)
        while time.monotonic() < deadline:
            lines = console.screen().rstrip().split("\n")
            if bare_prompt.match(lines[-1]):
                return len("\n".join(lines[:-1]))
            time.sleep(0.2)
        console.ctrl_c()
    raise AssertionError(f"the console is not at an empty prompt:\n{console.screen()[-3000:]}")


def test_a_value(console: Console, fresh_prompt: int) -> None:
    console.line("6 * 7")
    console.wait_for(r"^Out\[\d+\]: 42 *$", fresh_prompt)


def test_a_multi_line_method(console: Console, fresh_prompt: int) -> None:
    console.line("int twice(int x) {")
    # What is typed next goes on the continuation line: later searches start where that line starts.
    cont = console.wait_for(CONTINUATION, fresh_prompt).start()   # unfinished: the console reads on
    console.line("return 2 * x;")
    cont = console.wait_for(r"^ +\.\.\.: {5}return 2 \* x; *$", cont).end()   # typed at the indent given
    cont = console.wait_for(CONTINUATION, cont).start()
    console.line("}")
    after = console.prompt(cont)
    assert "error" not in console.screen()[fresh_prompt:after].lower(), console.screen()[fresh_prompt:]
    console.line("twice(50)")
    console.wait_for(r"^Out\[\d+\]: 100 *$", after)


def test_a_thread_cell_with_a_body(console: Console, fresh_prompt: int) -> None:
    console.line("%%thread t")
    cont = console.wait_for(CONTINUATION, fresh_prompt).start()      # no body yet: the console reads on
    console.line('System.out.println("from a thread"); 7 * 11')
    cont = console.wait_for(r"^ +\.\.\.: System.out.println", cont).end()
    cont = console.wait_for(CONTINUATION, cont).start()              # a body, but no blank line yet
    assert not re.search(r"^from a thread *$", console.screen()[fresh_prompt:], re.M), "it did not run yet"
    console.line()                                                    # the blank line runs it
    console.wait_for(r"^from a thread *$", cont)
    console.wait_for(r"^t +threads ", cont)                           # the future's status row, as text
    after = console.prompt(cont)
    assert "no body" not in console.screen()[fresh_prompt:]
    console.line("t.result()")
    console.wait_for(r"^Out\[\d+\]: 77 *$", after)


def test_stdin_is_answered_at_the_console(console: Console, fresh_prompt: int) -> None:
    console.line("new Scanner(System.in).nextLine()")
    try:   # without stdin support the cell fails at once; with it, the console waits for a line
        console.wait_for(r"NoSuchElementException", fresh_prompt, timeout=10)
        raise AssertionError("System.in gave end-of-input instead of asking the console: "
                             + console.screen()[fresh_prompt:])
    except AssertionError as e:
        if "never showed" not in str(e):
            raise
    console.line("hello from the console")
    console.wait_for(r'^Out\[\d+\]: "?hello from the console"? *$', fresh_prompt)
    assert "NoSuchElementException" not in console.screen()[fresh_prompt:]


def test_ctrl_c_stops_a_sleeping_cell(console: Console, fresh_prompt: int) -> None:
    # The cell tells the test it runs through a file, not through printed output: jupyter console
    # takes any idle status of its session (here: of the is_complete request sent at Enter) for the end
    # of the cell when the cell's own busy status comes more than 50 ms later (a busy machine), and then
    # shows the cell's output only when the cell ends.
    started = Path(tempfile.mkdtemp(prefix="java-futures-console-")) / "started"
    console.line(f'java.nio.file.Files.writeString(java.nio.file.Path.of("{started}"), "x"); Thread.sleep(60_000);')
    deadline = time.monotonic() + WAIT
    while not started.exists():
        assert time.monotonic() < deadline, f"the cell never started:\n{console.screen()[fresh_prompt:]}"
        time.sleep(0.1)
    time.sleep(1)   # well inside the sleep
    console.ctrl_c()
    after = console.prompt(fresh_prompt + 1)   # the cell ended, long before its minute
    console.line("1 + 2")                      # the kernel is alive and idle
    console.wait_for(r"^Out\[\d+\]: 3 *$", after)
    # By now (the console may print a cell's error only at the next Enter, as above) it is on the screen.
    console.wait_for(r"Interrupted", fresh_prompt)
    shutil.rmtree(started.parent, ignore_errors=True)
