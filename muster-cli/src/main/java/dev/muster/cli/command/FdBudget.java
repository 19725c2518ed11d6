package dev.muster.cli.command;

import dev.muster.core.InputException;

/**
 * How many file descriptors this process may still open, and what that allows: each host in
 * flight holds one socket (its SSH session; channels share it), and every idle pooled session
 * holds one too. The pool is capped below the limit (idle sessions are closed, least recently used
 * first, to make room), and a fan-out the limit cannot carry is refused before anything runs,
 * instead of hosts failing with "too many open files" half-way through.
 *
 * @param limit the open-files limit (RLIMIT_NOFILE; the JVM raises the soft limit to the hard one)
 * @param open  descriptors open now (jars, the terminal, the run store...)
 */
record FdBudget(long limit, long open) {
    /**
     * Kept free for what is not a session: a push's local files being read (up to 96 at once),
     * the run store, log files, the JVM's own.
     */
    static final int RESERVE = 160;

    /**
     * This process's budget, read from /proc (Linux: the soft limit from /proc/self/limits, which the
     * JVM has raised to the hard one, and the entries of /proc/self/fd); unlimited where /proc
     * does not tell (read here rather than through com.sun.management, which the release's runtime
     * need not carry).
     */
    static FdBudget current() {
        try (java.util.stream.Stream<java.nio.file.Path> fds = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/fd"))) {
            long open = fds.count();
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String soft = line.substring("Max open files".length()).strip().split("\\s+")[0];
                    return new FdBudget(soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft), open);
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux, or /proc not mounted: no budget to enforce
        }
        return new FdBudget(Long.MAX_VALUE, 0);
    }

    /** Sessions that can be open at once. */
    long forSessions() {
        return Math.max(0, limit - open - RESERVE);
    }

    /** Refuses -f N when N sessions in flight would not fit (exit 2, nothing runs). */
    void check(int forks) {
        if (forks > forSessions()) {
            throw InputException.option("-f", "-f " + forks + " needs about " + (forks + RESERVE)
                    + " open files, but this process may open " + limit + " (" + open + " open already): lower -f to "
                    + forSessions() + " or less, or raise the open-files limit (ulimit -n; the hard limit, since "
                    + "muster already raises the soft one to it)");
        }
    }

    /** The pool's session cap: {@code wanted}, but never past the limit (never below -f, which {@link #check} ensured). */
    int maxSessions(int wanted, int forks) {
        return (int) Math.max(forks, Math.min(wanted, forSessions()));
    }
}
