package dev.muster.probe.check;

import java.time.Duration;

/** Builds the health checks muster knows. */
public final class Checks {
    /** Where a network check runs. */
    public enum From {
        /** From this machine: HTTP with the JDK client, TCP with a socket. */
        CONTROLLER,
        /** On each host over SSH, with curl, wget or bash /dev/tcp (whichever it has). */
        HOST
    }

    private Checks() {
    }

    /** The returned check may hold an HTTP client: close it when it is AutoCloseable. */
    public static HealthCheck http(HttpSpec spec, From from) {
        return from == From.HOST ? OnHostCheck.http(spec) : new ControllerHttpCheck(spec);
    }

    /** @param target HOST:PORT template, e.g. {@code {address}:5432} */
    public static HealthCheck tcp(UrlTemplate target, Duration timeout, From from) {
        return from == From.HOST ? OnHostCheck.tcp(target, timeout) : new TcpCheck(target, timeout);
    }

    public static HealthCheck command(String command, Duration timeout) {
        return new CommandCheck(command, timeout);
    }
}
