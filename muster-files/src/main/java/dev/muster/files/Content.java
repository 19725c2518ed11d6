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

    record OnDisk(java.nio.file.Path file, long size, String sha256) implements Content {
        @Override
        public InputStream open() throws IOException {
            return java.nio.file.Files.newInputStream(file);
        }
    }
}
