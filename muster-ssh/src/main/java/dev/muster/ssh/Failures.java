package dev.muster.ssh;

import dev.muster.core.exec.FailureKind;
import dev.muster.core.exec.StepFailure;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.List;
import java.util.Locale;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.SshException;
import org.apache.sshd.common.session.helpers.MissingAttachedSessionException;

/** The one place where MINA and socket exceptions become {@link FailureKind}s. */
final class Failures {
    private Failures() {
    }

    /** A failure of the connect step: refused, unreachable, timed out, or dropped right after. */
    static StepFailure connect(Throwable error, Hop hop) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            String msg = lower(t.getMessage());
            if (msg.contains("too many open files")) {
                // EMFILE is the controller's own limit, not the host's fault: say which knob to turn
                return failure(FailureKind.POOL_EXHAUSTED, hop, "the controller ran out of file descriptors "
                        + "(too many open files) connecting to " + hop.endpoint() + ": lower -f, or raise the open-files "
                        + "limit (ulimit -n)", error);
            }
            if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
                return failure(FailureKind.UNREACHABLE, hop, "cannot resolve " + hop.address(), error);
            }
            if (t instanceof NoRouteToHostException || t instanceof PortUnreachableException
                    || msg.contains("network is unreachable") || msg.contains("no route to host")) {
                return failure(FailureKind.UNREACHABLE, hop, "no route to " + hop.endpoint(), error);
            }
            if (t instanceof SocketTimeoutException || msg.contains("timed out")) {
                return failure(FailureKind.CONNECT_TIMEOUT, hop, "connect to " + hop.endpoint() + " timed out", error);
            }
            if (t instanceof ConnectException || msg.contains("connection refused")) {
                return failure(FailureKind.CONNECT_REFUSED, hop, "connection to " + hop.endpoint() + " refused", error);
            }
        }
        if (error instanceof java.io.IOException || error instanceof MissingAttachedSessionException) {
            // TCP was up but the server hung up before the SSH session began (MaxStartups does this).
            return failure(FailureKind.HANDSHAKE_FAILED, hop, "connection to " + hop.endpoint()
                    + " dropped before the SSH handshake: " + describe(error), error);
        }
        return failure(FailureKind.UNREACHABLE, hop, "cannot connect to " + hop.endpoint() + ": " + describe(error), error);
    }

    /**
     * A failure after TCP connect but before authentication succeeded. A refused host key or
     * exhausted auth methods are final; anything else is the server dropping us mid-handshake
     * (sshd MaxStartups does this), which is worth retrying.
     */
    static StepFailure handshake(Throwable error, Hop hop, HostKeyCheck check, List<String> keyProblems) {
        if (check.rejection() != null) {
            return check.rejection();
        }
        if (isAuthFailure(error)) {
            String why = keyProblems.isEmpty() ? "" : " (" + String.join("; ", keyProblems) + ")";
            return failure(FailureKind.AUTH_FAILED, hop, "server refused every key offered for " + hop.user()
                    + why, error);
        }
        String stage = check.accepted() ? "before authentication completed" : "during banner / key exchange";
        return failure(FailureKind.HANDSHAKE_FAILED, hop, "connection to " + hop.endpoint() + " dropped " + stage
                + ": " + describe(error), error);
    }

    static StepFailure connectTimeout(Hop hop, boolean tcpUp) {
        String what = tcpUp ? "SSH handshake with " : "connect to ";
        return new StepFailure(FailureKind.CONNECT_TIMEOUT, hop.label() + ": " + what + hop.endpoint()
                + " timed out after " + hop.connectTimeout().toMillis() + " ms");
    }

    static boolean isAuthFailure(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SshException se
                    && se.getDisconnectCode() == SshConstants.SSH2_DISCONNECT_NO_MORE_AUTH_METHODS_AVAILABLE) {
                return true;
            }
            String msg = lower(t.getMessage());
            if (msg.contains("no more authentication methods")) {
                return true;
            }
        }
        return false;
    }

    static String describe(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = root.getMessage();
        return msg == null || msg.isBlank() ? root.getClass().getSimpleName() : msg;
    }

    private static StepFailure failure(FailureKind kind, Hop hop, String message, Throwable cause) {
        return new StepFailure(kind, hop.label() + ": " + message, cause);
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }
}
