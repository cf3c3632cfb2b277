package javafutures.process;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;

/**
 * A stand-in worker main for tests: says HELLO, then closes its stdin and lives on, so every frame the
 * kernel writes to it fails with a broken pipe while the process is still alive (started through
 * {@code jvmArgs("-cp", classpath, DeafWorker.class.getName())}, which runs this class instead of the worker's).
 */
public final class DeafWorker {
    private DeafWorker() {
    }

    public static void main(String[] args) throws Exception {
        new FileInputStream(FileDescriptor.in).close();
        FrameWriter out = new FrameWriter(new FileOutputStream(FileDescriptor.out), 1024);
        Wire.Buffer hello = new Wire.Buffer(64);
        java.io.DataOutputStream h = new java.io.DataOutputStream(hello);
        h.writeLong(ProcessHandle.current().pid());
        Wire.writeString(h, System.getProperty("java.version"));
        out.write(Frames.HELLO, 0, hello.toByteArray());
        out.flush();
        Thread.sleep(120_000); // killed long before
    }
}
