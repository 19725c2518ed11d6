package dev.muster.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.eclipse.jetty.io.EofException;
import org.junit.jupiter.api.Test;

/**
 * A client that closes an event stream makes the next write fail after Jetty has ended the
 * request: the server's error handler must neither answer it nor log it as a server failure (it
 * used to throw a NullPointerException asking the ended request for its path, for every closed
 * stream).
 */
class ClientGoneTest {
    @Test
    void aClosedClientConnectionIsRecognisedThroughWrappers() {
        assertThat(MusterServer.clientGone(new EofException("closed"))).isTrue();
        assertThat(MusterServer.clientGone(new UncheckedIOException(new EofException()))).isTrue();
        assertThat(MusterServer.clientGone(new RuntimeException(new IOException("Broken pipe")))).isTrue();
        assertThat(MusterServer.clientGone(new IOException("Connection reset by peer"))).isTrue();
        assertThat(MusterServer.clientGone(new java.nio.channels.ClosedChannelException())).isTrue();
        // Javalin closing an event stream whose response Jetty has recycled
        assertThat(MusterServer.clientGone(new IllegalStateException("Response does not exist (likely recycled)"))).isTrue();
    }

    @Test
    void otherFailuresAreTheServersOwn() {
        assertThat(MusterServer.clientGone(new IllegalStateException("bug"))).isFalse();
        assertThat(MusterServer.clientGone(new UncheckedIOException(new IOException("No space left on device")))).isFalse();
        assertThat(MusterServer.clientGone(new IOException((String) null))).isFalse();
    }
}
