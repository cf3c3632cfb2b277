package javafutures.kernel;

import javafutures.eval.CellError;
import javafutures.eval.CodeAssist;
import javafutures.eval.JShellEvaluator;
import javafutures.magic.MagicRegistry;
import javafutures.output.CellTarget;
import javafutures.protocol.KernelSockets;
import javafutures.protocol.RequestChannel;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.request.CompleteRequest;
import org.dflib.jjava.jupyter.messages.request.HistoryRequest;
import org.dflib.jjava.jupyter.messages.request.InspectRequest;
import org.dflib.jjava.jupyter.messages.request.IsCompleteRequest;
import org.dflib.jjava.jupyter.messages.request.ShutdownRequest;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Answers the Jupyter requests: shell requests one at a time on the shell thread, control requests
 * (interrupt, shutdown) on the control thread, so an interrupt reaches a busy kernel. Every request is
 * bracketed by busy/idle status messages with the request as parent.
 */
public final class JavaKernel {
    public static final String VERSION = "0.1.0";

    private final KernelSockets sockets;
    private final CompletableFuture<JShellEvaluator> evaluator;
    private final CompletableFuture<CellRunner> runner;
    private final History history = new History();
    private final PrintStream log;
    private final Runnable shutdown;

    /**
     * @param evaluator JShell takes about half a second to start, so it starts in parallel with the
     *                  sockets: {@code kernel_info} is answered at once, and the first cell waits for it.
     */
    public JavaKernel(KernelSockets sockets, CompletableFuture<JShellEvaluator> evaluator, MagicRegistry magics,
                      PrintStream log, Runnable shutdown) {
        this.sockets = sockets;
        this.evaluator = evaluator;
        this.runner = evaluator.thenApply(e -> new CellRunner(e, magics));
        this.log = log;
        this.shutdown = shutdown;
    }

    /** Handles a request that arrived on the shell socket. */
    public void onShell(RequestChannel channel, Message<?> request) {
        handle(channel, request);
    }

    /**
     * Runs on the shell thread when no shell request has come for a moment (never beside a cell): JShell's
     * upkeep that would otherwise slow a cell ({@link JShellEvaluator#idle}).
     */
    public void onShellIdle() {
        if (evaluator.isDone() && !evaluator.isCompletedExceptionally()) evaluator.join().idle();
    }

    /**
     * Handles a request that arrived on the control socket. An {@code execute_request} there is refused
     * with an error reply: the control thread must stay free for interrupts, and JShell runs one cell
     * at a time, so a cell from control could neither run beside the shell's cell nor wait behind it.
     */
    public void onControl(RequestChannel channel, Message<?> request) {
        if (request.getHeader().getType().getName().equals("execute_request")) {
            refuseExecute(channel, request);
            return;
        }
        handle(channel, request);
    }

    private void refuseExecute(RequestChannel channel, Message<?> request) {
        String msg = "execute_request on the control channel is not run: cells run one at a time, in order, "
                + "on the shell channel; send it there";
        int count = runner.isDone() && !runner.isCompletedExceptionally() ? runner.join().executionCount() : 0;
        sockets.status(request, true);
        try {
            replyError(channel, request, new CellTarget(request, sockets), count,
                    new CellError("ControlChannelError", msg, List.of("\u001b[0;31mControlChannelError\u001b[0m: " + msg)));
        } finally {
            sockets.status(request, false);
        }
    }

    private void handle(RequestChannel channel, Message<?> request) {
        String type = request.getHeader().getType().getName();
        List<Message<?>> abortQueued = List.of();
        sockets.status(request, true);
        try {
            switch (type) {
                case "execute_request" -> abortQueued = execute(channel, request);
                case "kernel_info_request" -> sockets.reply(channel, request, "kernel_info_reply", kernelInfo());
                case "complete_request" -> complete(channel, request);
                case "inspect_request" -> inspect(channel, request);
                case "is_complete_request" -> isComplete(channel, request);
                case "history_request" -> history(channel, request);
                case "comm_info_request" -> sockets.reply(channel, request, "comm_info_reply", ok(Map.of("comms", Map.of())));
                case "interrupt_request" -> {
                    if (evaluator.isDone() && !evaluator.isCompletedExceptionally()) evaluator.join().interrupt();
                    sockets.reply(channel, request, "interrupt_reply", ok(Map.of()));
                }
                case "shutdown_request" -> {
                    boolean restart = ((ShutdownRequest) request.getContent()).isRestart();
                    sockets.reply(channel, request, "shutdown_reply", ok(Map.of("restart", restart)));
                    sockets.status(request, false);
                    shutdown.run();
                    return;
                }
                default -> log.println("java-futures: ignoring unsupported request " + type);
            }
        } finally {
            sockets.status(request, false);
        }
        abortQueued(channel, abortQueued);
    }

