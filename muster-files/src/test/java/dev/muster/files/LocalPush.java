package dev.muster.files;

import dev.muster.core.exec.Connection;
import dev.muster.core.exec.Executor;
import dev.muster.core.exec.ExecutorOptions;
import dev.muster.core.exec.FileTransfer;
import dev.muster.core.exec.Outcome;
import dev.muster.core.exec.RunListener;
import dev.muster.core.exec.StepFailure;
import dev.muster.core.exec.Transport;
import dev.muster.core.inventory.Host;
import dev.muster.core.local.LocalTransport;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

/** Pushes to a directory on this machine through the local transport: real sh, find, sha256sum. */
final class LocalPush {
    static final Host HOST = Host.of("local", "127.0.0.1", 22);

    private LocalPush() {
    }

    static Outcome push(Path src, Path dest, SyncOptions opts) {
        return push(src, dest, opts, Excludes.none());
    }

    static Outcome push(Path src, Path dest, SyncOptions opts, Excludes ex) {
        return run(Push.step(LocalTree.scan(src, ex), dest.toString(), opts, ex), new LocalTransport());
    }

    static Outcome run(SyncStep step, Transport transport) {
        try {
            return new Executor(transport).run(List.of(HOST), step, ExecutorOptions.defaults(), new RunListener() {
            }).outcomes().getFirst();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** A local transport whose commands can be rewritten by the test. */
    static Transport sabotagedExec(UnaryOperator<dev.muster.core.exec.ExecRequest> rewrite) {
        return wrapped(UnaryOperator.identity(), rewrite);
    }

    /** A local transport whose file operations can be sabotaged by the test. */
    static Transport sabotaged(UnaryOperator<FileTransfer> wrap) {
        return wrapped(wrap, UnaryOperator.identity());
    }

    private static Transport wrapped(UnaryOperator<FileTransfer> wrap,
                                     UnaryOperator<dev.muster.core.exec.ExecRequest> rewrite) {
        LocalTransport local = new LocalTransport();
        return new Transport() {
            @Override
            public Connection connect(Host host) throws StepFailure, InterruptedException {
                Connection c = local.connect(host);
                return new Connection() {
                    @Override
                    public Host host() {
                        return host;
                    }

                    @Override
                    public dev.muster.core.exec.ExecResult exec(dev.muster.core.exec.ExecRequest r)
                            throws StepFailure, InterruptedException {
                        return c.exec(rewrite.apply(r));
                    }

                    @Override
                    public FileTransfer files() throws StepFailure, InterruptedException {
                        return wrap.apply(c.files());
                    }

                    @Override
                    public void close() {
                        c.close();
                    }
                };
            }

            @Override
            public void close() {
            }
        };
    }

    /** Delegates everything; override what a test breaks. */
    static class Forwarding implements FileTransfer {
        final FileTransfer d;

        Forwarding(FileTransfer d) {
            this.d = d;
        }

        @Override
        public long upload(String path, InputStream content, int mode, long mtime)
                throws StepFailure, InterruptedException {
            return d.upload(path, content, mode, mtime);
        }

        @Override
        public byte[] download(String path, int maxBytes) throws StepFailure, InterruptedException {
            return d.download(path, maxBytes);
        }

        @Override
        public void mkdir(String path, int mode) throws StepFailure, InterruptedException {
            d.mkdir(path, mode);
        }

        @Override
        public void setAttributes(String path, Integer mode, Integer uid, Integer gid, Long mtime)
                throws StepFailure, InterruptedException {
            d.setAttributes(path, mode, uid, gid, mtime);
        }

        @Override
        public void symlink(String link, String target) throws StepFailure, InterruptedException {
            d.symlink(link, target);
        }

        @Override
        public void rename(String from, String to) throws StepFailure, InterruptedException {
            d.rename(from, to);
        }

        @Override
        public void remove(List<String> paths) throws StepFailure, InterruptedException {
            d.remove(paths);
        }

        @Override
        public void close() {
            d.close();
        }
    }
}
