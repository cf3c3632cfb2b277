package javafutures.process;

import org.junit.jupiter.api.Test;

import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static javafutures.process.PoolTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/** A raw worker JVM, driven over its pipes like a kernel (or an attacker with the pipe) would. */
class WorkerProtocolTest {
    private static Process startRaw() throws Exception {
        return new ProcessBuilder(WorkerLauncher.forKernel(List.of()).command()).start();
    }

    private static Frame hello(Process p) throws Exception {
        FrameReader r = new FrameReader(p.getInputStream(), 1 << 20, Frames::workerToKernel);
        return r.read();
    }

    @Test
    void saysHelloWithItsPidAndExitsWhenStdinCloses() throws Exception {
        Process p = startRaw();
        Frame h = hello(p);
        assertEquals(Frames.HELLO, h.type());
        assertEquals(p.pid(), WorkerProcess.helloPid(h.payload()));
        p.getOutputStream().close();
        assertTrue(p.waitFor(TIMEOUT_S, TimeUnit.SECONDS), "worker must exit at end of stdin");
        assertEquals(0, p.exitValue());
    }

    @Test
    void corruptFrameMakesTheWorkerExitWithProtocolStatus() throws Exception {
        Process p = startRaw();
        hello(p);
        DataOutputStream out = new DataOutputStream(p.getOutputStream());
        out.writeInt(Integer.MAX_VALUE); // claims a 2 GiB frame
        out.write("garbage".getBytes());
        out.flush();
        assertTrue(p.waitFor(TIMEOUT_S, TimeUnit.SECONDS));
        assertEquals(Frames.EXIT_PROTOCOL_ERROR, p.exitValue());
        String err = new String(p.getErrorStream().readAllBytes());
        assertTrue(err.contains("rejected input") && err.contains("bad frame length"), err);
    }

    @Test
    void taskFrameWithGarbagePayloadFailsThatTaskOnly() throws Exception {
        Process p = startRaw();
        FrameReader r = new FrameReader(p.getInputStream(), 1 << 20, Frames::workerToKernel);
        r.read();
        FrameWriter w = new FrameWriter(p.getOutputStream(), 1 << 20);
        w.write(Frames.TASK, 5, new byte[]{0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3});
        w.write(Frames.TASK, 6, TaskCodec.prepare((SCallable<Integer>) () -> 6).payload());
        w.flush();
        Frame e = r.read();
        assertEquals(Frames.ERROR, e.type());
        assertEquals(5, e.id());
        assertTrue(RemoteErrors.decode(e.payload(), 8, getClass().getClassLoader()) instanceof java.io.IOException);
        Frame ok = r.read();
        assertEquals(Frames.RESULT, ok.type());
        assertEquals(6, TaskCodec.decodeValue(ok.payload(), 8, getClass().getClassLoader()));
        p.getOutputStream().close();
        assertTrue(p.waitFor(TIMEOUT_S, TimeUnit.SECONDS));
    }

    @Test
    void deserializationLimitsApplyInTheWorker() throws Exception {
        WorkerPool pool = pool(1);
        try {
            // a task graph deeper than the limit is rejected by the worker's filter, not run
            Object deep = null;
            for (int i = 0; i < SerialLimits.MAX_DEPTH + 10; i++) deep = new Object[]{deep};
            Object nest = deep;
            CompletableTaskListener[] l = new CompletableTaskListener[1];
            Thread big = new Thread(null, () -> l[0] = submit(pool, (SCallable<Integer>) () -> nest.hashCode()),
                    "big-stack", 256L << 20); // serializing that deep needs more than a default stack
            big.start();
            big.join();
            Throwable t = failure(l[0]);
            assertTrue(t instanceof java.io.InvalidClassException && t.getMessage().contains("REJECTED"), String.valueOf(t));
            assertEquals(1, get(submit(pool, (SCallable<Integer>) () -> 1)), "the worker survives");
        } finally {
            close(pool);
        }
    }

    @Test
    void workerOpensNoSocketsAndDiesWithTheKernelPipe() throws Exception {
        WorkerPool pool = pool(1);
        long pid = (Long) get(submit(pool, (SCallable<Long>) () -> ProcessHandle.current().pid()));
        try (var fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            List<String> sockets = fds.map(f -> {
                try {
                    return Files.readSymbolicLink(f).toString();
                } catch (Exception e) {
                    return "";
                }
            }).filter(s -> s.startsWith("socket:")).toList();
            assertEquals(List.of(), sockets, "a worker must not have any socket");
        }
        close(pool);
        waitUntilDead(List.of(pid));
    }
}
