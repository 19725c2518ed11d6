package dev.muster.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * Runs a command line through /bin/sh -c in a host's directory (HOME set to it), copying the
 * channel's streams to and from the process.
 */
final class ShellBehaviour implements Behaviour {

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
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", line).directory(home.toFile());
        Map<String, String> env = pb.environment();
        env.putAll(clientEnv);
        env.put("HOME", home.toString());
        env.put("USER", user);
        env.put("LOGNAME", user);
        env.put("PWD", home.toString());
        Process process = pb.start();
        try {
            Thread feed = Thread.ofVirtual().start(() -> copy(in, process.getOutputStream(), true));
            Thread stdout = Thread.ofVirtual().start(() -> copy(process.getInputStream(), out, false));
            Thread stderr = Thread.ofVirtual().start(() -> copy(process.getErrorStream(), err, false));
            int code = process.waitFor();
            stdout.join();
            stderr.join();
            feed.interrupt();
            return code;
        } finally {
            process.destroyForcibly();
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
