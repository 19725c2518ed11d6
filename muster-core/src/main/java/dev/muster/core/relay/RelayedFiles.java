package dev.muster.core.relay;

import dev.muster.core.exec.ExecRequest;
import dev.muster.core.exec.ExecResult;
import dev.muster.core.exec.FailureKind;
import dev.muster.core.exec.FileTransfer;
import dev.muster.core.exec.StepFailure;
import dev.muster.core.step.Shell;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * File operations on a leaf behind a relay, with the leaf's stock shell tools instead of SFTP
 * (the relay's ssh runs commands, not subsystems we could reach): each operation is one command
 * on the leaf through the relay ({@code cat >}, {@code mkdir -m}, {@code mv -f}, ...). Content
 * goes over the relay's connection once per leaf: what differs per host (a rendered template) has
 * to anyway. Operations run one at a time, so a step's parallel file operations never open more
 * than one ssh connection from the relay to a leaf at once.
 */
final class RelayedFiles implements FileTransfer {
    /** Exit status of {@link #download} when the file does not exist. */
    private static final int ABSENT = 44;

    private final RelayedConnection leaf;

    RelayedFiles(RelayedConnection leaf) {
        this.leaf = leaf;
    }

    @Override
    public long upload(String path, InputStream content, int mode, long mtime) throws StepFailure, InterruptedException {
        AtomicLong sent = new AtomicLong();
        InputStream counted = new java.io.FilterInputStream(content) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    sent.incrementAndGet();
                }
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                int n = super.read(buf, off, len);
                if (n > 0) {
                    sent.addAndGet(n);
                }
                return n;
            }
        };
        String p = Shell.quote(path);
        // created private (umask 077) before the first byte, then given its mode: as the SFTP upload
        run("upload " + path, "(umask 077 && cat > " + p + ") && chmod " + octal(mode) + " -- " + p
                + " && touch -m -d @" + mtime + " -- " + p, new ExecRequest("", null, null, null, 0)
                .withStdin(() -> counted));
        return sent.get();
    }

    @Override
    public synchronized byte[] download(String path, int maxBytes) throws StepFailure, InterruptedException {
        String p = Shell.quote(path);
        ExecResult r = leaf.exec(new ExecRequest("[ -e " + p + " ] || exit " + ABSENT + "; head -c " + maxBytes + " -- " + p,
                null, null, null, Math.max(1, maxBytes)));
        if (r.exitCode() != null && r.exitCode() == ABSENT) {
            return null;
        }
        check("read " + path, r);
        return r.stdout();
    }

    @Override
    public void mkdir(String path, int mode) throws StepFailure, InterruptedException {
        run("mkdir " + path, "mkdir -m " + octal(mode) + " -- " + Shell.quote(path), null);
    }

    @Override
    public void setAttributes(String path, Integer mode, Integer uid, Integer gid, Long mtime)
            throws StepFailure, InterruptedException {
        String p = Shell.quote(path);
        StringBuilder cmd = new StringBuilder("true");
        if (uid != null || gid != null) {
            cmd.append(" && chown -h -- ").append(uid == null ? "" : uid).append(gid == null ? "" : ":" + gid)
                    .append(' ').append(p);
        }
        if (mode != null) {
            cmd.append(" && chmod ").append(octal(mode)).append(" -- ").append(p);
        }
        if (mtime != null) {
            cmd.append(" && touch -h -m -d @").append(mtime).append(" -- ").append(p);
        }
        run("set attributes of " + path, cmd.toString(), null);
    }

    @Override
    public void symlink(String link, String target) throws StepFailure, InterruptedException {
        run("link " + link, "ln -s -- " + Shell.quote(target) + " " + Shell.quote(link), null);
    }

    @Override
    public void rename(String from, String to) throws StepFailure, InterruptedException {
        // mv -T: rename(2) onto the path itself, never into a directory of that name
        run("rename " + from, "mv -f -T -- " + Shell.quote(from) + " " + Shell.quote(to), null);
    }

    @Override
    public void remove(List<String> paths) throws StepFailure, InterruptedException {
        if (paths.isEmpty()) {
            return;
        }
        StringBuilder list = new StringBuilder();
        paths.forEach(p -> list.append(p).append('\n'));
        // in the order given; a directory (not a link to one) with rmdir, anything else with rm -f
        run("remove " + paths.size() + " paths", "while IFS= read -r p; do if [ -d \"$p\" ] && [ ! -L \"$p\" ]; "
                + "then rmdir -- \"$p\" || exit 1; else rm -f -- \"$p\" || exit 1; fi; done",
                new ExecRequest("", list.toString().getBytes(StandardCharsets.UTF_8), null, null, 0));
    }

    private synchronized void run(String what, String command, ExecRequest stdin) throws StepFailure, InterruptedException {
        ExecRequest request = stdin == null ? new ExecRequest(command, null, null, null, 0) : stdin.withCommand(command);
        check(what, leaf.exec(request));
    }

    private void check(String what, ExecResult r) throws StepFailure {
        if (!r.succeeded()) {
            throw new StepFailure(FailureKind.TRANSFER_FAILED, leaf.host().name() + ": cannot " + what + " (via relay "
                    + leaf.relayName() + "): " + RelayedConnection.firstLine(r.stderrText()));
        }
    }

    private static String octal(int mode) {
        return String.format("%04o", mode & 07777);
    }

    @Override
    public void close() {
        // nothing held: every operation was a command of its own
    }
}
