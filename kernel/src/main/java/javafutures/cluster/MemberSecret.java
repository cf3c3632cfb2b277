package javafutures.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * Where a member's secret comes from: a file only its owner can read (remote members, {@code --secret-file}),
 * or the first line of stdin (members a kernel starts, {@code --secret-stdin}); never the command line or the
 * environment, which other users of the machine can read. Stateless.
 */
final class MemberSecret {
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private MemberSecret() {
    }

    /** The secret in {@code file}, which must be readable by its owner only (mode 0600 or 0400). */
    static byte[] readFile(Path file) throws IOException {
        Set<PosixFilePermission> perms;
        try {
            perms = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException e) {
            throw new IllegalArgumentException("cannot check who may read " + file + " (not a POSIX file system);"
                    + " keep the secret file on one that has permissions");
        }
        for (PosixFilePermission p : perms) {
            if (OTHERS.contains(p)) {
                throw new IllegalArgumentException("refusing the secret file " + file + ": other users may read or"
                        + " change it (" + java.nio.file.attribute.PosixFilePermissions.toString(perms)
                        + "); run: chmod 600 " + file);
            }
        }
        String text = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) throw new IllegalArgumentException("the secret file " + file + " is empty");
        return check(TaskSigner.decode(text), "the secret file " + file);
    }

    /** The first line of {@code in}, read byte by byte so that nothing after it is consumed. */
    static byte[] readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            sb.append((char) c);
            if (sb.length() > 4096) throw new IllegalArgumentException("the secret on stdin is too long");
        }
        if (sb.toString().isBlank()) throw new IllegalArgumentException("no secret arrived on stdin");
        return check(TaskSigner.decode(sb.toString()), "the secret on stdin");
    }

    private static byte[] check(byte[] secret, String what) {
        if (secret.length < 16) throw new IllegalArgumentException(what + " is too short: use at least 16 bytes");
        return secret;
    }
}
