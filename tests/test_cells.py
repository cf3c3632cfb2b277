"""Cells as a Jupyter user expects them (issue #9), through jupyter_client against the installed kernel:

- "Run All" past an error: with stop_on_error (what front ends send), the execute requests queued behind a
  failed or interrupted cell are answered `aborted`, as ipykernel does; stop_on_error false keeps running;
- a trailing `;` hides a cell's value;
- System.in asks the front end (input_request on the stdin channel), fails clearly when it may not;
- tracebacks name notebook code by cell and line (`cell [5], line 3`), kernel frames hidden unless
  `%xmode verbose`, also for tasks on thread and process pools;
- the interrupt message counts the tasks the cell left running, and says nothing of tasks when there are none;
- a loop inside JDK code ends for real on interrupt (its thread is gone), on JDK 17 and 25.
"""
from __future__ import annotations

import queue
import re
import time

import pytest

from harness import Flag, Kernel, error_text

STARTED = "cell-started"


def ok(kernel: Kernel, code: str, **kw) -> list[dict]:
    reply, msgs = kernel.run(code, **kw)
    assert reply["content"]["status"] == "ok", f"{code!r} failed: {error_text(reply)}"
    return msgs


def results(msgs: list[dict]) -> list[str]:
    return [m["content"]["data"]["text/plain"] for m in msgs if m["msg_type"] == "execute_result"]


def failed(kernel: Kernel, code: str, **kw) -> tuple[dict, str]:
    reply, _ = kernel.run(code, **kw)
    assert reply["content"]["status"] == "error", f"{code!r} should fail: {reply['content']}"
    return reply, error_text(reply)


def wait_started(kernel: Kernel, msg_id: str) -> None:
    kernel.wait_for_text(msg_id, STARTED, timeout=60)
    with pytest.raises(TimeoutError):  # still running
        kernel.reply(msg_id, timeout=0.3)


# ---------------------------------------------------------------------------------------------------
# Run All past an error
# ---------------------------------------------------------------------------------------------------
def test_run_all_aborts_the_cells_queued_behind_a_failing_one(kernel: Kernel) -> None:
    ok(kernel, "int reached = 0;")
    # Sent together, as "Run All" does: the second fails, the third is already queued by then (the second
    # fails only once the test has sent every request: it waits for a flag set after the last one).
    with Flag() as sent:
        first = kernel.execute("reached = 1;")
        second = kernel.execute("reached = 2;\n" + sent.wait_java() + '\nthrow new IllegalStateException("stop here");')
        third = kernel.execute('reached = 3;\nSystem.out.println("third ran");')
        sent.set()
        r1, r2, r3 = kernel.reply(first), kernel.reply(second), kernel.reply(third)
    assert r1["content"]["status"] == "ok", error_text(r1)
    assert r2["content"]["status"] == "error" and "stop here" in error_text(r2)
    assert r3["content"]["status"] == "aborted", r3["content"]
    kernel.wait_idle(third)
    assert not kernel.messages(third, "execute_input"), "an aborted cell is not executed"
    assert not kernel.messages(third, "stream")
    states = [m["content"]["execution_state"] for m in kernel.messages(third, "status")]
    assert states == ["busy", "idle"], states
    # A cell sent after the failure runs, and the third cell's code never ran.
    assert results(ok(kernel, "reached")) == ["2"]


def test_stop_on_error_false_keeps_running(kernel: Kernel) -> None:
    ok(kernel, "int went = 0;")
    second = kernel.execute('went = 2;\nthrow new IllegalStateException("carry on");', stop_on_error=False)
    third = kernel.execute("went = 3;")
    assert kernel.reply(second)["content"]["status"] == "error"
    assert kernel.reply(third)["content"]["status"] == "ok"
    assert results(ok(kernel, "went")) == ["3"]


def test_an_interrupted_cell_aborts_the_queue_too(kernel: Kernel) -> None:
    ok(kernel, "int afterStop = 0;")
    long = kernel.execute(f'System.out.println("{STARTED}");\nThread.sleep(60_000);')
    queued = kernel.execute("afterStop = 1;")
    wait_started(kernel, long)
    kernel.km.interrupt_kernel()
    assert kernel.reply(long, timeout=30)["content"]["status"] == "error"
    assert kernel.reply(queued)["content"]["status"] == "aborted"
    assert results(ok(kernel, "afterStop")) == ["0"]