    /**
     * After a failed or interrupted cell whose request asked for {@code stop_on_error} ("Run All"), answers
     * {@code aborted} to every execute request that had arrived before the cell's reply went out, as
     * ipykernel's {@code _abort_queues} does: the cells queued behind the failure do not run, while a
     * client that waits for the reply before it sends the next cell is never aborted. Other requests
     * among them are handled as usual, in order.
     */
    private void abortQueued(RequestChannel channel, List<Message<?>> arrived) {
        for (Message<?> queued : arrived) {
            if (!"execute_request".equals(queued.getHeader().getType().getName())) {
                handle(channel, queued);
                continue;
            }
            sockets.status(queued, true);
            try {
                sockets.reply(channel, queued, "execute_reply", Map.of("status", "aborted"));
            } finally {
                sockets.status(queued, false);
            }
        }
    }

    private static Map<String, Object> ok(Map<String, Object> content) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", "ok");
        m.putAll(content);
        return m;
    }

    private Map<String, Object> kernelInfo() {
        Map<String, Object> lang = new LinkedHashMap<>();
        lang.put("name", "java");
        lang.put("version", Runtime.version().toString());
        lang.put("mimetype", "text/x-java-source");
        lang.put("file_extension", ".jshell");
        lang.put("pygments_lexer", "java");
        lang.put("codemirror_mode", "text/x-java");
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("protocol_version", "5.3");
        info.put("implementation", "java-futures");
        info.put("implementation_version", VERSION);
        info.put("language_info", lang);
        info.put("banner", "java-futures " + VERSION + " on Java " + Runtime.version()
                + ": JShell with thread pools, process pools and live futures");
        info.put("help_links", List.of());
        return ok(info);
    }

    /**
     * Runs a cell and replies. Returns the requests that arrived while it ran when they must be aborted
     * (it failed and the request asked for {@code stop_on_error}), else nothing.
     */
    private List<Message<?>> execute(RequestChannel channel, Message<?> request) {
        org.dflib.jjava.jupyter.messages.request.ExecuteRequest req =
                (org.dflib.jjava.jupyter.messages.request.ExecuteRequest) request.getContent();
        String code = req.getCode() == null ? "" : req.getCode();
        boolean silent = req.isSilent();
        boolean store = req.shouldStoreHistory() && !silent;
        boolean abortOnError = req.shouldStopOnError() && !silent;
        int count;
        try {
            count = cellRunner().nextExecutionCount(store);
        } catch (CellError e) {
            List<Message<?>> queued = abortOnError ? channel.drainQueued() : List.of();
            replyError(channel, request, new CellTarget(request, sockets), 0, e);
            return queued;
        }
        if (store) history.add(count, code);
        CellTarget target = new CellTarget(request, sockets);
        if (!silent) target.publish(new org.dflib.jjava.jupyter.messages.publish.PublishExecuteInput(code, count));
        Map<String, Object> reply;
        try {
            CellRunner.Result result = cellRunner().run(code, target, silent, req.isStdinEnabled());
            if (result.plainText() != null && store) history.setOutput(count, result.plainText());
            reply = ok(Map.of("execution_count", count, "user_expressions", Map.of(), "payload", List.of()));
        } catch (CellError e) {
            // What has arrived before the reply goes out is behind the failure; what comes after is not.
            List<Message<?>> queued = abortOnError ? channel.drainQueued() : List.of();
            replyError(channel, request, target, count, e);
            return queued;
        }
        sockets.reply(channel, request, "execute_reply", reply);
        return List.of();
    }

    private void replyError(RequestChannel channel, Message<?> request, CellTarget target, int count, CellError e) {
        target.publish(new org.dflib.jjava.jupyter.messages.publish.PublishError(e.ename(), e.evalue(), e.traceback()));
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("status", "error");
        reply.put("execution_count", count);
        reply.put("ename", e.ename());
        reply.put("evalue", e.evalue());
        reply.put("traceback", e.traceback());
        sockets.reply(channel, request, "execute_reply", reply);
    }

    /** The cell runner, once JShell has started; a clear error if it could not. */
    private CellRunner cellRunner() throws CellError {
        try {
            return runner.join();
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String msg = "JShell could not start in this kernel: " + cause;
            throw new CellError("KernelStartError", msg, List.of(msg, "See the kernel's log; restart the kernel to retry."));
        }
    }

    private void complete(RequestChannel channel, Message<?> request) {
        CompleteRequest req = (CompleteRequest) request.getContent();
        Map<String, Object> reply;
        try {
            CodeAssist.Completion c = evaluator.join().assist().complete(req.getCode(), req.getCursorPos());
            reply = ok(Map.of("matches", c.matches(), "cursor_start", c.start(), "cursor_end", c.end(), "metadata", Map.of()));
        } catch (RuntimeException e) {
            log.println("java-futures: completion failed: " + e);
            reply = ok(Map.of("matches", List.of(), "cursor_start", req.getCursorPos(), "cursor_end", req.getCursorPos(), "metadata", Map.of()));
        }
        sockets.reply(channel, request, "complete_reply", reply);
    }

    private void inspect(RequestChannel channel, Message<?> request) {
        InspectRequest req = (InspectRequest) request.getContent();
        String text;
        try {
            text = evaluator.join().assist().inspect(req.getCode(), req.getCursorPos(), req.getDetailLevel() > 0);
        } catch (RuntimeException e) {
            log.println("java-futures: inspection failed: " + e);
            text = "";
        }
        Map<String, Object> data = text.isEmpty() ? Map.of() : Map.of("text/plain", text);
        sockets.reply(channel, request, "inspect_reply", ok(Map.of("found", !text.isEmpty(), "data", data, "metadata", Map.of())));
    }

    /** How long is_complete waits for JShell to start before it answers from the text alone. */
    private static final long IS_COMPLETE_WAIT_MS = 300;

    private void isComplete(RequestChannel channel, Message<?> request) {
        String code = ((IsCompleteRequest) request.getContent()).getCode();
        CodeAssist.IsComplete answer;
        try {
            answer = CellCompleteness.check(code, this::assistIfStarted);
        } catch (RuntimeException e) {
            log.println("java-futures: is_complete failed: " + e);
            answer = CodeAssist.IsComplete.UNKNOWN;
        }
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("status", answer.status());
        if (answer.status().equals("incomplete")) reply.put("indent", answer.indent());
        sockets.reply(channel, request, "is_complete_reply", reply);
    }

    /** JShell's code assist once JShell has started (waiting at most {@link #IS_COMPLETE_WAIT_MS}), else null. */
    private CodeAssist assistIfStarted() {
        try {
            return evaluator.get(IS_COMPLETE_WAIT_MS, java.util.concurrent.TimeUnit.MILLISECONDS).assist();
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private void history(RequestChannel channel, Message<?> request) {
        HistoryRequest req = (HistoryRequest) request.getContent();
        boolean output = req.includeOutput();
        List<List<Object>> rows = switch (req.getAccessType()) {
            case TAIL -> history.tail(((HistoryRequest.Tail) req).getMaxReturnLength(), output);
            case RANGE -> {
                HistoryRequest.Range r = (HistoryRequest.Range) req;
                yield history.range(r.getSessionIndex(), r.getStart(), r.getStop(), output);
            }
            case SEARCH -> {
                HistoryRequest.Search s = (HistoryRequest.Search) req;
                yield history.search(s.getPattern(), s.getMaxReturnLength(), s.filterUnique(), output);
            }
        };
        sockets.reply(channel, request, "history_reply", ok(Map.of("history", rows)));
    }
}
