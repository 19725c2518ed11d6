package dev.muster.ssh;

import java.io.Closeable;
import java.io.IOException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.sshd.client.auth.pubkey.KeyPairIdentity;
import org.apache.sshd.client.auth.pubkey.PublicKeyIdentity;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKey;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.client.future.AuthFuture;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.client.session.ClientUserAuthService;
import org.apache.sshd.client.session.ClientUserAuthServiceFactory;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.Service;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.RequestHandler;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.apache.sshd.common.io.IoWriteFuture;
import org.apache.sshd.common.kex.extension.DefaultClientKexExtensionHandler;
import org.apache.sshd.common.kex.extension.parser.HostBoundPubkeyAuthentication;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.helpers.AbstractConnectionServiceRequestHandler;
import org.apache.sshd.common.signature.Signature;
import org.apache.sshd.common.signature.SignatureFactoriesHolder;
import org.apache.sshd.common.signature.SignatureFactoriesManager;
import org.apache.sshd.common.util.buffer.Buffer;

/**
 * Public-key authentication in one round trip where MINA takes three.
 *
 * <p>MINA's client opens with a {@code none} request (to learn the server's methods), then
 * queries each key without a signature and signs only after the server's PK_OK: on a cold
 * fan-out that is two extra round trips per host, and sshd reads authorized_keys twice.
 * muster authenticates with keys only, so:
 * <ul>
 *   <li>no {@code none} probe: the first request is already a public-key one;</li>
 *   <li>when the first key to offer is a private key held here (a key file, not an agent
 *       key), it goes out signed straight away, as OpenSSH's client does with a key file
 *       whose public half it does not have. Agent keys are still queried first, as OpenSSH
 *       does: an agent may ask its user to confirm each signature.</li>
 * </ul>
 * A refused key falls back to the next one exactly as before (queried, then signed), and a
 * server that takes no public keys answers the first request with its methods, ending the
 * attempt as "no more authentication methods".
 */
final class DirectAuth {
    private DirectAuth() {
    }

    /** The user-auth service: a public-key request first instead of {@code none}. */
    static final ClientUserAuthServiceFactory SERVICE = new ClientUserAuthServiceFactory() {
        @Override
        public Service create(Session session) throws IOException {
            return new KeysFirstService(session);
        }
    };

    /** Public-key authentication that signs its first key right away when it holds the private key. */
    static final UserAuthPublicKeyFactory PUBLIC_KEY = new UserAuthPublicKeyFactory() {
        @Override
        public UserAuthPublicKey createUserAuth(ClientSession session) {
            return new SignFirst(getSignatureFactories());
        }
    };

    /**
     * OpenSSH's {@code hostkeys-00@openssh.com} notice, sent after every login, lists all the server's
     * host keys for clients that update known_hosts from it. muster never does, and MINA's own handler
     * decodes every key (RSA and ECDSA ones included) only to drop them: this one skips the decoding.
     */
    static final RequestHandler<ConnectionService> IGNORE_HOST_KEYS_NOTICE = new IgnoreHostKeysNotice();

    private static final class IgnoreHostKeysNotice extends AbstractConnectionServiceRequestHandler {
        @Override
        public Result process(ConnectionService service, String request, boolean wantReply, Buffer buffer)
                throws Exception {
            if (!"hostkeys-00@openssh.com".equals(request)) {
                return super.process(service, request, wantReply, buffer);
            }
            return wantReply ? Result.ReplyFailure : Result.Replied;
        }
    }

    private static final class KeysFirstService extends ClientUserAuthService {
        KeysFirstService(Session session) {
            super(session);
        }

        @Override
        protected IoWriteFuture sendInitialAuthRequest(ClientSession session, String service) throws IOException {
            AuthFuture future = authFutureHolder.get();
            if (future == null || !clientMethods.equals(List.of(UserAuthPublicKey.NAME))) {
                return super.sendInitialAuthRequest(session, service);
            }
            // As if the server had answered "none" with "publickey": tryNext sends the first key.
            serverMethods = new ArrayList<>(clientMethods);
            try {
                tryNext(SshConstants.SSH_MSG_USERAUTH_REQUEST, future);
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(e);
            }
            return null; // the caller only needs exceptions; the request's own write is not awaited
        }
    }

