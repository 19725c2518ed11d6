package dev.muster.files;

import java.io.IOException;
import java.io.InputStream;

/**
 * The bytes of one file to distribute, hashed once: a file on the controller's disk (streamed,
 * never held whole in memory) or content rendered in memory (templates).
 */
public interface Content {

    long size();

    /** Lower-case hex SHA-256 of the content. */
    String sha256();

    /** A fresh stream over the content; the caller closes it. */
    InputStream open() throws IOException;

    /** The bytes when they are already in memory (rendered content), else null. */
    default byte[] bytes() {
        return null;
    }

    static Content of(byte[] bytes) {
        return new Bytes(bytes.clone(), Hashing.sha256(bytes));
    }

    record Bytes(byte[] data, String sha256) implements Content {
        @Override
        public long size() {
            return data.length;
        }

        @Override
        public InputStream open() {
            return new java.io.ByteArrayInputStream(data);
        }

        @Override
        public byte[] bytes() {
            return data;
        }
    }

    /**
     * A file on the controller's disk. Its SHA-256 is computed on first need, once, however
     * many hosts ask: a push where nothing changed never reads file content at all.
     */
    final class OnDisk implements Content {
        private final java.nio.file.Path file;
        private final long size;
        private volatile String sha256;

        public OnDisk(java.nio.file.Path file, long size) {
            this.file = file;
            this.size = size;
        }

        public java.nio.file.Path file() {
            return file;
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public String sha256() {
            String h = sha256;
            if (h == null) {
                synchronized (this) {
                    h = sha256;
                    if (h == null) {
                        try {
                            h = Hashing.sha256(file);
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException("cannot read " + file, e);
                        }
                        sha256 = h;
                    }
                }
            }
            return h;
        }

        @Override
        public InputStream open() throws IOException {
            return java.nio.file.Files.newInputStream(file);
        }
    }
}
