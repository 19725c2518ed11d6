package dev.muster.ssh;

import dev.muster.core.exec.FailureKind;
import dev.muster.core.exec.StepFailure;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.kex.KexProposalOption;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;

/**
 * Checks one handshake's server key against known_hosts and remembers why it refused, so the
 * failure can be reported as {@link FailureKind#HOST_KEY_UNKNOWN} or
 * {@link FailureKind#HOST_KEY_MISMATCH} rather than a bare "key did not validate".
 * It travels with the connection as a MINA connection-context attribute.
 */
final class HostKeyCheck {
    static final AttributeKey<HostKeyCheck> KEY = new AttributeKey<>();

    /** The one verifier installed on the client; it defers to the check in the connection context. */
    static final ServerKeyVerifier VERIFIER = HostKeyCheck::verify;

    private final Hop hop;
    private final HostKeyPolicy policy;
    private final boolean direct;
    private volatile StepFailure rejection;
    private volatile boolean accepted;

    HostKeyCheck(Hop hop, HostKeyPolicy policy, boolean direct) {
        this.hop = hop;
        this.policy = policy;
        this.direct = direct;
    }

    AttributeRepository asContext() {
        return AttributeRepository.ofKeyValuePair(KEY, this);
    }

    StepFailure rejection() {
        return rejection;
    }

    /** True once the server's key was accepted, i.e. key exchange got that far. */
    boolean accepted() {
        return accepted;
    }

    /**
     * Puts the host key algorithms whose key types known_hosts lists for this host first in our
     * key exchange proposal, as OpenSSH does: otherwise a server offering a newer key type than
     * the one on record looks unknown.
     */
    static final SessionListener PREFER_KNOWN_KEY_TYPES = new SessionListener() {
        @Override
        public void sessionNegotiationOptionsCreated(Session session, Map<KexProposalOption, String> proposal) {
            if (session instanceof ClientSession client && client.getConnectionContext() != null) {
                HostKeyCheck check = client.getConnectionContext().getAttribute(KEY);
                String offered = proposal.get(KexProposalOption.SERVERKEYS);
                if (check != null && offered != null) {
                    proposal.put(KexProposalOption.SERVERKEYS, check.preferKnownTypes(offered));
                }
            }
        }
    };

    String preferKnownTypes(String algorithms) {
        Set<String> known = new LinkedHashSet<>();
        try {
            for (KnownHosts.Entry e : hop.knownHosts().lookup(List.of(hop.hostId()))) {
                if (!e.revoked()) {
                    known.add(KeyUtils.getKeyType(e.key()));
                }
            }
        } catch (RuntimeException unreadable) {
            return algorithms; // verify() reports the unreadable file
        }
        if (known.isEmpty()) {
            return algorithms;
        }
        List<String> first = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        for (String algo : algorithms.split(",")) {
            (known.contains(KeyUtils.getCanonicalKeyType(algo)) ? first : rest).add(algo);
        }
        first.addAll(rest);
        return String.join(",", first);
    }

    private static boolean verify(ClientSession session, SocketAddress remote, PublicKey key) {
        AttributeRepository ctx = session.getConnectionContext();
        HostKeyCheck check = ctx == null ? null : ctx.getAttribute(KEY);
        return check != null && check.verify(remote, key);
    }

    boolean verify(SocketAddress remote, PublicKey offered) {
        try {
            rejection = judge(remote, offered);
        } catch (IOException | RuntimeException e) {
            rejection = new StepFailure(FailureKind.HOST_KEY_UNKNOWN, hop.label() + ": cannot check the host key against "
                    + hop.knownHosts().file() + ": " + e.getMessage(), e);
        }
        accepted = rejection == null;
        return accepted;
    }

    private StepFailure judge(SocketAddress remote, PublicKey offered) throws IOException {
        Set<String> ids = new LinkedHashSet<>();
        ids.add(hop.hostId());
        // Through a jump host the socket is a local forward: only the name means anything there.
        if (direct && remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
            ids.add(KnownHosts.hostId(inet.getAddress().getHostAddress(), hop.port()));
        }
        String type = KeyUtils.getKeyType(offered);
        List<KnownHosts.Entry> entries = hop.knownHosts().lookup(ids);
        if (entries.stream().anyMatch(e -> e.revoked() && KeyUtils.compareKeys(e.key(), offered))) {
            return mismatch(offered, List.of("that key is marked @revoked"));
        }
        List<String> sameType = new ArrayList<>();
        List<String> otherTypes = new ArrayList<>();
        for (KnownHosts.Entry e : entries) {
            if (e.revoked()) {
                continue;
            }
            if (KeyUtils.compareKeys(e.key(), offered)) {
                return null;
            }
            String known = KeyUtils.getKeyType(e.key()) + " " + KnownHosts.fingerprint(e.key());
            (type.equals(KeyUtils.getKeyType(e.key())) ? sameType : otherTypes).add(known);
        }
        if (!sameType.isEmpty()) {
            return mismatch(offered, sameType);
        }
        // A host on record with keys of other types that now offers a type never seen is treated as
        // changed, as OpenSSH does (we asked for the known types first, so the server no longer has
        // them): --accept-new records only hosts known by no key at all.
        if (!otherTypes.isEmpty()) {
            return mismatch(offered, otherTypes);
        }
        if (policy == HostKeyPolicy.ACCEPT_NEW) {
            hop.knownHosts().append(hop.hostId(), offered);
            return null;
        }
        return new StepFailure(FailureKind.HOST_KEY_UNKNOWN, hop.label() + " (" + hop.hostId() + "): host key "
                + type + " " + KnownHosts.fingerprint(offered) + " is not in " + hop.knownHosts().file()
                + "; verify it, then run with --accept-new to record it");
    }

    private StepFailure mismatch(PublicKey offered, List<String> expected) {
        return new StepFailure(FailureKind.HOST_KEY_MISMATCH, "HOST KEY CHANGED for " + hop.label() + " ("
                + hop.hostId() + "): " + hop.knownHosts().file() + " expects " + String.join(", ", expected)
                + " but the server offered " + KeyUtils.getKeyType(offered) + " " + KnownHosts.fingerprint(offered)
                + "; someone may be intercepting the connection, or the host was reinstalled"
                + " (then remove the old key from known_hosts)");
    }
}
