package dev.muster.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One sshd process of a fleet, started by absolute path (sshd re-execs itself) in the foreground
 * (-D) with its log on stderr (-e) going to {@code sshd.log}. As root it runs inside
 * {@code unshare -m}, where a private tmpfs on /run provides /run/sshd (the real /run untouched)
 * and bind mounts give it private directories.
 */
final class SshdUnit {

    /** Launch details: how to wrap sshd, and what to mount inside its namespace. */
    record Launch(Path sshd, boolean unshare, String hostname, Map<Path, String> binds) {
    }

    private final String name;
    private final Path config;
    private final Path log;
    private final List<OpenSshHost> hosts;
    private final Launch launch;
    private Process process;

    SshdUnit(String name, Path dir, SshdConfig config, Launch launch) {
        this.name = name;
        this.config = dir.resolve("sshd_config");
        this.log = dir.resolve("sshd.log");
        this.hosts = config.listen();
        this.launch = launch;
        KeyFiles.write(this.config, config.render());
    }

    List<OpenSshHost> hosts() {
        return hosts;
    }

    /** Runs {@code sshd -t} in the same wrapper; throws with sshd's complaint if the config is bad. */
    void test() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command("-t")).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("sshd -t rejected " + config + ": " + output.strip());
        }
    }

    void start() throws IOException {
        process = new ProcessBuilder(command("-D", "-e"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /**
     * Sends SIGTERM to the listener and every per-connection sshd it forked, and returns them all
     * so the caller can wait for many units at once.
     */
    List<ProcessHandle> terminate() {
        if (process == null) {
            return List.of();
        }
        List<ProcessHandle> family = new ArrayList<>(process.descendants().toList());
        process.destroy();
        family.forEach(ProcessHandle::destroy);
        family.add(process.toHandle());
        return family;
    }

    /** Waits up to {@code timeout} for all to exit, then kills what is left. */
    static void awaitExit(List<ProcessHandle> processes, Duration timeout) {
        CompletableFuture<?>[] exits = processes.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(exits).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            processes.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            processes.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        }
    }

    private List<String> command(String... sshdArgs) {
        List<String> sshd = new ArrayList<>(List.of(launch.sshd().toString()));
        sshd.addAll(List.of(sshdArgs));
        sshd.addAll(List.of("-f", config.toString()));
        if (!launch.unshare()) {
            return sshd;
        }
        List<String> cmd = new ArrayList<>(List.of(SshdEnvironment.UNSHARE.toString(), "-m"));
        if (launch.hostname() != null) {
            cmd.add("-u");
        }
        cmd.addAll(List.of("--propagation", "private", "/bin/sh", "-c", script(sshd)));
        return cmd;
    }

    private String script(List<String> sshd) {
        StringBuilder s = new StringBuilder("set -e\n")
                .append("mount -t tmpfs -o mode=0755 muster-run /run\n")
                .append("mkdir -m 0755 /run/sshd\n");
        if (launch.hostname() != null) {
            s.append("echo ").append(quote(launch.hostname())).append(" > /proc/sys/kernel/hostname\n");
        }
        launch.binds().forEach((source, target) ->
                s.append("mount --bind ").append(quote(source.toString())).append(' ').append(quote(target)).append('\n'));
        s.append("exec");
        sshd.forEach(word -> s.append(' ').append(quote(word)));
        return s.append('\n').toString();
    }

    static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    @Override
    public String toString() {
        return "sshd " + name;
    }
}
