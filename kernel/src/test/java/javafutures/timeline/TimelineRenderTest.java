package javafutures.timeline;

import javafutures.futures.TaskFuture;
import javafutures.futures.TestFuture;
import javafutures.futures.ThreadPool;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The bundle: well-formed SVG with a title per bar, the inline HTML flavour, the text twin. */
class TimelineRenderTest {

    static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    /** The text of every {@code <title>} of a task bar or group. */
    static List<String> titles(Document d) {
        List<String> out = new ArrayList<>();
        NodeList gs = d.getElementsByTagNameNS("*", "g");
        for (int i = 0; i < gs.getLength(); i++) {
            Element g = (Element) gs.item(i);
            String cls = g.getAttribute("class");
            if (!cls.equals("task") && !cls.equals("tasks")) continue;
            Element first = (Element) g.getElementsByTagNameNS("*", "title").item(0);
            assertNotNull(first, "every bar has a title");
            assertSame(g, first.getParentNode(), "the title is the bar group's own");
            out.add(first.getTextContent());
        }
        return out;
    }

    @Test
    void aFinishedRunOfTwoWorkersHasBothLanesEveryNameAndTheFailure() throws Exception {
        List<TaskFuture<?>> fs = new ArrayList<>();
        try (ThreadPool pool = new ThreadPool(2)) {
            for (int i = 0; i < 5; i++) {
                int n = i;
                fs.add(pool.submit("job " + i, () -> {
                    Thread.sleep(30);
                    if (n == 3) throw new IllegalStateException("broke on purpose");
                    return n * 10;
                }));
            }
        }
        Map<String, String> bundle = Timeline.render(fs);
        assertEquals(List.of("image/svg+xml", "text/html", "text/plain"), List.copyOf(bundle.keySet()));
        Document svg = parse(bundle.get("image/svg+xml"));
        assertEquals("http://www.w3.org/2000/svg", svg.getDocumentElement().getNamespaceURI());

        List<String> lanes = new ArrayList<>();
        NodeList gs = svg.getElementsByTagNameNS("*", "g");
        for (int i = 0; i < gs.getLength(); i++) {
            Element g = (Element) gs.item(i);
            if (g.getAttribute("class").equals("lane")) lanes.add(g.getAttribute("data-worker"));
        }
        List<String> workers = fs.stream().map(TaskFuture::worker).distinct().sorted().toList();
        assertEquals(2, workers.size());
        assertEquals(workers, lanes.stream().sorted().toList(), "one lane per worker used");

        List<String> titles = titles(svg);
        assertEquals(5, titles.size());
        for (int i = 0; i < 5; i++) {
            String name = "job " + i;
            String t = titles.stream().filter(s -> s.startsWith(name + " ·")).findFirst().orElseThrow(() -> new AssertionError(name));
            assertTrue(t.contains("worker: " + fs.get(i).worker()), t);
            assertTrue(t.contains("queued ") && t.contains("ran "), t);
            if (i == 3) {
                assertTrue(t.contains("FAILED") && t.contains("error: IllegalStateException: broke on purpose"), t);
            } else {
                assertTrue(t.contains("FINISHED") && t.contains("result: " + i * 10), t);
            }
        }
        assertTrue(bundle.get("image/svg+xml").contains(".jft-s3{fill:rgb(229,57,53)"), "FAILED's colour is red");
        for (int i = 0; i < gs.getLength(); i++) {
            Element g = (Element) gs.item(i);
            if (!g.getAttribute("class").equals("task")) continue;
            Element bar = (Element) g.getElementsByTagNameNS("*", "rect").item(g.getElementsByTagNameNS("*", "rect").getLength() - 1);
            String state = g.getAttribute("data-state");
            assertEquals("jft-s" + javafutures.futures.TaskState.valueOf(state).ordinal() + " jft-b", bar.getAttribute("class"),
                    "a bar has its state's colour");
        }
        assertTrue(bundle.get("text/plain").startsWith("5 tasks on 2 workers"), bundle.get("text/plain"));
        for (String w : workers) assertTrue(bundle.get("text/plain").contains(w + " "), "the text twin names lane " + w);
        for (int i = 0; i < 5; i++) assertTrue(bundle.get("text/plain").contains("= job " + i + "  "), bundle.get("text/plain"));
        assertTrue(bundle.get("text/plain").contains("job 3  FAILED"));
    }

