package javafutures.process;

import javafutures.worker.TaskDecoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.IntUnaryOperator;

import static javafutures.process.PoolTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The compact lambda form of TASK streams: a task written by {@link TaskCodec} and read by {@link TaskDecoder}
 * (as a worker does, in this JVM) computes what the lambda computes here, whatever it captures; a worker JVM
 * runs lambdas of notebook cells, redefined ones included; what is not a lambda still travels as before.
 */
class LambdaFormTest {
    private WorkerPool pool;

    @AfterEach
    void tearDown() throws InterruptedException {
        if (pool != null) close(pool);
    }

    interface Task<T> extends Callable<T>, Serializable {
    }

    /** A serializable object whose lambdas capture {@code this}. */
    static final class Counter implements Serializable {
        int start;

        Counter(int start) {
            this.start = start;
        }

        Task<Integer> plus(int k) {
            return () -> start + k;
        }
    }

    /** A serializable task that is not a lambda. */
    static final class Sum implements Callable<Integer>, Serializable {
        final int[] values;

        Sum(int... values) {
            this.values = values;
        }

        @Override
        public Integer call() {
            return Arrays.stream(values).sum();
        }
    }

    private static Object roundTrip(Object task) throws Exception {
        PreparedTask p = TaskCodec.prepare(task);
        Object back = new TaskDecoder().decode(p.bytes(), 8, LambdaFormTest.class.getClassLoader());
        return ((Callable<?>) back).call();
    }

    private static String streamText(Object task) {
        return new String(TaskCodec.prepare(task).bytes(), StandardCharsets.ISO_8859_1);
    }

    /** Whether a class descriptor of {@code type} is in the stream (a name is written after its length). */
    private static boolean names(String stream, Class<?> type) {
        String name = type.getName();
        return stream.contains("" + (char) (name.length() >> 8) + (char) (name.length() & 0xff) + name);
    }

    @Test
    void lambdaCapturingValuesOfEveryKindComesBackEqual() throws Exception {
        int i = 7;
        long l = 1L << 40;
        double d = 0.5;
        char c = 'x';
        boolean b = true;
        short sh = -2;
        byte by = 5;
        float f = 1.25f;
        Integer boxed = 300;
        String s = "text";
        String none = null;
        int[] array = {1, 2, 3};
        List<Object> list = new ArrayList<>(List.of("a", 2, List.of(3L)));
        Map<String, Integer> map = Map.of("k", 4);
        Task<String> task = () -> i + "|" + l + "|" + d + "|" + c + "|" + b + "|" + sh + by + f + boxed + "|" + s + "|" + none + "|"
                + Arrays.toString(array) + "|" + list + "|" + map;
        assertEquals(task.call(), roundTrip(task));
    }

    @Test
    void theTaskLambdaTravelsCompactly() {
        int k = 3;
        Task<Integer> plain = () -> k + 1;
        assertEquals(TaskCodec.PLAIN_TASK, TaskCodec.prepare(plain).bytes()[8], "plain captures: no stream at all");
        List<Integer> list = new ArrayList<>(List.of(k));
        Task<Integer> task = () -> list.size() + 1;
        String text = streamText(task);
        assertTrue(names(text, LambdaForm.class), "the compact form is in the stream");
        assertFalse(names(text, java.lang.invoke.SerializedLambda.class), "no SerializedLambda for the task itself");
    }

    @Test
    void sharedObjectsStayShared() throws Exception {
        List<Integer> shared = new ArrayList<>(List.of(1, 2));
        Task<Boolean> task = () -> {
            List<Integer> again = shared;
            return again == shared;
        };
        assertEquals(true, roundTrip(task));
        Object[] pair = {shared, shared};
        Task<Boolean> both = () -> pair[0] == pair[1];
        assertEquals(true, roundTrip(both));
    }

    @Test
    void lambdaCapturingAnotherLambdaAndItsOwnKind() throws Exception {
        IntUnaryOperator twice = (IntUnaryOperator & Serializable) x -> 2 * x;
        Task<Integer> inner = () -> 20;
        Task<Integer> task = () -> twice.applyAsInt(inner.call()) + 2;
        assertEquals(42, roundTrip(task));
    }

    @Test
    void lambdaCapturingThis() throws Exception {
        assertEquals(15, roundTrip(new Counter(10).plus(5)));
    }

    @Test
    void methodReferenceTask() throws Exception {
        Task<String> ref = "abc"::toUpperCase;
        assertEquals("ABC", roundTrip(ref));
    }

    @Test
    void aSerializableClassStillTravelsAsItself() throws Exception {
        assertEquals(6, roundTrip(new Sum(1, 2, 3)));
        assertTrue(names(streamText(new Sum(1)), Sum.class));
        assertFalse(names(streamText(new Sum(1)), LambdaForm.class));
    }

    @Test
    void unserializableCaptureGivesTheSameError() {
        Object notSerializable = new Object();
        Task<Integer> task = notSerializable::hashCode;
        TaskNotSerializableException e = assertThrows(TaskNotSerializableException.class, () -> TaskCodec.prepare(task));
        assertEquals("java.lang.Object", e.valueType());
        assertTrue(e.path().startsWith("the task -> captured value #1"), e.path());
        assertTrue(e.getMessage().startsWith("The task captures a value that is not serializable"), e.getMessage());
    }

    @Test
    void aCorruptLambdaFailsToDeserializeAsBefore() throws Exception {
        // Parts that do not match any lambda of the capturing class: its own deserialization code refuses them.
        Task<Integer> task = () -> 1;
        PreparedTask p = TaskCodec.prepare(task);
        byte[] bytes = p.bytes().clone();
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int at = text.indexOf("lambda$");
        assertTrue(at > 0, "the impl method name is in the stream");
        bytes[at] = 'L'; // "Lambda$..." names no method
        Exception e = assertThrows(Exception.class,
                () -> new TaskDecoder().decode(bytes, 8, LambdaFormTest.class.getClassLoader()));
        assertTrue(e instanceof java.io.InvalidObjectException, e.toString());
        assertEquals("ReflectiveOperationException during deserialization", e.getMessage());
    }

    /** Lambdas of notebook cells, and of a redefined cell, in a worker JVM. */
    @Test
    void notebookLambdasOfRedefinedCellsRunInAWorker() throws Exception {
        int a = Snippets.next();
        String w = "REPL.$JShell$" + a;
        String v1 = "package REPL;\nimport java.util.concurrent.*;\nimport java.io.Serializable;\npublic class $JShell$" + a
                + " {\n public static int version() { return 1; }\n"
                + " public static Callable<Integer> task(int k) { return (Callable<Integer> & Serializable) () -> version() * 100 + k; }\n}\n";
        var l1 = Snippets.load(Map.of(w, v1), getClass().getClassLoader());
        Object t1 = Class.forName(w, true, l1).getMethod("task", int.class).invoke(null, 5);
        pool = pool(1);
        assertEquals(105, get(submit(pool, t1)));
        PreparedTask old = TaskCodec.prepare(Class.forName(w, true, l1).getMethod("task", int.class).invoke(null, 7));
        var l2 = Snippets.load(Map.of(w, v1.replace("return 1;", "return 2;")), getClass().getClassLoader());
        Object t2 = Class.forName(w, true, l2).getMethod("task", int.class).invoke(null, 6);
        assertEquals(206, get(submit(pool, t2)));
        CompletableTaskListener lo = new CompletableTaskListener();
        pool.submit(old, lo);
        assertEquals(107, get(lo), "a task prepared before the redefinition runs the old code");
    }
}