    static final class SignFirst extends UserAuthPublicKey {
        private boolean first = true;

        SignFirst(List<NamedFactory<Signature>> factories) {
            super(factories);
        }

        @Override
        protected Iterator<PublicKeyIdentity> createPublicKeyIterator(ClientSession session,
                SignatureFactoriesManager manager) throws Exception {
            return new Peekable(super.createPublicKeyIterator(session, manager));
        }

        @Override
        protected boolean sendAuthDataRequest(ClientSession session, String service) throws Exception {
            if (first) {
                first = false;
                if (keys instanceof Peekable p && p.peek() instanceof KeyPairIdentity held
                        && !(held.getKeyIdentity().getPublic() instanceof OpenSshCertificate)) {
                    p.next();
                    if (sendSigned(session, service, held)) {
                        return true;
                    }
                    // no signature algorithm for this key: MINA skips such a key too
                    current = null;
                    currentAlgorithms.clear();
                    chosenAlgorithm = null;
                }
            }
            return super.sendAuthDataRequest(session, service);
        }

        /** The first key's request, signed: what MINA sends after PK_OK, without asking first. */
        private boolean sendSigned(ClientSession session, String service, KeyPairIdentity identity) throws Exception {
            KeyPair pair = identity.getKeyIdentity();
            PublicKey key = pair.getPublic();
            String keyType = KeyUtils.getKeyType(key);
            Set<String> aliases = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
            aliases.addAll(KeyUtils.getAllEquivalentKeyTypes(keyType));
            aliases.add(keyType);
            List<NamedFactory<Signature>> factories = ((SignatureFactoriesHolder) identity).getSignatureFactories();
            if (factories == null || factories.isEmpty()) {
                factories = getSignatureFactories();
            }
            if (factories == null || factories.isEmpty()) {
                factories = session.getSignatureFactories();
            }
            current = identity;
            currentAlgorithms.clear();
            chosenAlgorithm = null;
            if (factories != null) {
                for (NamedFactory<Signature> f : factories) {
                    if (aliases.contains(f.getName())) {
                        currentAlgorithms.add(f.getName());
                    }
                }
            }
            String algorithm = currentAlgorithms.poll();
            if (algorithm == null) {
                return false;
            }
            chosenAlgorithm = algorithm;
            String name = getName();
            PublicKey serverKey = null;
            Integer hostBound = session.getAttribute(DefaultClientKexExtensionHandler.HOSTBOUND_AUTHENTICATION);
            if (hostBound != null && hostBound == 0) {
                name = HostBoundPubkeyAuthentication.AUTH_NAME;
                serverKey = session.getServerKey();
            }
            String user = session.getUsername();
            Buffer buffer = session.createBuffer(SshConstants.SSH_MSG_USERAUTH_REQUEST);
            buffer.putString(user);
            buffer.putString(service);
            buffer.putString(name);
            buffer.putBoolean(true);
            buffer.putString(algorithm);
            buffer.putPublicKey(key);
            if (serverKey != null) {
                buffer.putPublicKey(serverKey);
            }
            appendSignature(session, service, name, user, algorithm, key, serverKey, buffer);
            setCancellable(false);
            session.writePacket(buffer);
            return true;
        }
    }

    /** The key iterator with a look at the next key, so the first can be told apart from agent keys. */
    private static final class Peekable implements Iterator<PublicKeyIdentity>, Closeable {
        private final Iterator<PublicKeyIdentity> keys;
        private PublicKeyIdentity next;

        Peekable(Iterator<PublicKeyIdentity> keys) {
            this.keys = keys;
        }

        PublicKeyIdentity peek() {
            if (next == null && keys.hasNext()) {
                next = keys.next();
            }
            return next;
        }

        @Override
        public boolean hasNext() {
            return next != null || keys.hasNext();
        }

        @Override
        public PublicKeyIdentity next() {
            if (next != null) {
                PublicKeyIdentity n = next;
                next = null;
                return n;
            }
            return keys.next();   // MINA's lazy key iterators answer hasNext() once per element
        }

        @Override
        public void close() throws IOException {
            if (keys instanceof Closeable c) {
                c.close();
            }
        }
    }
}
