package dev.muster.testkit;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.HotSpotDiagnosticMXBean.ThreadDumpFormat;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.PreInterruptCallback;
import org.junit.jupiter.api.extension.PreInterruptContext;

/**
 * When JUnit's timeout is about to interrupt a test, prints the JVM's thread dump (virtual
 * threads included, unlike JUnit's own printer) to the test's output, so the report of a test
 * that hung says where every thread waited. Registered by each module's
 * {@code META-INF/services/org.junit.jupiter.api.extension.Extension} test resource.
 */
public final class ThreadDumpOnTimeout implements PreInterruptCallback {

    @Override
    public void beforeThreadInterrupt(PreInterruptContext context, ExtensionContext test) throws IOException {
        Path dir = Files.createTempDirectory("muster-timeout");
        Path file = dir.resolve("threads.txt");
        try {
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .dumpThreads(file.toString(), ThreadDumpFormat.TEXT_PLAIN);
            System.out.println("Timed out: " + test.getUniqueId() + "; about to interrupt thread '"
                    + context.getThreadToInterrupt().getName() + "'. Thread dump, virtual threads included:\n"
                    + Files.readString(file));
            System.out.flush();
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }
}
