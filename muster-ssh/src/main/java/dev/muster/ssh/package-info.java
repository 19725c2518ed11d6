/**
 * The SSH {@link dev.muster.core.exec.Transport} over Apache MINA SSHD.
 *
 * <p>Public: {@link dev.muster.ssh.SshTransport}, its {@link dev.muster.ssh.SshTransportConfig}
 * and {@link dev.muster.ssh.HostKeyPolicy}. Everything else is package-private:
 * <ul>
 *   <li>{@code SessionPool} / {@code PooledSession} / {@code SshConnection}: one authenticated
 *       session per route, channel leases under a per-session semaphore, idle and lifetime limits;</li>
 *   <li>{@code SessionOpener}: connect, key exchange and authentication, hop by hop through
 *       ProxyJump hosts, under the {@code HandshakeLimiter}, retrying pre-auth drops;</li>
 *   <li>{@code HostKeyCheck} / {@code KnownHosts} / {@code HostPatterns}: OpenSSH known_hosts;</li>
 *   <li>{@code Identities}, {@code AgentClient} / {@code AgentFactory}: key files and ssh-agent;</li>
 *   <li>{@code ExecCall} / {@code Capture}: one command over one exec channel;</li>
 *   <li>{@code Failures}: the only place MINA and socket exceptions become failure kinds.</li>
 * </ul>
 * No MINA type crosses into muster-core.
 */
package dev.muster.ssh;
