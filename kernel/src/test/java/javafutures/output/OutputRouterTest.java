package javafutures.output;

import org.dflib.jjava.jupyter.messages.ContentType;
import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageContext;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.publish.PublishStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

class OutputRouterTest {
    /** Records what would go out on IOPub, with the parent each message names. */
    static final class Recorder implements IopubPublisher {
        record Sent(MessageContext parent, Object content) {
        }

        final List<Sent> sent = new ArrayList<>();

        @Override
        public synchronized <T extends ContentType<T>> void publish(MessageContext parent, T content) {
            sent.add(new Sent(parent, content));
        }

        synchronized String text(MessageContext parent, PublishStream.StreamType type) {
            StringBuilder sb = new StringBuilder();
            for (Sent s : sent) {
                if (s.parent() == parent && s.content() instanceof PublishStream
                        && ((PublishStream) s.content()).getStreamType() == type) {
                    sb.append(((PublishStream) s.content()).getText());
                }
            }
            return sb.toString();
        }
    }

    static MessageContext request() {
        return new Message<>(new Header<>(MessageType.EXECUTE_REQUEST), null);
    }

    @BeforeAll
    static void install() {
        OutputRouter.install();
    }

    @Test
    void threadStartedByACellWritesToThatCellEvenAfterAnotherCellBecameCurrent() throws Exception {
        Recorder rec = new Recorder();
        MessageContext first = request();
        MessageContext second = request();
        CellTarget a = new CellTarget(first, rec);
        CellTarget b = new CellTarget(second, rec);
        CountDownLatch go = new CountDownLatch(1);
        Thread[] background = new Thread[1];
        OutputRouter.runWith(a, () -> {
            background[0] = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                System.out.println("late from first");
            });
            background[0].start();
        });
        OutputRouter.runWith(b, () -> {
            System.out.println("from second");
            go.countDown();
            try {
                background[0].join();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        OutputRouter.get().flush(a);
        OutputRouter.get().flush(b);
        assertEquals("late from first\n", rec.text(first, PublishStream.StreamType.OUT));
        assertEquals("from second\n", rec.text(second, PublishStream.StreamType.OUT));
    }

    @Test
    void boundTaskOnAPoolThreadWritesToTheSubmittersCell() throws Exception {
        Recorder rec = new Recorder();
        MessageContext parent = request();
        CellTarget target = new CellTarget(parent, rec);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        pool.submit(() -> { }).get(); // the pool thread exists before the cell, as in a kernel
        try {
            OutputRouter.runWith(target, () -> {
                try {
                    pool.submit(OutputRouter.bind(() -> System.err.println("task says hi"))).get();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
        } finally {
            pool.shutdownNow();
        }
        OutputRouter.get().flush(target);
        assertEquals("task says hi\n", rec.text(parent, PublishStream.StreamType.ERR));
    }

    @Test
    void concurrentWritersNeverInterleaveInsideALineAndLoseNothing() throws Exception {
        Recorder rec = new Recorder();
        MessageContext parent = request();
        CellTarget target = new CellTarget(parent, rec);
        int threads = 4;
        int lines = 500;
        // Only line ends cut the text here: the flusher's timeout for partial lines (which a descheduled
        // writer can exceed on a busy machine) is tested on its own.
        OutputRouter.partialLineDelayMs = 600_000;
        try {
            OutputRouter.runWith(target, () -> {
                List<Thread> ts = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int id = t;
                    Thread th = new Thread(() -> {
                        for (int i = 0; i < lines; i++) {
                            // written in pieces, so a line is several writes
                            System.out.print("thread-" + id);
                            System.out.print(" line-" + i);
                            System.out.println(" end");
                        }
                    });
                    ts.add(th);
                    th.start();
                }
                for (Thread th : ts) {
                    try {
                        th.join();
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                }
            });
        } finally {
            OutputRouter.partialLineDelayMs = OutputRouter.PARTIAL_LINE_DELAY_MS;
        }
        OutputRouter.get().flush(target);
        String[] got = rec.text(parent, PublishStream.StreamType.OUT).split("\n");
        assertEquals(threads * lines, got.length);
        for (String line : got) {
            assertTrue(line.matches("thread-\\d line-\\d+ end"), "interleaved line: " + line);
        }
    }

    @Test
    void partialLineIsPublishedByTheFlusherWithoutANewline() throws Exception {
        Recorder rec = new Recorder();
        MessageContext parent = request();
        CellTarget target = new CellTarget(parent, rec);
        OutputRouter.runWith(target, () -> System.out.print("progress 50%"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (rec.text(parent, PublishStream.StreamType.OUT).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals("progress 50%", rec.text(parent, PublishStream.StreamType.OUT));
    }

    @Test
    void hugeOutputIsCutAtTheBudgetWithANote() {
        Recorder rec = new Recorder();
        MessageContext parent = request();
        CellTarget target = new CellTarget(parent, rec);
        String line = "x".repeat(99);
        OutputRouter.runWith(target, () -> {
            for (int i = 0; i < 200_000; i++) System.out.println(line); // 20 MB
        });
        OutputRouter.get().flush(target);
        String out = rec.text(parent, PublishStream.StreamType.OUT);
        String err = rec.text(parent, PublishStream.StreamType.ERR);
        assertTrue(out.length() <= CellTarget.STREAM_BUDGET_BYTES, "published " + out.length());
        assertTrue(out.length() > CellTarget.STREAM_BUDGET_BYTES / 2, "published only " + out.length());
        assertTrue(err.contains("output was dropped"), err);
        assertTrue(target.droppedBytes() > 10_000_000);
    }

    @Test
    void threadWithoutACellDoesNotReachAnyCell() throws Exception {
        Recorder rec = new Recorder();
        CellTarget target = new CellTarget(request(), rec);
        Thread t = new Thread(() -> System.out.println("kernel log line"));
        OutputRouter.setCurrent(null);
        t.start();
        t.join();
        OutputRouter.get().flush(target);
        assertTrue(rec.sent.isEmpty());
    }

    @Test
    void aPartialLineOutlivesItsThreadUntilTheNextReadTakesItOrAFlushPublishesIt() throws Exception {
        // A cell's snippets run on threads of their own: "Name? " printed by one is the prompt of the next one's
        // read, on another thread, after the writer may have ended and been collected.
        OutputRouter.partialLineDelayMs = 600_000; // only the read or a flush may take the line
        try {
            Recorder rec = new Recorder();
            MessageContext parent = request();
            CellTarget target = new CellTarget(parent, rec);
            collect(printsAndEnds(target, "Second? "));
            assertEquals("Second? ", OutputRouter.get().takePartialLine(Thread.currentThread(), target));
            collect(printsAndEnds(target, "Unread? "));
            OutputRouter.get().flush(target);
            assertEquals("Unread? ", rec.text(parent, PublishStream.StreamType.OUT));
        } finally {
            OutputRouter.partialLineDelayMs = OutputRouter.PARTIAL_LINE_DELAY_MS;
        }
    }

    private static java.lang.ref.WeakReference<Thread> printsAndEnds(CellTarget target, String text) throws Exception {
        Thread t = new Thread(() -> { // as a snippet's thread: bound to the cell, nothing flushed at its end
            OutputRouter.setCurrent(target);
            System.out.print(text);
        });
        t.start();
        t.join();
        return new java.lang.ref.WeakReference<>(t);
    }

    private static void collect(java.lang.ref.WeakReference<Thread> writer) throws InterruptedException {
        for (int i = 0; i < 200 && writer.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertNull(writer.get(), "the writer thread was not collected");
    }
}
