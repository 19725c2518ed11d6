package dev.muster.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real terminal for tests: a tmux server of its own (private socket, no user config) with one
 * window running a clean bash. Keys go in with send-keys, the screen comes out with capture-pane.
 */
public final class TmuxPane implements AutoCloseable {
    private final Path socket;
    private final String target = "t";

    private TmuxPane(Path socket) {
        this.socket = socket;
    }

    public static boolean available() {
        try {
            return new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    public static TmuxPane start(Path dir, int width, int height) throws IOException, InterruptedException {
        TmuxPane pane = new TmuxPane(dir.resolve("tmux.sock"));
        pane.tmux("-f", "/dev/null", "new-session", "-d", "-s", pane.target, "-x", Integer.toString(width), "-y",
                Integer.toString(height), "env -i PATH=/usr/bin:/bin TERM=screen LC_ALL=C.UTF-8 HOME=" + dir
                        + " HISTFILE=/dev/null PS1='shell$ ' bash --norc --noprofile");
        pane.tmux("set-option", "-t", pane.target, "window-size", "manual");
        return pane;
    }

    /** Types text literally, then Enter. */
    public void type(String text) throws IOException, InterruptedException {
        tmux("send-keys", "-t", target, "-l", text);
        tmux("send-keys", "-t", target, "Enter");
    }

    /** One key, literally (e.g. "q", "n"). */
    public void key(String key) throws IOException, InterruptedException {
        tmux("send-keys", "-t", target, "-l", key);
    }

    /** A key by tmux's name for it (e.g. "C-c"). */
    public void namedKey(String key) throws IOException, InterruptedException {
        tmux("send-keys", "-t", target, key);
    }

    public void resize(int width, int height) throws IOException, InterruptedException {
        tmux("resize-window", "-t", target, "-x", Integer.toString(width), "-y", Integer.toString(height));
    }

    /** The visible screen, one string per row (trailing blanks kept off by tmux). */
    public List<String> screen() throws IOException, InterruptedException {
        return List.of(tmux("capture-pane", "-p", "-t", target).split("\n", -1));
    }

    /** Polls the screen until it matches, or fails with the last screen after the timeout. */
    public List<String> await(String what, Predicate<List<String>> until) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<String> last = screen();
        while (!until.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; screen:\n" + String.join("\n", last));
            }
            Thread.sleep(50);
            last = screen();
        }
        return last;
    }

    private String tmux(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-S", socket.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("tmux " + String.join(" ", args) + " failed: " + out);
        }
        return out;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        long pid = Long.parseLong(tmux("display-message", "-p", "#{pid}").trim());
        tmux("kill-server");
        // The server exits asynchronously; wait for it, or the test's temporary directory (its
        // shell's HOME and the socket's place) may be deleted under it.
        var server = ProcessHandle.of(pid);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        java.nio.file.Files.deleteIfExists(socket);
    }
}