def test_other_requests_queued_behind_a_failure_are_answered(kernel: Kernel) -> None:
    with Flag() as sent:  # the cell fails once both later requests are sent
        failing = kernel.execute(sent.wait_java() + '\nthrow new RuntimeException("x");')
        completion = kernel.kc.complete("Math.ma", 7)
        queued = kernel.execute("1 + 1")
        sent.set()
        assert kernel.reply(failing)["content"]["status"] == "error"
    comp = kernel.reply(completion)
    assert comp["msg_type"] == "complete_reply" and "max" in " ".join(comp["content"]["matches"])
    assert kernel.reply(queued)["content"]["status"] == "aborted"


def test_a_failing_silent_cell_aborts_nothing(kernel: Kernel) -> None:
    quiet = kernel.execute('throw new RuntimeException("silent");', silent=True)
    after = kernel.execute("40 + 2")
    assert kernel.reply(quiet)["content"]["status"] == "error"
    assert kernel.reply(after)["content"]["status"] == "ok"


# ---------------------------------------------------------------------------------------------------
# A trailing ';' hides the value
# ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("code,shown", [
    ("1 + 1", ["2"]),
    ("1 + 1;", []),
    ("1 + 1; // a comment", []),
    ("1 + 1 // a comment;", ["2"]),
    ('"a;b"', ['"a;b"']),
    ("Math.max(3, 9)", ["9"]),
    ("Math.max(3, 9);", []),
    ('System.out.println("void")', []),
    ("int shownVar = 4;\nshownVar", ["4"]),
    ("shownVar;", []),
    ("%time 1 + 1", ["2"]),
    ("%time 1 + 1;", []),
])
def test_trailing_semicolon_hides_the_value(kernel: Kernel, code: str, shown: list[str]) -> None:
    if "shownVar" in code and "int" not in code:
        ok(kernel, "int shownVar = 4;")
    assert results(ok(kernel, code)) == shown


def test_printf_shows_its_output_and_not_the_stream(kernel: Kernel) -> None:
    reply, msgs = kernel.run('System.out.printf("x=%d%n", 5);')
    assert reply["content"]["status"] == "ok"
    assert results(msgs) == []
    assert kernel.stream_text(reply["parent_header"]["msg_id"]) == "x=5\n"


# ---------------------------------------------------------------------------------------------------
# System.in asks the front end
# ---------------------------------------------------------------------------------------------------
def answer_input(kernel: Kernel, value: str, timeout: float = 60) -> dict:
    """Waits for the kernel's input_request and answers it; returns the request."""
    msg = kernel.kc.stdin_channel.get_msg(timeout=timeout)
    assert msg["msg_type"] == "input_request", msg
    kernel.kc.input(value)
    return msg


def no_input_request(kernel: Kernel, wait: float = 0.5) -> bool:
    try:
        kernel.kc.stdin_channel.get_msg(timeout=wait)
        return False
    except queue.Empty:
        return True


@pytest.mark.parametrize("reader,expected", [
    ('new Scanner(System.in).nextLine()', '"Ada Lovelace"'),
    ('new java.io.BufferedReader(new java.io.InputStreamReader(System.in)).readLine()', '"Ada Lovelace"'),
    ("System.in.read()", str(ord("A"))),
])
def test_reading_system_in_asks_the_front_end(kernel: Kernel, reader: str, expected: str) -> None:
    msg_id = kernel.execute(reader, allow_stdin=True)
    request = answer_input(kernel, "Ada Lovelace")
    assert request["parent_header"]["msg_id"] == msg_id, "asked under the cell that reads"
    assert request["content"]["password"] is False
    reply = kernel.reply(msg_id)
    assert reply["content"]["status"] == "ok", error_text(reply)
    kernel.wait_idle(msg_id)
    assert results(kernel.messages(msg_id)) == [expected]


def test_a_printed_prompt_and_two_reads_in_one_cell(kernel: Kernel) -> None:
    code = ('var in = new Scanner(System.in);\nSystem.out.print("First? ");\nString a = in.nextLine();\n'
            'System.out.print("Second? ");\nString b = in.nextLine();\na + "+" + b')
    msg_id = kernel.execute(code, allow_stdin=True)
    # What the cell printed just before reading is the prompt, unless it had gone out as output already
    # (after 100 ms: the statements of a cell are compiled one by one); either way the user sees it first.
    # The output goes out on IOPub before the question on stdin, but the client may read the sockets in
    # either order: an empty prompt waits for the printed text.
    def printed_first(prompt: str, printed: str) -> bool:
        if prompt == "":
            kernel.wait_for(lambda: kernel.stream_text(msg_id).endswith(printed), what=f"{printed!r} as output")
        return prompt in ("", printed)
    first = answer_input(kernel, "one")["content"]["prompt"]
    assert printed_first(first, "First? "), first
    second = answer_input(kernel, "two")["content"]["prompt"]
    assert printed_first(second, "Second? "), second
    assert kernel.reply(msg_id)["content"]["status"] == "ok"
    kernel.wait_idle(msg_id)
    assert results(kernel.messages(msg_id)) == ['"one+two"']
    # Re-running the cell asks again, and gets the new answers.
    again = kernel.execute(code, allow_stdin=True)
    answer_input(kernel, "three")
    answer_input(kernel, "four")
    assert kernel.reply(again)["content"]["status"] == "ok"
    kernel.wait_idle(again)
    assert results(kernel.messages(again)) == ['"three+four"']


