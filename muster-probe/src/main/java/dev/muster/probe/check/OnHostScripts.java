package dev.muster.probe.check;

import dev.muster.core.step.Shell;
import java.net.URI;
import java.time.Duration;

/**
 * Shell for checks run on the host itself: uses curl, else wget, else bash's /dev/tcp (plain
 * HTTP only), whichever the host has. Every value is shell-quoted. The script prints the tool it
 * chose on the first line, then the raw response; its last stderr line is
 * {@code @@muster-probe RC NANOS}.
 */
final class OnHostScripts {
    static final String TRAILER = "@@muster-probe ";
    // date +%s%N is GNU; where %N is unsupported the latency is simply not reported
    private static final String CLOCK = "$(date +%s%N 2>/dev/null)";
    private static final String LIMIT = "lim() { if command -v timeout >/dev/null 2>&1; then timeout \"$@\"; "
            + "else shift; \"$@\"; fi; }; ";

    private OnHostScripts() {
    }

    static String http(HttpSpec spec, URI uri) {
        long secs = Math.max(1, (spec.timeout().toMillis() + 999) / 1000);
        String url = Shell.quote(uri.toString());
        String method = Shell.quote(spec.method());
        String curlMethod = spec.method().equals("HEAD") ? "-I" : "-X " + method;
        StringBuilder curl = new StringBuilder("curl -sS -i ").append(curlMethod).append(" --max-time ").append(secs);
        StringBuilder wget = new StringBuilder("wget -q -S --max-redirect=0 --timeout=").append(secs)
                .append(" --method=").append(method);
        if (spec.insecure()) {
            curl.append(" -k");
            wget.append(" --no-check-certificate");
        }
        if (spec.caFile() != null) {
            curl.append(" --cacert ").append(Shell.quote(spec.caFile().toString()));
            wget.append(" --ca-certificate=").append(Shell.quote(spec.caFile().toString()));
        }
        String bash = "https".equalsIgnoreCase(uri.getScheme()) ? "echo 'tool=none'; rc=127"
                : "echo 'tool=bash'; t0=" + CLOCK + "; lim " + secs + " bash -c "
                + Shell.quote("exec 3<>\"/dev/tcp/$0/$1\" && printf '%s %s HTTP/1.0\\r\\nHost: %s\\r\\n"
                + "Connection: close\\r\\n\\r\\n' \"$2\" \"$3\" \"$0\" >&3 && cat <&3")
                + " " + Shell.quote(uri.getHost()) + " " + port(uri) + " " + method + " " + Shell.quote(path(uri))
                + "; rc=$?; t1=" + CLOCK;
        return LIMIT + "rc=0; t0=; t1=; "
                + "if command -v curl >/dev/null 2>&1; then echo 'tool=curl'; t0=" + CLOCK + "; " + curl + " " + url
                + "; rc=$?; t1=" + CLOCK + "; "
                + "elif command -v wget >/dev/null 2>&1; then echo 'tool=wget'; f=$(mktemp); t0=" + CLOCK + "; "
                + wget + " -O \"$f\" " + url + " 2>&1; rc=$?; t1=" + CLOCK
                + "; echo; cat \"$f\"; rm -f \"$f\"; "
                + "elif command -v bash >/dev/null 2>&1; then " + bash + "; "
                + "else echo 'tool=none'; rc=127; fi; " + trailer();
    }

    static String tcp(HostPort target, Duration timeout) {
        long secs = Math.max(1, (timeout.toMillis() + 999) / 1000);
        String host = Shell.quote(target.host());
        return LIMIT + "rc=0; t0=; t1=; "
                + "if command -v bash >/dev/null 2>&1; then echo 'tool=bash'; t0=" + CLOCK + "; lim " + secs
                + " bash -c " + Shell.quote("exec 3<>\"/dev/tcp/$0/$1\"") + " " + host + " " + target.port()
                + " 2>&1; rc=$?; t1=" + CLOCK + "; "
                + "elif command -v nc >/dev/null 2>&1; then echo 'tool=nc'; t0=" + CLOCK + "; nc -z -w " + secs + " "
                + host + " " + target.port() + " 2>&1; rc=$?; t1=" + CLOCK + "; "
                + "else echo 'tool=none'; rc=127; fi; " + trailer();
    }

    private static String trailer() {
        // a date without %N prints a literal N: no latency then, and no arithmetic error either
        return "case \"$t0$t1\" in ''|*[!0-9]*) ns=-1 ;; *) ns=$((t1 - t0)) ;; esac; "
                + "echo \"" + TRAILER + "$rc $ns\" >&2; exit 0";
    }

    private static int port(URI uri) {
        return uri.getPort() > 0 ? uri.getPort() : 80;
    }

    private static String path(URI uri) {
        String p = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return uri.getRawQuery() == null ? p : p + "?" + uri.getRawQuery();
    }
}
