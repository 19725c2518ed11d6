package dev.muster.core.exec;

/** Receives a command's output as it arrives, in chunks of bytes. */
@FunctionalInterface
public interface OutputSink {
    enum Stream { STDOUT, STDERR }

    void write(Stream stream, byte[] data, int offset, int length);
}
