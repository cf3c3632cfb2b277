package javafutures.futures;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * The waiting threads and done-listeners of a {@link TaskFuture}: a lock-free Treiber stack in the
 * future's {@code stack} field, which completion takes whole, leaving {@link #DONE}, so that every node
 * pushed before completion is seen by it exactly once and every later push fails (the caller then acts
 * at once). Removal (timeouts, interrupts, waitFor ending) unlinks nodes under one global lock: removers
 * exclude each other, a concurrent push only changes the head, and completion only reads.
 */
final class WaitStack {
    /** A waiting {@link Thread} or a {@link TaskFuture.DoneListener}; {@code item} is null once removed. */
    static final class Node {
        volatile Object item;
        Node next;

        Node(Object item) {
            this.item = item;
        }
    }

    static final Node DONE = new Node(null);
    private static final Object REMOVE_LOCK = new Object();
    private static final VarHandle STACK;

    static {
        try {
            STACK = MethodHandles.lookup().findVarHandle(TaskFuture.class, "stack", Node.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private WaitStack() {
    }

    /** Pushes {@code n}; false if the future is already done (its stack was taken). */
    static boolean push(TaskFuture<?> f, Node n) {
        for (;;) {
            Node h = f.stack;
            if (h == DONE) return false;
            n.next = h;
            if (STACK.compareAndSet(f, h, n)) return true;
        }
    }

    /** Removes the node holding {@code item}, if it is still there. */
    static void remove(TaskFuture<?> f, Object item) {
        synchronized (REMOVE_LOCK) {
            Node pred = null;
            for (Node n = f.stack; n != null && n != DONE; n = n.next) {
                if (n.item == item) {
                    n.item = null;
                    if (pred != null) pred.next = n.next;
                    return;
                }
                if (n.item != null) pred = n;
            }
        }
    }

    /**
     * Takes the whole stack (once the future reached its final state), unparks the waiting threads, and
     * returns the listeners as a chain in the order they were added (the stack itself is LIFO).
     */
    static Node takeAndWake(TaskFuture<?> f) {
        Node head = (Node) STACK.getAndSet(f, DONE);
        Node listeners = null;
        for (Node n = head; n != null; ) {
            Node next = n.next;
            Object item = n.item;
            if (item instanceof Thread) {
                LockSupport.unpark((Thread) item);
            } else if (item != null) {
                n.next = listeners;
                listeners = n;
            }
            n = next;
        }
        return listeners;
    }

    /**
     * Parks the calling thread until {@code f} is final or {@code nanos} pass ({@code < 0}: no limit);
     * returns the state then. Interruptible: the interrupt is consumed and thrown.
     */
    static int await(TaskFuture<?> f, long nanos) throws InterruptedException {
        long deadline = nanos < 0 ? 0 : System.nanoTime() + nanos;
        Thread me = Thread.currentThread();
        if (!push(f, new Node(me))) return f.s;
        try {
            for (;;) {
                if (Thread.interrupted()) throw new InterruptedException();
                int st = f.s;
                if (TaskFuture.isFinal(st)) return st;
                if (nanos < 0) {
                    LockSupport.park(f);
                } else {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) return st;
                    LockSupport.parkNanos(f, left);
                }
            }
        } finally {
            if (!TaskFuture.isFinal(f.s)) remove(f, me);
        }
    }
}