    @Test
    void theInlineFlavourIsTheSamePictureThemedByThePageWithTheTextTwinAsFallback() throws Exception {
        TestFuture<Integer> f = new TestFuture<>("inline");
        f.start("w-1");
        f.succeed(1);
        Map<String, String> bundle = Timeline.render(List.of(f));
        String html = bundle.get("text/html");
        assertTrue(html.startsWith("<div class=\"java-futures-timeline\""), html.substring(0, 80));
        Document d = parse(html);
        Element svg = (Element) d.getElementsByTagNameNS("*", "svg").item(0);
        assertNotNull(svg);
        assertTrue(html.contains("fill=\"currentColor\""), "text follows the theme");
        assertFalse(bundle.get("image/svg+xml").contains("currentColor"), "the image has its own colours");
        assertTrue(bundle.get("image/svg+xml").contains("fill=\"#ffffff\""), "and its own background");
        Element pre = (Element) d.getElementsByTagNameNS("*", "pre").item(0);
        assertEquals(bundle.get("text/plain"), pre.getTextContent(), "the fallback is the text twin");
        assertEquals("display:none", ((Element) pre.getParentNode()).getAttribute("style"));
    }

    @Test
    void namesAreEscapedAndCharactersXmlForbidsAreReplaced() throws Exception {
        TestFuture<String> f = new TestFuture<>("<b>tom & \"jerry\"</b>\u0001\ud800");
        f.start("worker <1>");
        f.succeed("<script>alert(1)</script>");
        Map<String, String> bundle = Timeline.render(List.of(f));
        for (String key : List.of("image/svg+xml", "text/html")) {
            String s = bundle.get(key);
            assertFalse(s.contains("<b>") || s.contains("<script>") || s.contains("\u0001"), key);
            List<String> titles = titles(parse(s));
            assertTrue(titles.get(0).startsWith("<b>tom & \"jerry\"</b>\ufffd\ufffd · FINISHED"), titles.get(0));
            assertTrue(titles.get(0).contains("result: \"<script>alert(1)</script>\""), titles.get(0));
        }
    }

    @Test
    void pendingAndCancelledTasksSitInTheNotStartedLane() throws Exception {
        TestFuture<Integer> running = new TestFuture<>("runs");
        running.start("w-1");
        TestFuture<Integer> waiting = new TestFuture<>("waits");
        TestFuture<Integer> cancelled = new TestFuture<>("gave up");
        cancelled.cancel();
        Map<String, String> bundle = Timeline.render(List.of(running, waiting, cancelled));
        Document svg = parse(bundle.get("image/svg+xml"));
        List<String> titles = titles(svg);
        assertTrue(titles.stream().anyMatch(t -> t.startsWith("runs · RUNNING") && t.contains("running for")), titles.toString());
        assertTrue(titles.stream().anyMatch(t -> t.startsWith("waits · PENDING") && t.contains("waiting for a worker")), titles.toString());
        assertTrue(titles.stream().anyMatch(t -> t.startsWith("gave up · CANCELLED before it started")), titles.toString());
        String plain = bundle.get("text/plain");
        assertTrue(plain.contains("not started"), plain);
        assertTrue(plain.contains("1 cancelled, 1 running, 1 waiting"), plain);
    }

    @Test
    void tenThousandFuturesGiveABoundedPicture() throws Exception {
        List<TaskFuture<?>> fs = new ArrayList<>();
        try (ThreadPool pool = new ThreadPool(4)) {
            for (int i = 0; i < 10_000; i++) {
                int n = i;
                fs.add(pool.submit(() -> {
                    if (n == 7777) throw new IllegalArgumentException("one in ten thousand");
                    return n;
                }));
            }
        }
        Map<String, String> bundle = Timeline.render(fs);
        int chars = bundle.values().stream().mapToInt(String::length).sum();
        assertTrue(chars < 1_500_000, chars + " characters");
        Document svg = parse(bundle.get("image/svg+xml"));
        List<String> titles = titles(svg);
        assertTrue(titles.size() <= TimelineLayout.MAX_MARKS, titles.size() + " bars");
        assertTrue(titles.stream().anyMatch(t -> t.contains("FAILED")), "the failure shows in some bar or group");
        assertTrue(bundle.get("text/plain").startsWith("10000 tasks on "), bundle.get("text/plain").lines().findFirst().orElse(""));
    }
}
