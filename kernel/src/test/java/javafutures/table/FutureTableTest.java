package javafutures.table;

import javafutures.futures.TaskFuture;
import javafutures.futures.TestFuture;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Rendering of the status table: escaping, truncation, the summary line, many rows, the text twin. */
class FutureTableTest {

    private static Map<String, String> render(List<? extends TaskFuture<?>> fs) {
        return FutureTable.render(fs);
    }

    @Test
    void scriptInAResultIsShownAsText() {
        TestFuture<String> f = new TestFuture<>("<b>name</b>");
        f.start("<i>worker</i>");
        f.succeed("<script>alert('x')</script>");
        String html = render(List.of(f)).get("text/html");
        assertFalse(html.contains("<script>"), html);
        assertFalse(html.contains("<b>name"), html);
        assertFalse(html.contains("<i>worker"), html);
        assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), html);
        assertTrue(html.contains("&lt;b&gt;name&lt;/b&gt;"), html);
        String plain = render(List.of(f)).get("text/plain");
        assertTrue(plain.contains("<script>alert('x')</script>"), "plain text is not escaped: " + plain);
    }

    @Test
    void errorMessagesAreEscapedToo() {
        TestFuture<String> f = new TestFuture<>();
        f.failWith(new IllegalStateException("<img src=x onerror=alert(1)> & more"));
        String html = render(List.of(f)).get("text/html");
        assertFalse(html.contains("<img"), html);
        assertTrue(html.contains("IllegalStateException: &lt;img src=x onerror=alert(1)&gt; &amp; more"), html);
    }

    @Test
    void longResultsAreTruncatedWithAnEllipsis() {
        TestFuture<String> f = new TestFuture<>();
        f.succeed("x".repeat(100_000));
        Map<String, String> b = render(List.of(f));
        assertTrue(b.get("text/html").length() < 6_000, "bounded size: " + b.get("text/html").length());
        assertTrue(b.get("text/html").contains("x".repeat(50)));
        assertTrue(b.get("text/html").contains("…"));
        String resultLine = b.get("text/plain").lines().filter(l -> l.contains("FINISHED")).findFirst().orElseThrow();
        assertTrue(resultLine.endsWith("…"), resultLine);
        assertTrue(resultLine.length() < 200, resultLine);
        assertEquals(8, Cells.truncate("abcdefghijklmnop", 8).length());
        assertEquals("abcdefg…", Cells.truncate("abcdefghijklmnop", 8));
        assertEquals("a…", Cells.truncate("a\uD83D\uDE00bcdef", 3), "never splits a surrogate pair");
    }

    @Test
    void multiLineResultsStayOnOneLine() {
        TestFuture<String> f = new TestFuture<>();
        f.succeed("line1\nline2\tend");
        String plain = render(List.of(f)).get("text/plain");
        assertEquals(3, plain.lines().count(), plain);
    }

    @Test
    void toStringThatThrowsDoesNotBreakTheTable() {
        TestFuture<Object> f = new TestFuture<>();
        f.succeed(new Object() {
            @Override
            public String toString() {
                throw new IllegalStateException("nope");
            }
        });
        assertTrue(render(List.of(f)).get("text/plain").contains("toString() threw IllegalStateException"));
    }

    @Test
    void summaryLineCountsEveryState() {
        List<TestFuture<Integer>> fs = new ArrayList<>();
        for (int i = 0; i < 7; i++) fs.add(new TestFuture<>());
        fs.get(0).succeed(1);
        fs.get(1).succeed(2);
        fs.get(2).start("w");
        fs.get(2).failWith(new RuntimeException());
        fs.get(3).cancel();
        fs.get(4).start("w");
        // 5 and 6 pending
        Map<String, String> b = render(fs);
        String summary = "4 of 7 done, 1 failed, 1 cancelled · 1 running, 2 pending";
        assertTrue(b.get("text/html").contains(summary), b.get("text/html"));
        assertTrue(b.get("text/plain").startsWith(summary), b.get("text/plain"));
        assertEquals("3 of 5 done, 1 failed · 2 pending", summaryOf(5, 2, 1, 0, 0));
        assertEquals("3 of 5 done, 1 failed · 2 running", summaryOf(5, 2, 1, 2, 0));
        assertEquals("5 of 5 done", summaryOf(5, 5, 0, 0, 0));
        assertEquals("2 of 3 done, 2 cancelled · 1 pending", summaryOf(3, 0, 0, 0, 2));
        assertEquals("no futures", FutureTable.summaryLine(FutureTable.count(List.of())));
        assertTrue(render(List.of()).get("text/plain").startsWith("no futures"));
    }

    private static String summaryOf(int total, int finished, int failed, int running, int cancelled) {
        List<TestFuture<Integer>> fs = new ArrayList<>();
        for (int i = 0; i < total; i++) fs.add(new TestFuture<>());
        int i = 0;
        for (int k = 0; k < finished; k++) fs.get(i++).succeed(1);
        for (int k = 0; k < failed; k++) fs.get(i++).failWith(new RuntimeException());
        for (int k = 0; k < running; k++) fs.get(i++).start("w");
        for (int k = 0; k < cancelled; k++) fs.get(i++).cancel();
        String plain = render(fs).get("text/plain");
        return plain.substring(0, plain.indexOf("  ["));
    }

    @Test
    void manyFuturesShowTheFirstRowsAndCountAll() {
        List<TestFuture<Integer>> fs = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            TestFuture<Integer> f = new TestFuture<>("f" + i);
            if (i % 2 == 0) f.succeed(i);
            fs.add(f);
        }
        Map<String, String> b = render(fs);
        String html = b.get("text/html");
        assertTrue(html.contains("1250 of 2500 done"), html.substring(0, 400));
        assertTrue(html.contains("… " + (2500 - FutureTable.MAX_ROWS) + " more"));
        int n = FutureTable.MAX_ROWS;
        assertTrue(html.contains(">f" + (n - 1) + "<") && !html.contains(">f" + n + "<"), "first " + n + " rows only");
        assertTrue(html.length() < 60_000, "size " + html.length());
        String plain = b.get("text/plain");
        assertEquals(1 + 1 + FutureTable.MAX_ROWS + 1, plain.lines().count(), "summary, header, rows, more");
    }

    @Test
    void plainTextColumnsAreAligned() {
        TestFuture<Integer> a = new TestFuture<>("short");
        TestFuture<Integer> b = new TestFuture<>("a-much-longer-name");
        a.start("threads-worker-1");
        a.succeed(12);
        b.start("w2");
        List<String> lines = render(List.of(a, b)).get("text/plain").lines().toList();
        String header = lines.get(1);
        int state = header.indexOf("state");
        int result = header.indexOf("result");
        assertTrue(lines.get(2).startsWith("FINISHED", state), lines.get(2));
        assertTrue(lines.get(3).startsWith("RUNNING", state), lines.get(3));
        assertEquals("12", lines.get(2).substring(result));
        assertTrue(header.startsWith("name"));
        assertTrue(lines.get(2).contains("test-pool") && lines.get(2).contains("threads-worker-1"));
    }

    @Test
    void htmlHasStableLayoutAndThemeFriendlyColours() {
        TestFuture<Integer> f = new TestFuture<>();
        f.start("w");
        String html = render(List.of(f)).get("text/html");
        assertTrue(html.contains("table-layout:fixed"));
        assertTrue(html.contains("tabular-nums"));
        assertTrue(html.contains("<colgroup>"));
        assertFalse(html.contains("background:#fff") || html.contains("background:white"), "no fixed white background");
        assertTrue(html.contains("rgba(30,136,229,.2)"), "RUNNING badge is translucent blue");
        assertTrue(html.contains(">RUNNING<"));
    }

    @Test
    void tasksThatNeverRanShowNoElapsedTime() {
        TestFuture<Integer> f = new TestFuture<>("never");
        f.cancel();
        String row = FutureTable.render(List.of(f)).get("text/plain").lines().skip(2).findFirst().orElseThrow();
        assertFalse(row.contains("0.0s"), row);
    }

    @Test
    void elapsedFormats() {
        assertEquals("0.0s", Cells.elapsed(Duration.ZERO));
        assertEquals("1.5s", Cells.elapsed(Duration.ofMillis(1500)));
        assertEquals("59.9s", Cells.elapsed(Duration.ofMillis(59_900)));
        assertEquals("1m 05s", Cells.elapsed(Duration.ofSeconds(65)));
        assertEquals("2h 03m", Cells.elapsed(Duration.ofMinutes(123)));
    }

    @Test
    void futureRendersAsAOneRowTable() {
        TestFuture<Integer> f = new TestFuture<>("solo");
        f.succeed(5);
        Map<String, String> b = f.toMimeBundle();
        assertTrue(b.get("text/html").contains(">solo<"));
        assertTrue(b.get("text/plain").startsWith("1 of 1 done"));
        assertEquals(3, b.get("text/plain").lines().count());
    }
}
