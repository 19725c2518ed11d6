package dev.muster.ssh;

import java.util.List;
import java.util.function.Supplier;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.auth.AbstractUserAuth;
import org.apache.sshd.server.auth.AbstractUserAuthFactory;
import org.apache.sshd.server.auth.UserAuth;
import org.apache.sshd.server.auth.UserAuthFactory;
import org.apache.sshd.server.auth.keyboard.UserAuthKeyboardInteractive;
import org.apache.sshd.server.auth.password.UserAuthPassword;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKey;
import org.apache.sshd.server.session.ServerSession;

/** {@link TestServer}'s user-auth methods, each recording the requests it receives. */
final class AuthRecorder {
    private AuthRecorder() {
    }

    /** "none": recorded, then refused (the server lists its real methods in the answer). */
    static UserAuthFactory none(List<String> requests) {
        return factory("none", () -> new AbstractUserAuth("none") {
            @Override
            protected Boolean doAuth(Buffer buffer, boolean init) {
                requests.add("none");
                return Boolean.FALSE;
            }
        });
    }

    /** The server's one login method: publickey, password or keyboard-interactive. */
    static UserAuthFactory method(String name, List<String> requests) {
        return factory(name, () -> switch (name) {
            case "publickey" -> new UserAuthPublicKey() {
                @Override
                public Boolean doAuth(Buffer buffer, boolean init) throws Exception {
                    if (init) {
                        // the request's first field: whether a signature follows
                        requests.add(buffer.rawByte(buffer.rpos()) != 0 ? "publickey signed" : "publickey query");
                    }
                    return super.doAuth(buffer, init);
                }
            };
            case "password" -> new UserAuthPassword() {
                @Override
                public Boolean doAuth(Buffer buffer, boolean init) throws Exception {
                    if (init) {
                        requests.add("password");
                    }
                    return super.doAuth(buffer, init);
                }
            };
            case "keyboard-interactive" -> new UserAuthKeyboardInteractive() {
                @Override
                public Boolean doAuth(Buffer buffer, boolean init) throws Exception {
                    if (init) {
                        requests.add("keyboard-interactive");
                    }
                    return super.doAuth(buffer, init);
                }
            };
            default -> throw new IllegalArgumentException(name);
        });
    }

    private static UserAuthFactory factory(String name, Supplier<UserAuth> make) {
        return new AbstractUserAuthFactory(name) {
            @Override
            public UserAuth createUserAuth(ServerSession session) {
                return make.get();
            }
        };
    }
}
