package javafutures.futures;

import javafutures.output.CellTarget;
import javafutures.output.OutputRouter;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The threads of thread pools. They live in one kernel-owned {@link ThreadGroup}, a child of the root
 * group, never in the group of the thread that happens to create them: the kernel stops a cell by
 * stopping that cell's thread group, and tasks a cell submitted must survive that. They are daemons
 * (they never keep the JVM alive) and do not inherit the creating thread's inheritable thread-locals
 * (so a worker does not stick to the cell that first made the pool grow; each task carries its own).
 */
final class PoolThreads {
    static final ThreadGroup GROUP = createGroup();

    private PoolThreads() {
    }

    private static ThreadGroup createGroup() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) root = root.getParent();
        return new ThreadGroup(root, "java-futures-pools");
    }

    /** A daemon thread in {@link #GROUP} that does not inherit thread-locals. */
    static Thread newDaemon(Runnable body, String name) {
        Thread t = new Thread(GROUP, body, name, 0, false);
        t.setDaemon(true);
        return t;
    }

    /**
     * A pool worker; remembers whether the pool's initializer ran in it, when its last task ended, and, for
     * {@code %pool}, the task it runs and how many it ran: counted by the worker itself, before the future
     * completes, so that the counts agree with the futures' states once their results are in (the
     * executor's own counts are updated only after a task's future completed). Plain fields, written only
     * by this thread: counting costs no atomic operation; readers may be a moment behind.
     */
    static final class Worker extends Thread {
        private final Set<Thread> live;
        /** Where this worker's count goes when it ends (resize, shutdown), so that finished() keeps it. */
        private final LongAdder retired;
        boolean initialized;
        /** The task this worker runs now, or null (see {@link ThreadTask#run()}). */
        ThreadTask<?> current;
        /** Tasks this worker took from the queue and is done with (run, failed, or found cancelled). */
        long ran;
        /** Counts the task this worker ran (or found cancelled) as finished, and forgets it (and its result). */
        void doneWithTask() {
            current = null;
            ran++;
        }

        /** When this worker's previous task ended (0: none yet), see {@link ThreadTask#run()}. */
        long lastEnd;
        /** Whether this worker had to wait for a task since then (set by {@link WorkQueue}). */
        boolean waited;
        /** The cell this worker's output goes to now (its {@link OutputRouter} target), see {@link #bind}. */
        private CellTarget bound;

        Worker(Runnable body, String name, Set<Thread> live, LongAdder retired) {
            super(GROUP, body, name, 0, false);
            this.live = live;
            this.retired = retired;
            setDaemon(true);
        }

        /** Makes this worker (the current thread) write to {@code target}; a no-op if it already does. */
        void bind(CellTarget target) {
            if (bound != target) {
                OutputRouter.setCurrent(target);
                bound = target;
            }
        }

        @Override
        public void run() {
            try {
                super.run();
            } finally {
                retired.add(ran); // before leaving the live set: a reader may count this worker twice, never lose it
                live.remove(this);
            }
        }
    }

    /**
     * The queue of a fixed pool: a {@link LinkedBlockingQueue}, as in {@code Executors.newFixedThreadPool}
     * (a spinning {@code LinkedTransferQueue} burnt the CPU the submitter needed on a busy machine). It
     * also tells a {@link Worker} whether it had to wait for its next task: if not, that task started
     * when the previous one ended, and {@link ThreadTask} needs no clock read for its start (a clock read
     * is a good part of a trivial task's cost; see ThreadPoolBench).
     */
    static final class WorkQueue extends LinkedBlockingQueue<Runnable> {
        private static final long serialVersionUID = 1L;

        @Override
        public Runnable take() throws InterruptedException {
            Runnable r = poll();
            if (r != null) return r;
            waiting();
            return super.take();
        }

        @Override
        public Runnable poll(long timeout, TimeUnit unit) throws InterruptedException {
            Runnable r = poll();
            if (r != null) return r;
            waiting();
            return super.poll(timeout, unit);
        }

        private static void waiting() {
            Thread t = Thread.currentThread();
            if (t instanceof Worker) ((Worker) t).waited = true;
        }
    }

    /** Makes {@link Worker}s named {@code prefix-1, prefix-2, ...}, tracks the live ones and the counts of those that ended. */
    static ThreadFactory workerFactory(String prefix, Set<Thread> live, LongAdder retired) {
        AtomicInteger n = new AtomicInteger();
        return body -> {
            Worker w = new Worker(body, prefix + "-" + n.incrementAndGet(), live, retired);
            live.add(w);
            return w;
        };
    }

    /** The fixed-size engine of a {@link ThreadPool}, on a {@link WorkQueue}; runs the pool's initializer. */
    static final class Engine extends ThreadPoolExecutor {
        private final ThreadEngine pool;
        private final Runnable initializer;
        private volatile RejectedExecutionException broken;
        /** Tasks drained from the queue (cancelled or failed there), which ThreadPoolExecutor never counts. */
        final LongAdder drained = new LongAdder();

        Engine(ThreadEngine pool, int workers, ThreadFactory factory, Runnable initializer) {
            super(workers, workers, 0L, TimeUnit.MILLISECONDS, new WorkQueue(), factory,
                    (task, executor) -> {
                        throw new RejectedExecutionException(pool.rejectionMessage());
                    });
            this.pool = pool;
            this.initializer = initializer;
        }

        /** The initializer, bound to the cell that built the pool so that its output and failure show there. */
        static Runnable boundInitializer(Runnable init, String pool) {
            return OutputRouter.bind(() -> {
                try {
                    init.run();
                } catch (RuntimeException | Error e) {
                    System.err.print("java-futures: the initializer of pool " + pool + " threw in "
                            + Thread.currentThread().getName() + ": ");
                    e.printStackTrace(System.err);
                    throw e;
                }
            });
        }

        /** Why the pool is broken, or null. */
        RejectedExecutionException broken() {
            return broken;
        }

        /** Runs the initializer once per worker thread; a failure breaks the pool and fails this task. */
        @Override
        protected void beforeExecute(Thread t, Runnable r) {
            if (initializer != null && t instanceof Worker && !((Worker) t).initialized) {
                ((Worker) t).initialized = true;
                try {
                    initializer.run();
                } catch (Throwable e) {
                    breakPool(t, e);
                }
            }
            RejectedExecutionException b = broken;
            if (b != null && r instanceof ThreadTask) {
                // Failed before it runs; ThreadTask.run then finds it done and does nothing.
                ((ThreadTask<?>) r).failBeforeRun(new RejectedExecutionException(b.getMessage(), b.getCause()));
            }
        }

        /** Python's BrokenThreadPool: no new tasks, every queued task fails; running ones finish. */
        private void breakPool(Thread t, Throwable cause) {
            synchronized (this) {
                if (broken == null) {
                    broken = new RejectedExecutionException("ThreadPool " + pool.poolName() + " is broken: its initializer threw in "
                            + t.getName() + ": " + cause, cause);
                }
            }
            shutdown();
            List<Runnable> queued = new ArrayList<>();
            getQueue().drainTo(queued);
            for (Runnable r : queued) ((ThreadTask<?>) r).failBeforeRun(new RejectedExecutionException(broken.getMessage(), cause));
            drained.add(queued.size());
        }
    }

    /**
     * A thread-per-task executor on virtual threads (JDK 21+), built by reflection because the kernel
     * compiles against Java 17.
     */
    static ExecutorService virtualExecutor(String prefix, Set<Thread> live) {
        int feature = Runtime.version().feature();
        if (feature < 21) {
            throw new UnsupportedOperationException("ThreadPool.virtual() needs virtual threads, which need JDK 21 or newer;"
                    + " this kernel runs on Java " + feature + ". Use new ThreadPool(n) instead, or run the kernel on JDK 21+.");
        }
        try {
            Class<?> builderType = Class.forName("java.lang.Thread$Builder");
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            builder = builderType.getMethod("name", String.class, long.class).invoke(builder, prefix + "-", 1L);
            builder = builderType.getMethod("inheritInheritableThreadLocals", boolean.class).invoke(builder, false);
            ThreadFactory virtual = (ThreadFactory) builderType.getMethod("factory").invoke(builder);
            ThreadFactory tracking = body -> {
                Thread[] self = new Thread[1];
                Thread t = virtual.newThread(() -> {
                    try {
                        body.run();
                    } finally {
                        live.remove(self[0]);
                    }
                });
                self[0] = t;
                live.add(t);
                return t;
            };
            return (ExecutorService) Executors.class.getMethod("newThreadPerTaskExecutor", ThreadFactory.class)
                    .invoke(null, tracking);
        } catch (ReflectiveOperationException e) {
            throw new UnsupportedOperationException("ThreadPool.virtual(): virtual threads are not available on this JDK ("
                    + Runtime.version() + "): " + e, e);
        }
    }

    static Set<Thread> newLiveSet() {
        return ConcurrentHashMap.newKeySet();
    }
}
