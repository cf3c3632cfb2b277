package javafutures.cluster;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Signs and checks {@link TaskEnvelope}s: HMAC-SHA256 with a pool's secret over the session, then per task
 * its class-set id, class bytes and task bytes, then per map part its id, class-set id, class bytes and
 * payload, then the ids of parts to drop, each length-prefixed (so no two envelopes share a byte string).
 * Open-source Hazelcast authenticates nobody: whoever reaches a member's port and knows the cluster name can
 * submit; without the secret its envelopes are refused. Thread-safe (a {@link Mac} per call).
 */
final class TaskSigner {
    static final int SECRET_BYTES = 32;
    private final SecretKeySpec key;

    TaskSigner(byte[] secret) {
        if (secret == null || secret.length < 16) throw new IllegalArgumentException("a secret needs at least 16 bytes");
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
    }

    /** A new random secret, as the text members read (Base64, one line). */
    static String newSecret() {
        byte[] b = new byte[SECRET_BYTES];
        new SecureRandom().nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    /** The secret in a line of text (Base64 as {@link #newSecret()} makes it, or any text of 16+ bytes). */
    static byte[] decode(String text) {
        String t = text.strip();
        try {
            byte[] b = Base64.getDecoder().decode(t);
            if (b.length >= 16) return b;
        } catch (IllegalArgumentException e) {
            // not Base64: the text itself is the secret
        }
        return t.getBytes(StandardCharsets.UTF_8);
    }

    void sign(TaskEnvelope e) {
        e.mac = mac(e);
    }

    boolean verify(TaskEnvelope e) {
        return e.mac != null && MessageDigest.isEqual(e.mac, mac(e));
    }

    /** The MAC of a jar shipment: over its kind, session, hash, bytes and ordered jar list. */
    byte[] mac(JarShipment s) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(key);
            update(m, "jars".getBytes(StandardCharsets.UTF_8)); // never equal to an envelope's byte string
            update(m, s.session == null ? null : s.session.getBytes(StandardCharsets.UTF_8));
            update(m, s.hash == null ? null : s.hash.getBytes(StandardCharsets.UTF_8));
            update(m, s.bytes);
            update(m, s.order == null ? null : String.join(" ", s.order).getBytes(StandardCharsets.UTF_8));
            return m.doFinal();
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException("HmacSHA256 is not available: " + ex, ex);
        }
    }

    boolean verify(JarShipment s) {
        return s.mac != null && MessageDigest.isEqual(s.mac, mac(s));
    }

    private byte[] mac(TaskEnvelope e) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(key);
            update(m, e.session == null ? new byte[0] : e.session.getBytes(StandardCharsets.UTF_8));
            int n = e.tasks == null ? 0 : e.tasks.length;
            m.update(intBytes(n));
            for (int i = 0; i < n; i++) {
                TaskEnvelope.Task task = e.tasks[i];
                m.update(longBytes(task.classSet()));
                update(m, task.classes());
                update(m, task.bytes());
            }
            int p = e.parts == null ? -1 : e.parts.length;
            m.update(intBytes(p));
            for (int i = 0; i < p; i++) {
                TaskEnvelope.MapPart part = e.parts[i];
                m.update(longBytes(part.id()));
                m.update(longBytes(part.classSet()));
                update(m, part.classes());
                update(m, part.payload());
            }
            int d = e.drops == null ? -1 : e.drops.length;
            m.update(intBytes(d));
            for (int i = 0; i < d; i++) m.update(longBytes(e.drops[i]));
            return m.doFinal();
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException("HmacSHA256 is not available: " + ex, ex);
        }
    }

    private static void update(Mac m, byte[] b) {
        if (b == null) {
            m.update(intBytes(-1));
            return;
        }
        m.update(intBytes(b.length));
        m.update(b);
    }

    private static byte[] longBytes(long v) {
        return new byte[] {(byte) (v >>> 56), (byte) (v >>> 48), (byte) (v >>> 40), (byte) (v >>> 32),
                (byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    private static byte[] intBytes(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }
}
