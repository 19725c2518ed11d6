package dev.muster.ssh;

import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.sshd.agent.SshAgent;
import org.apache.sshd.agent.SshAgentKeyConstraint;
import org.apache.sshd.common.SshException;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.session.SessionContext;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;

/**
 * A client of a running ssh-agent over its unix socket (the OpenSSH agent protocol), using the
 * JDK's unix domain sockets: MINA's own agent client needs Tomcat APR. Lists keys and asks for
 * signatures; it never adds or removes keys.
 */
final class AgentClient implements SshAgent {
    private static final byte REQUEST_IDENTITIES = 11;
    private static final byte IDENTITIES_ANSWER = 12;
    private static final byte SIGN_REQUEST = 13;
    private static final byte SIGN_RESPONSE = 14;
    private static final int RSA_SHA2_256 = 2;
    private static final int RSA_SHA2_512 = 4;
    private static final int MAX_MESSAGE = 256 * 1024;

    private final SocketChannel channel;

    private AgentClient(SocketChannel channel) {
        this.channel = channel;
    }

    static AgentClient connect(Path socket) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(socket));
            return new AgentClient(ch);
        } catch (IOException e) {
            ch.close();
            throw new IOException("cannot reach ssh-agent at " + socket + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized List<Map.Entry<PublicKey, String>> getIdentities() throws IOException {
        Buffer reply = request(message(REQUEST_IDENTITIES));
        expect(reply, IDENTITIES_ANSWER);
        int count = reply.getInt();
        if (count < 0 || count > 4096) {
            throw new SshException("ssh-agent sent an implausible key count: " + count);
        }
        List<Map.Entry<PublicKey, String>> keys = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] blob = reply.getBytes();
            String comment = reply.getString();
            PublicKey key = decodeOrNull(blob);
            if (key != null) {
                keys.add(new SimpleImmutableEntry<>(key, comment));
            }
        }
        return keys;
    }

    @Override
    public synchronized Map.Entry<String, byte[]> sign(SessionContext session, PublicKey key, String algo,
                                                       byte[] data) throws IOException {
        Buffer req = message(SIGN_REQUEST);
        req.putPublicKey(key);
        req.putBytes(data);
        req.putInt(flagsFor(algo));
        Buffer reply = request(req);
        expect(reply, SIGN_RESPONSE);
        Buffer signature = new ByteArrayBuffer(reply.getBytes());
        String signedWith = signature.getString();
        return new SimpleImmutableEntry<>(signedWith, signature.getBytes());
    }

    /** RSA keys sign with SHA-1 unless asked for the SHA-2 variants by flag. */
    static int flagsFor(String algo) {
        if (KeyUtils.RSA_SHA512_KEY_TYPE_ALIAS.equals(algo)) {
            return RSA_SHA2_512;
        }
        if (KeyUtils.RSA_SHA256_KEY_TYPE_ALIAS.equals(algo)) {
            return RSA_SHA2_256;
        }
        return 0;
    }

    private static PublicKey decodeOrNull(byte[] blob) {
        try {
            return new ByteArrayBuffer(blob).getRawPublicKey();
        } catch (Exception unsupportedKeyType) {
            return null;
        }
    }

    private static Buffer message(byte type) {
        ByteArrayBuffer b = new ByteArrayBuffer();
        b.putByte(type);
        return b;
    }

    private static void expect(Buffer reply, byte type) throws SshException {
        int got = reply.getUByte();
        if (got != type) {
            throw new SshException("ssh-agent refused the request (reply type " + got + ")");
        }
    }

    private Buffer request(Buffer msg) throws IOException {
        byte[] body = msg.getCompactData();
        ByteBuffer out = ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).flip();
        while (out.hasRemaining()) {
            channel.write(out);
        }
        int length = readFully(ByteBuffer.allocate(4)).getInt();
        if (length <= 0 || length > MAX_MESSAGE) {
            throw new SshException("ssh-agent sent a bad message length: " + length);
        }
        return new ByteArrayBuffer(readFully(ByteBuffer.allocate(length)).array());
    }

    private ByteBuffer readFully(ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            if (channel.read(buf) < 0) {
                throw new EOFException("ssh-agent closed the connection");
            }
        }
        return buf.flip();
    }

    @Override
    public void addIdentity(KeyPair key, String comment, SshAgentKeyConstraint... constraints) {
        throw new UnsupportedOperationException("muster never adds keys to the agent");
    }

    @Override
    public void removeIdentity(PublicKey key) {
        throw new UnsupportedOperationException("muster never removes keys from the agent");
    }

    @Override
    public void removeAllIdentities() {
        throw new UnsupportedOperationException("muster never removes keys from the agent");
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
