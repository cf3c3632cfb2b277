package javafutures.futures;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * The waiting threads and done-listeners of a {@link TaskFuture}: a lock-free Treiber stack in the
 * future's {@code stack} field. Completion first moves the state to COMPLETING (a CAS), then publishes
 * the final state and looks at the stack; a pusher first pushes, then looks at the state, waiting out
 * COMPLETING. So either completion sees the node, or the pusher sees the final state. If the
 * stack is empty, completion costs no atomic operation (the common case: nobody waits). Otherwise
 * completion takes the stack whole, leaving {@link #DONE}, and a listener runs in whichever thread
 * claims its node first (a CAS on the node), so exactly once. Removal (timeouts, interrupts, waitFor
 * ending) unlinks nodes under one global lock: removers exclude each other, a concurrent push only
 * changes the head (a removed head is unlinked by CAS), and completion only reads links.
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
    private static final VarHandle ITEM;

    static {
        try {
            STACK = MethodHandles.lookup().findVarHandle(TaskFuture.class, "stack", Node.class);
            ITEM = MethodHandles.lookup().findVarHandle(Node.class, "item", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Takes {@code n}'s listener for the caller to run; null if another thread took (or removed) it. */
    static Object claim(Node n) {
        Object item = n.item;
        return item != null && ITEM.compareAndSet(n, item, null) ? item : null;
    }

    private WaitStack() {
    }

    /** See {@link TaskFuture#addListener}: runs {@code l} once {@code f} is done, exactly once. */
    static void listen(TaskFuture<?> f, TaskFuture.DoneListener l) {
        if (FutureStates.isFinal(f.s)) {
            FutureTransitions.runListener(f, l);
            return;
        }
        Node n = new Node(l);
        // Pushed, then the state checked: if completion may have missed our node, we run it (see the class comment).
        if (!push(f, n) || FutureStates.isFinal(f.settledState())) {
            if (claim(n) != null) FutureTransitions.runListener(f, l);
        }
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

    /**
     * Removes the node holding {@code item}, if it is still there, and unlinks every removed node, the head
     * too (by CAS: a concurrent push or completion only makes it retry), so waiters that time out again and
     * again (polling {@code result(timeout)}) never grow the stack. Only ever moves links forward, and
     * completion never writes a link, so no cycle can form.
     */
    static void remove(TaskFuture<?> f, Object item) {
        synchronized (REMOVE_LOCK) {
            for (Node n = f.stack; n != null && n != DONE; n = n.next) {
                if (n.item == item) {
                    n.item = null;
                    break;
                }
            }
            for (;;) {
                Node h = f.stack;
                if (h == null || h == DONE) return;
                if (h.item == null) {
                    STACK.compareAndSet(f, h, h.next);
                    continue;
                }
                Node pred = h;
                for (Node n = h.next; n != null; n = n.next) {
                    if (n.item == null) pred.next = n.next; else pred = n;
                }
                return;
            }
        }
    }

    /** Nodes on the stack now (for tests). */
    static int depth(TaskFuture<?> f) {
        int d = 0;
        for (Node n = f.stack; n != null && n != DONE; n = n.next) d++;
        return d;
    }

    /**
     * Called once the future's final state is published: unparks the waiting threads and returns the
     * listener nodes in the order they were added (the stack itself is LIFO), or null if there are none.
     * It writes no link (a concurrent {@link #remove} may still relink these nodes). The caller
     * {@link #claim}s each before running it.
     */
    static Node[] takeAndWake(TaskFuture<?> f) {
        if (f.stack == null) return null; // nobody waits; a later pusher sees the final state itself
        Node head = (Node) STACK.getAndSet(f, DONE);
        Node[] listeners = null;
        int count = 0;
        for (Node n = head; n != null; n = n.next) {
            Object item = n.item;
            if (item instanceof Thread) {
                LockSupport.unpark((Thread) item);
            } else if (item != null) {
                if (listeners == null) listeners = new Node[4];
                else if (count == listeners.length) listeners = java.util.Arrays.copyOf(listeners, count * 2);
                listeners[count++] = n;
            }
        }
        if (listeners == null) return null;
        Node[] inOrder = new Node[count];
        for (int i = 0; i < count; i++) inOrder[i] = listeners[count - 1 - i];
        return inOrder;
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
                int st = f.settledState();
                if (FutureStates.isFinal(st)) return st;
                if (nanos < 0) {
                    LockSupport.park(f);
                } else {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) return st;
                    LockSupport.parkNanos(f, left);
                }
            }
        } finally {
            if (!FutureStates.isFinal(f.s)) remove(f, me);
        }
    }
}