def test_reading_without_allow_stdin_fails_clearly_and_never_hangs(kernel: Kernel) -> None:
    ok(kernel, "int beforeRead = 9;")
    reply, text = failed(kernel, "new Scanner(System.in).nextLine()", allow_stdin=False)
    assert reply["content"]["ename"] == "StdinNotAvailableException", text
    assert "allow_stdin" in text and "does not accept input" in text, text
    assert no_input_request(kernel)
    assert results(ok(kernel, "beforeRead")) == ["9"]


def test_interrupt_while_waiting_for_input_ends_the_cell(kernel: Kernel) -> None:
    ok(kernel, "int keptAcrossInput = 5;")
    msg_id = kernel.execute("new Scanner(System.in).nextLine()", allow_stdin=True)
    kernel.kc.stdin_channel.get_msg(timeout=60)  # the question, left unanswered
    kernel.km.interrupt_kernel()
    reply = kernel.reply(msg_id, timeout=30)
    assert reply["content"]["status"] == "error" and "Interrupted" in error_text(reply), error_text(reply)
    kernel.wait_idle(msg_id)
    kernel.kc.input("too late")  # an answer to the abandoned question must not answer the next one
    again = kernel.execute("new Scanner(System.in).nextLine()", allow_stdin=True)
    answer_input(kernel, "fresh")
    assert kernel.reply(again)["content"]["status"] == "ok"
    kernel.wait_idle(again)
    assert results(kernel.messages(again)) == ['"fresh"']
    assert results(ok(kernel, "keptAcrossInput")) == ["5"]


def test_a_pool_task_asks_under_its_cell_while_that_cell_runs(kernel: Kernel) -> None:
    msg_id = kernel.execute("Pools.threads().submit(() -> new Scanner(System.in).nextLine()).result()",
                            allow_stdin=True)
    request = answer_input(kernel, "from the task")
    assert request["parent_header"]["msg_id"] == msg_id
    assert kernel.reply(msg_id)["content"]["status"] == "ok"
    kernel.wait_idle(msg_id)
    assert results(kernel.messages(msg_id)) == ['"from the task"']


def test_a_task_reading_after_its_cell_ended_gets_a_clear_error(kernel: Kernel) -> None:
    with Flag() as cell_ended:   # set once the submitting cell has ended: the task reads after it, by design
        ok(kernel, f"var lateReader = Pools.threads().submit(() -> {{ {cell_ended.wait_java()} "
                   "return new Scanner(System.in).nextLine(); });", allow_stdin=True)
        cell_ended.set()
        text = results(ok(kernel, "lateReader.exception().toString()"))[0]
    assert "StdinNotAvailableException" in text and "has finished" in text, text
    assert no_input_request(kernel)


# ---------------------------------------------------------------------------------------------------
# Tracebacks in cell terms
# ---------------------------------------------------------------------------------------------------
def count_of(kernel: Kernel, code: str) -> int:
    reply, _ = kernel.run(code)
    assert reply["content"]["status"] == "ok", error_text(reply)
    return reply["content"]["execution_count"]


def no_kernel_frames(text: str) -> None:
    frames = "\n".join(line for line in text.splitlines() if line.lstrip().startswith("at "))
    assert frames, text
    for noise in ("javafutures.", "jdk.internal.reflect", "java.lang.reflect", "jdk.jshell", "do_it$", "REPL.",
                  "(#", "TaskFuture.report", "ThreadPoolExecutor", "worker"):
        assert noise not in frames, f"{noise!r} in a plain traceback:\n{text}"


def test_a_method_from_an_earlier_cell_is_named_by_its_cell_and_line(kernel: Kernel) -> None:
    defined = count_of(kernel, "// divides\nint ratio(int a, int b) {\n    return a / b;\n}")
    reply, text = failed(kernel, "int zero = 0;\nratio(1, zero)")
    here = reply["content"]["execution_count"]
    assert "java.lang.ArithmeticException: / by zero" in text, text
    assert f"at ratio (cell [{defined}], line 3)" in text, text
    assert f"at cell [{here}], line 2" in text, text
    no_kernel_frames(text)
    # Redefined in a later cell, it is that cell's code that runs and that the traceback names.
    redefined = count_of(kernel, "int ratio(int a, int b) {\n    int q = a / b;\n    return q;\n}")
    _, text = failed(kernel, "ratio(2, 0)")
    assert f"at ratio (cell [{redefined}], line 2)" in text, text


