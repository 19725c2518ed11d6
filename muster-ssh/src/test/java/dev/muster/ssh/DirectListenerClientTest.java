package dev.muster.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.common.channel.ChannelListener;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.junit.jupiter.api.Test;

class DirectListenerClientTest {
    private final DirectListenerClient client = new DirectListenerClient();

    @Test
    void everySessionAndChannelEventIsPassedOn() {
        // A MINA upgrade that adds an event must add it here too, or listeners would miss it.
        assertOverridesEveryMethod(client.getSessionListenerProxy().getClass(), SessionListener.class);
        assertOverridesEveryMethod(client.getChannelListenerProxy().getClass(), ChannelListener.class);
    }

    private static void assertOverridesEveryMethod(Class<?> impl, Class<?> listener) {
        for (Method m : listener.getMethods()) {
            if (Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            assertThat(impl.getDeclaredMethods()).as(listener.getSimpleName() + "." + m.getName())
                    .anySatisfy(d -> {
                        assertThat(d.getName()).isEqualTo(m.getName());
                        assertThat(d.getParameterTypes()).isEqualTo(m.getParameterTypes());
                    });
        }
    }

    @Test
    void eachListenerHearsTheEventInTheOrderAdded() {
        List<String> heard = new ArrayList<>();
        client.addSessionListener(new SessionListener() {
            @Override
            public void sessionCreated(Session s) {
                heard.add("first");
            }
        });
        client.addSessionListener(new SessionListener() {
            @Override
            public void sessionCreated(Session s) {
                heard.add("second");
            }

            @Override
            public void sessionEvent(Session s, Event e) {
                heard.add("event " + e);
            }
        });

        client.getSessionListenerProxy().sessionCreated(null);
        client.getSessionListenerProxy().sessionEvent(null, SessionListener.Event.Authenticated);

        assertThat(heard).containsExactly("first", "second", "event Authenticated");
    }

    @Test
    void aListenerThatThrowsDoesNotStopTheOthersAndTheFirstFailureIsRethrown() {
        List<String> heard = new ArrayList<>();
        RuntimeException first = new IllegalStateException("first");
        AssertionError second = new AssertionError("second");
        client.addChannelListener(new ChannelListener() {
            @Override
            public void channelStateChanged(org.apache.sshd.common.channel.Channel c, String hint) {
                throw first;
            }
        });
        client.addChannelListener(new ChannelListener() {
            @Override
            public void channelStateChanged(org.apache.sshd.common.channel.Channel c, String hint) {
                heard.add(hint);
                throw second;
            }
        });

        assertThatThrownBy(() -> client.getChannelListenerProxy().channelStateChanged(null, "eof"))
                .isSameAs(first)
                .satisfies(e -> assertThat(e.getSuppressed()).containsExactly(second));
        assertThat(heard).containsExactly("eof");
    }

    @Test
    void anErrorAloneIsRethrownAsItIs() {
        AssertionError only = new AssertionError("only");
        client.addSessionListener(new SessionListener() {
            @Override
            public void sessionClosed(Session s) {
                throw only;
            }
        });

        assertThatThrownBy(() -> client.getSessionListenerProxy().sessionClosed(null)).isSameAs(only);
    }
}
