package dev.muster.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command line through /bin/sh -c in a host's directory (HOME set to it), copying the
 * channel's streams to and from the process.
 *
 * <p>As with sshd, the command is over when its output closes, not when the shell exits: a
 * background process that keeps stdout open keeps the channel open. When the channel goes first
 * (the client closed it or timed out, or the fleet stopped), every process the command started
 * is killed: the shell leads a session of its own (setsid) and its whole process group goes, so
 * no child is left holding the pipes.
 *
 * <p>The pipes are copied on platform threads. A read of a pipe holds a virtual thread's carrier
 * for as long as it blocks, and the JDK retires the spare carrier it adds for such a read after
 * 30 s idle: two reads that never ended (a killed shell's child still held the pipes) once left a
 * two-core JVM with no carrier for any other virtual thread, and the whole test run hung (issue 22).
 */
final class ShellBehaviour implements Behaviour {

    private static final Path SETSID = Path.of("/usr/bin/setsid");
    /** How long copies may take to end once the process group is killed. */
    private static final long DRAIN_MILLIS = 5_000;

    private final String line;
    private final Path home;
    private final String user;
    private final Map<String, String> clientEnv;

    ShellBehaviour(String line, Path home, String user, Map<String, String> clientEnv) {
        this.line = line;
        this.home = home;
        this.user = user;
        this.clientEnv = clientEnv;
    }

    @Override
    public int run(InputStream in, OutputStream out, OutputStream err) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            command.add(SETSID.toString()); // the JDK's child never leads a group, so setsid execs in place
        }
        command.addAll(List.of("/bin/sh", "-c", line));
        ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile());
        Map<String, String> env = pb.environment();
        env.putAll(clientEnv);
        env.put("HOME", home.toString());
        env.put("USER", user);
        env.put("LOGNAME", user);
        env.put("PWD", home.toString());
        Process process = pb.start();
        Thread feed = copier("stdin", () -> copy(in, process.getOutputStream(), true));
        Thread stdout = copier("stdout", () -> copy(process.getInputStream(), out, false));
        Thread stderr = copier("stderr", () -> copy(process.getErrorStream(), err, false));
        boolean outputClosed = false;
        try {
            int code = process.waitFor();
            stdout.join();
            stderr.join();
            outputClosed = true;
            return code;
        } finally {
            feed.interrupt();
            if (!outputClosed) {
                killGroup(process);
                stdout.join(DRAIN_MILLIS);
                stderr.join(DRAIN_MILLIS);
            }
            process.destroyForcibly();
        }
    }

    private static Thread copier(String stream, Runnable copy) {
        return Thread.ofPlatform().daemon().name("fake-shell-" + stream).start(copy);
    }

    /** Kills the shell and everything it started, also children it no longer waits for. */
    private static void killGroup(Process shell) throws InterruptedException {
        shell.descendants().forEach(ProcessHandle::destroyForcibly);
        shell.destroyForcibly();
        if (!Files.isExecutable(SETSID)) {
            return;
        }
        try {
            Process kill = new ProcessBuilder("/bin/sh", "-c", "kill -KILL -" + shell.pid() + " 2>/dev/null")
                    .redirectErrorStream(true).start();
            kill.getInputStream().close();
            kill.waitFor(DRAIN_MILLIS, TimeUnit.MILLISECONDS);
        } catch (IOException e) {
            // no group left, or no shell to send the signal: the descendants went above
        }
    }

    private static void copy(InputStream from, OutputStream to, boolean closeTarget) {
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = from.read(buffer)) >= 0; ) {
                to.write(buffer, 0, n);
                to.flush();
            }
        } catch (IOException e) {
            // the other side went away: the exit code tells the story
        } finally {
            if (closeTarget) {
                try {
                    to.close();
                } catch (IOException ignored) {
                    // nothing left to tell the process
                }
            }
        }
    }
}