def test_lambdas_are_named_by_the_cell_or_method_they_are_written_in(kernel: Kernel) -> None:
    ok(kernel, "int ratio(int a, int b) {\n    return a / b;\n}")
    in_cell = count_of(kernel, "Runnable divide = () -> {\n    ratio(1, 0);\n};")
    in_method = count_of(kernel, "int viaLambda() {\n    java.util.function.IntSupplier s = () -> ratio(3, 0);\n"
                                 "    return s.getAsInt();\n}")
    _, text = failed(kernel, "divide.run()")
    assert f"at lambda (cell [{in_cell}], line 2)" in text, text
    _, text = failed(kernel, "viaLambda()")
    assert f"at lambda in viaLambda (cell [{in_method}], line 2)" in text, text
    assert f"at viaLambda (cell [{in_method}], line 3)" in text, text
    assert "lambda$" not in text, text


def test_a_failing_thread_pool_task_and_xmode(kernel: Kernel) -> None:
    defined = count_of(kernel, "int ratio(int a, int b) {\n    return a / b;\n}")
    ok(kernel, "var tracePool = new ThreadPool(1);")
    reply, text = failed(kernel, "var doomed = tracePool.submit(() -> ratio(4, 0));\ndoomed.result()")
    here = reply["content"]["execution_count"]
    assert reply["content"]["ename"] == "TaskFailedException", text
    assert "Caused by: java.lang.ArithmeticException: / by zero" in text, text
    assert f"at ratio (cell [{defined}], line 2)" in text.split("Caused by")[1], text
    assert f"at lambda (cell [{here}], line 1)" in text, text
    assert f"at cell [{here}], line 2" in text, text
    no_kernel_frames(text)

    def said(code: str) -> str:
        return "".join(m["content"].get("text", "") for m in ok(kernel, code) if m["msg_type"] == "stream")

    assert "Exception reporting mode: Verbose" in said("%xmode verbose")
    assert "Exception reporting mode: Verbose" in said("%xmode"), "no argument: says which mode is on"
    _, verbose = failed(kernel, "doomed.result()")
    assert "javafutures.futures.TaskFuture" in verbose, verbose
    assert "REPL.$JShell$" in verbose, "verbose shows JShell's names too"
    assert f"ratio (cell [{defined}], line 2)" in verbose, verbose
    ok(kernel, "%xmode minimal")
    _, minimal = failed(kernel, "doomed.result()")
    assert "Caused by: java.lang.ArithmeticException" in minimal and "    at " not in minimal, minimal
    ok(kernel, "%xmode plain")
    _, plain = failed(kernel, "doomed.result()")
    no_kernel_frames(plain)
    ok(kernel, "tracePool.close();")


def test_xmode_bad_input_and_help(kernel: Kernel) -> None:
    _, text = failed(kernel, "%xmode loud")
    assert "%xmode" in text and "plain, verbose, minimal" in text, text
    _, text = failed(kernel, "%xmode plain verbose")
    assert "usage" in text, text
    lsmagic = "".join(m["content"].get("text", "") for m in ok(kernel, "%lsmagic"))
    assert "%xmode" in lsmagic, lsmagic
    help_text = "".join(m["content"].get("text", "") for m in ok(kernel, "%xmode?"))
    assert "verbose" in help_text and "cell [5], line 3" in help_text, help_text
    assert results(ok(kernel, "1 + 1")) == ["2"]


def test_a_failing_process_pool_task_names_cells_too(kernel: Kernel) -> None:
    defined = count_of(kernel, "int ratio(int a, int b) {\n    return a / b;\n}")
    reply, text = failed(kernel, "try (var tracedWorkers = new ProcessPool(1)) {\n"
                                 "    tracedWorkers.submit(() -> ratio(5, 0)).result();\n}", timeout=120)
    here = reply["content"]["execution_count"]
    assert "Caused by: java.lang.ArithmeticException: / by zero" in text, text
    assert f"at ratio (cell [{defined}], line 2)" in text, text
    assert f"at lambda (cell [{here}], line 2)" in text, text
    no_kernel_frames(text)


