package javafutures.libraries;

import org.eclipse.aether.AbstractRepositoryListener;
import org.eclipse.aether.RepositoryEvent;
import org.eclipse.aether.RepositoryListener;
import org.eclipse.aether.transfer.AbstractTransferListener;
import org.eclipse.aether.transfer.TransferCancelledException;
import org.eclipse.aether.transfer.TransferEvent;
import org.eclipse.aether.transfer.TransferResource;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * What the resolver is doing, as one line for the notebook's progress display, plus two duties: stopping a
 * resolution the notebook interrupted (a transfer in flight is cancelled at its next chunk), and failing fast
 * when a repository cannot be reached at all (after the first connection to it fails, later transfers from it
 * are not attempted, so no network means one timeout, not one per artifact). Called from the resolver's
 * threads (downloads run in parallel): thread-safe.
 */
final class ResolverEvents extends AbstractTransferListener {
    /** Receives progress lines; may be called often and from several threads. */
    interface Progress {
        void report(String line);
    }

    private record Transfer(TransferResource resource, long done) {
    }

    private final Progress progress;
    private final BooleanSupplier cancelled;
    private final Map<TransferResource, Transfer> active = new ConcurrentHashMap<>();
    /** Repository URL to why it could not be reached. */
    private final Map<String, String> unreachable = new ConcurrentHashMap<>();
    private final RepositoryListener repositoryListener = new AbstractRepositoryListener() {
        @Override
        public void artifactResolving(RepositoryEvent event) {
            if (event.getArtifact() != null) progress.report("resolving " + MavenResolver.coordinate(event.getArtifact()));
        }

        @Override
        public void metadataResolving(RepositoryEvent event) {
            if (event.getMetadata() != null && !event.getMetadata().getArtifactId().isEmpty()) {
                progress.report("reading the versions of " + event.getMetadata().getGroupId() + ":"
                        + event.getMetadata().getArtifactId());
            }
        }
    };

    ResolverEvents(Progress progress, BooleanSupplier cancelled) {
        this.progress = progress;
        this.cancelled = cancelled;
    }

    RepositoryListener repositoryListener() {
        return repositoryListener;
    }

    /** Why the first unreachable repository could not be reached, or null. */
    String unreachable() {
        return unreachable.isEmpty() ? null : unreachable.entrySet().iterator().next().getValue();
    }

    void throwIfCancelled() throws LibraryException {
        if (cancelled.getAsBoolean()) throw new LibraryException("interrupted: the resolution was stopped; nothing was added");
    }

    @Override
    public void transferInitiated(TransferEvent event) throws TransferCancelledException {
        checkCancelled();
        String why = unreachable.get(event.getResource().getRepositoryUrl());
        if (why != null) throw new TransferCancelledException("not tried: " + why);
        active.put(event.getResource(), new Transfer(event.getResource(), 0));
        report();
    }

    @Override
    public void transferProgressed(TransferEvent event) throws TransferCancelledException {
        checkCancelled();
        active.put(event.getResource(), new Transfer(event.getResource(), event.getTransferredBytes()));
        report();
    }

    @Override
    public void transferSucceeded(TransferEvent event) {
        active.remove(event.getResource());
    }

    @Override
    public void transferFailed(TransferEvent event) {
        active.remove(event.getResource());
        String why = connectionProblem(event.getException());
        if (why != null) unreachable.putIfAbsent(event.getResource().getRepositoryUrl(), why);
    }

    private void checkCancelled() throws TransferCancelledException {
        if (cancelled.getAsBoolean()) throw new TransferCancelledException("interrupted");
    }

    private void report() {
        long done = 0, total = 0;
        int n = 0;
        String name = null, repo = null;
        for (Transfer t : active.values()) {
            n++;
            done += t.done();
            total += Math.max(0, t.resource().getContentLength());
            String r = t.resource().getResourceName();
            name = r.substring(r.lastIndexOf('/') + 1);
            repo = t.resource().getRepositoryId();
        }
        if (n == 0) return;
        progress.report("downloading " + (n == 1 ? name : n + " files") + " from " + repo + ": "
                + size(done) + (total > 0 ? " of " + size(total) : ""));
    }

    static String size(long bytes) {
        if (bytes < 1024) return bytes + " B";
        if (bytes < 1024 * 1024) return String.format(Locale.ROOT, "%.0f kB", bytes / 1024.0);
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
    }

    /** A sentence when {@code e} says the repository's host could not be reached at all, else null. */
    static String connectionProblem(Throwable e) {
        for (Throwable x = e; x != null; x = x.getCause() == x ? null : x.getCause()) {
            if (x instanceof UnknownHostException) return "unknown host " + x.getMessage();
            if (x instanceof NoRouteToHostException) return "no route to host: " + x.getMessage();
            if (x instanceof ConnectException) return "connection refused: " + x.getMessage();
            if (x instanceof SocketTimeoutException && String.valueOf(x.getMessage()).toLowerCase(Locale.ROOT).contains("connect")) {
                return "connection timed out: " + x.getMessage();
            }
            if (x.getClass().getSimpleName().equals("ConnectTimeoutException")) return "connection timed out: " + x.getMessage();
        }
        return null;
    }
}
