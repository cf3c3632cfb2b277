package javafutures.cluster;

import com.hazelcast.core.IExecutorService;
import javafutures.libraries.NotebookClasspath;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The kernel's side of the notebook's jars for one cluster pool: before a member runs a task of this pool, it
 * must hold every jar the notebook added ({@link NotebookClasspath}), in order. Each jar crosses to a member
 * once, by content hash, in its own {@link JarShipment} (a directory of classes travels as a jar made of it);
 * then the pool's ordered list follows. Shipping is asynchronous: the task is sent when its member is ready,
 * so no Hazelcast thread ever waits. Jars added while the pool runs reach its members before their next task.
 * Thread-safe.
 */
final class ClusterJars {
    /** Jar hashes each member holds, whatever the pool: a jar crosses once per member. */
    private static final Map<UUID, Set<String>> MEMBER_HAS = new ConcurrentHashMap<>();
    private static final Map<Path, Packed> PACKED = new ConcurrentHashMap<>();

    private record Packed(String hash, long size, long modified, Path path) {
        byte[] bytes() {
            try {
                return Files.isDirectory(path) ? zip(path) : Files.readAllBytes(path);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + path + " to send it to a member", e);
            }
        }
    }

    private final Envelopes envelopes;
    private final Map<UUID, Integer> current = new HashMap<>();
    private final Map<UUID, CompletableFuture<Void>> shipping = new HashMap<>();

    ClusterJars(Envelopes envelopes) {
        this.envelopes = envelopes;
    }

    /** True when {@code member} has every jar the notebook added so far, for this pool. */
    synchronized boolean ready(MemberSlot member) {
        return current.getOrDefault(member.uuid, 0) == NotebookClasspath.shared().paths().size();
    }

    /** Sends {@code member} the jars it lacks, then runs {@code then}; on failure, {@code failed}. Never blocks. */
    void ship(MemberSlot member, IExecutorService executor, Runnable then, Consumer<Throwable> failed) {
        CompletableFuture<Void> f;
        synchronized (this) {
            f = shipping.get(member.uuid);
            if (f == null) {
                List<Path> paths = NotebookClasspath.shared().paths();
                f = CompletableFuture.supplyAsync(() -> paths.stream().map(ClusterJars::packed).toList())
                        .thenCompose(packed -> send(member, executor, packed, true));
                shipping.put(member.uuid, f);
                f.whenComplete((v, e) -> {
                    synchronized (this) {
                        shipping.remove(member.uuid);
                        if (e == null) current.put(member.uuid, paths.size());
                    }
                });
            }
        }
        f.whenComplete((v, e) -> {
            if (e == null) then.run();
            else failed.accept(e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e);
        });
    }

    private CompletableFuture<Void> send(MemberSlot member, IExecutorService executor, List<Packed> jars, boolean retry) {
        Set<String> has = MEMBER_HAS.computeIfAbsent(member.uuid, k -> ConcurrentHashMap.newKeySet());
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (Packed p : jars) {
            if (has.contains(p.hash())) continue;
            chain = chain.thenCompose(v -> call(executor, member, envelopes.signed(JarShipment.store(p.hash(), p.bytes()))))
                    .thenAccept(reply -> {
                        if (!reply.isEmpty()) throw new IllegalStateException("member " + member.describe() + ": " + reply);
                        has.add(p.hash());
                    });
        }
        List<String> order = jars.stream().map(Packed::hash).toList();
        return chain.thenCompose(v -> call(executor, member, envelopes.signed(JarShipment.use(envelopes.session(), order)))).thenCompose(reply -> {
            if (reply.isEmpty()) return CompletableFuture.completedFuture(null);
            if (!retry || !reply.startsWith("missing ")) {
                throw new IllegalStateException("member " + member.describe() + " could not load the notebook's jars: " + reply);
            }
            has.removeAll(List.of(reply.substring("missing ".length()).split(" "))); // its cache lost them
            return send(member, executor, jars, false);
        });
    }

    private static CompletableFuture<String> call(IExecutorService executor, MemberSlot member, JarShipment s) {
        return ((CompletionStage<String>) executor.submitToMember(s, member.member)).toCompletableFuture();
    }

    private static Packed packed(Path path) {
        try {
            long size = Files.isDirectory(path) ? -1 : Files.size(path);
            long modified = Files.getLastModifiedTime(path).toMillis();
            Packed p = PACKED.get(path);
            if (p != null && p.size() == size && p.modified() == modified && size >= 0) return p;
            p = new Packed(MemberJars.sha256(Files.isDirectory(path) ? zip(path) : Files.readAllBytes(path)), size, modified, path);
            PACKED.put(path, p);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + " to send it to a member", e);
        }
    }

    /** A directory of classes as jar bytes, entries in name order with fixed times, so its hash is stable. */
    static byte[] zip(Path dir) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(Files::isRegularFile).sorted().forEach(files::add);
        }
        try (ZipOutputStream zip = new ZipOutputStream(buf)) {
            for (Path f : files) {
                ZipEntry e = new ZipEntry(dir.relativize(f).toString().replace('\\', '/'));
                e.setTime(0);
                zip.putNextEntry(e);
                zip.write(Files.readAllBytes(f));
                zip.closeEntry();
            }
        }
        return buf.toByteArray();
    }
}