def test_a_failing_cluster_task_names_cells_too(kernel: Kernel) -> None:
    defined = count_of(kernel, "int ratio(int a, int b) {\n    return a / b;\n}")
    ok(kernel, "var tracedMembers = ClusterPool.local(1);", timeout=180)
    try:
        reply, text = failed(kernel, "var remoteFuture = tracedMembers.submit(() -> ratio(6, 0));\n"
                                     "remoteFuture.result()", timeout=120)
        here = reply["content"]["execution_count"]
        assert "Caused by: java.lang.ArithmeticException: / by zero" in text, text
        assert f"at ratio (cell [{defined}], line 2)" in text, text
        assert f"at lambda (cell [{here}], line 1)" in text, text
        no_kernel_frames(text)
    finally:
        ok(kernel, "tracedMembers.close();", timeout=120)


def test_a_thread_magic_body_is_named_by_its_cell_lines(kernel: Kernel) -> None:
    ok(kernel, "int ratio(int a, int b) {\n    return a / b;\n}")
    reply, _ = kernel.run("%%thread magicTask\nint z = 0;\nSystem.out.println(ratio(1, z));")
    here = reply["content"]["execution_count"]
    _, text = failed(kernel, "magicTask.result()")
    assert f"at lambda (cell [{here}], line 3)" in text, text


def test_compile_errors_after_a_line_magic_count_cell_lines(kernel: Kernel) -> None:
    _, text = failed(kernel, "int a9 = 1;\n%time a9\nString s9 = 4;")
    assert "line 3, column" in text, text


# ---------------------------------------------------------------------------------------------------
# The interrupt message, and a loop inside JDK code
# ---------------------------------------------------------------------------------------------------
def interrupt(kernel: Kernel, code: str) -> str:
    msg_id = kernel.execute(code)
    wait_started(kernel, msg_id)
    kernel.km.interrupt_kernel()
    reply = kernel.reply(msg_id, timeout=30)
    kernel.wait_idle(msg_id)
    assert reply["content"]["status"] == "error", reply["content"]
    return error_text(reply)


def test_interrupt_message_mentions_tasks_only_when_the_cell_left_some(kernel: Kernel) -> None:
    text = interrupt(kernel, f'System.out.println("{STARTED}");\nThread.sleep(60_000);')
    assert "Interrupted" in text and "task" not in text.lower(), text

    ok(kernel, "var slowPool = new ThreadPool(3);")
    text = interrupt(kernel, "slowPool.submit(() -> { Thread.sleep(30_000); return 1; });\n"
                             "slowPool.submit(() -> { Thread.sleep(30_000); return 2; });\n"
                             f'System.out.println("{STARTED}");\nThread.sleep(60_000);')
    assert "2 tasks this cell submitted to pools are still running or queued" in text, text
    assert "%cancel" in text, text
    ok(kernel, "slowPool.shutdown(false, true); slowPool.shutdownNow();")


def test_a_loop_inside_jdk_code_is_really_stopped(kernel: Kernel) -> None:
    ok(kernel, "Thread[] runaway = new Thread[1];")
    text = interrupt(kernel, "{ runaway[0] = Thread.currentThread();\n"
                             f'  System.out.println("{STARTED}");\n'
                             "  System.out.println(java.util.stream.LongStream.range(0, Long.MAX_VALUE).sum()); }")
    assert "Interrupted" in text and "still running" not in text, text
    # The loop's thread is gone: it burns no CPU (a dead thread has no CPU time, -1).
    deadline = time.monotonic() + 30
    while results(ok(kernel, "runaway[0].isAlive()")) != ["false"]:
        assert time.monotonic() < deadline, "the runaway loop's thread is still alive"
        time.sleep(0.5)
    cpu = results(ok(kernel, "java.lang.management.ManagementFactory.getThreadMXBean()"
                             ".getThreadCpuTime(runaway[0].getId())"))
    assert cpu == ["-1L"] or cpu == ["-1"], cpu
    assert results(ok(kernel, "6 * 7")) == ["42"]


def test_an_executor_made_in_one_cell_works_in_later_ones(kernel: Kernel) -> None:
    """A plain ExecutorService starts its threads lazily, in the thread group of the cell that made it: that
    group must still take threads cells later (on JDK 17 an emptied daemon group would refuse them)."""
    ok(kernel, "var plainPool = Executors.newFixedThreadPool(2);")
    ok(kernel, "int unrelated = 3;")
    assert kernel.value("plainPool.submit(() -> 6 * 7).get()") == "42"
    ok(kernel, "Thread.sleep(100);")
    assert kernel.value("plainPool.submit(() -> unrelated + 1).get() + plainPool.submit(() -> 10).get()") == "14"
    ok(kernel, "plainPool.shutdown();")
