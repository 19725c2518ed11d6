package dev.muster.probe.check;

import dev.muster.core.exec.StepContext;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;

/** TCP connect from the controller to {@code target} (a HOST:PORT template) within a timeout. */
record TcpCheck(UrlTemplate target, Duration timeout) implements HealthCheck {
    @Override
    public Probe probe(StepContext context) {
        HostPort hp = HostPort.parse(target.render(context.host()), context.host().name());
        long start = System.nanoTime();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(hp.host(), hp.port()), (int) Math.max(1, timeout.toMillis()));
            return Probe.pass((System.nanoTime() - start) / 1e6, null);
        } catch (SocketTimeoutException e) {
            return Probe.fail("connect timed out after " + Durations.text(timeout), null, null);
        } catch (ConnectException e) {
            return Probe.fail("connection refused", null, null);
        } catch (UnknownHostException e) {
            return Probe.fail("unknown host", null, null);
        } catch (IOException e) {
            return Probe.fail("cannot connect: " + Durations.plain(e), null, null);
        }
    }

    @Override
    public void validate(dev.muster.core.inventory.Host host) {
        HostPort.parse(target.render(host), host.name());
    }

    @Override
    public String describe() {
        return "tcp " + target;
    }
}
