package dev.muster.probe.check;

import dev.muster.core.exec.ExecRequest;
import dev.muster.core.exec.ExecResult;
import dev.muster.core.exec.StepContext;
import dev.muster.core.exec.StepFailure;
import java.net.URI;

/**
 * An HTTP or TCP check run on the host over SSH (for services bound to localhost, or to see the
 * network as the host does): one exec per probe, the response judged on the controller.
 */
final class OnHostCheck implements HealthCheck {
    private final HttpSpec http;       // or
    private final UrlTemplate tcp;
    private final java.time.Duration timeout;

    private OnHostCheck(HttpSpec http, UrlTemplate tcp, java.time.Duration timeout) {
        this.http = http;
        this.tcp = tcp;
        this.timeout = timeout;
    }

    static OnHostCheck http(HttpSpec spec) {
        return new OnHostCheck(spec, null, spec.timeout());
    }

    static OnHostCheck tcp(UrlTemplate target, java.time.Duration timeout) {
        return new OnHostCheck(null, target, timeout);
    }

    @Override
    public Probe probe(StepContext context) throws StepFailure, InterruptedException {
        String script;
        if (http != null) {
            URI uri = http.url().renderUrl(context.host());
            script = OnHostScripts.http(http, uri);
        } else {
            script = OnHostScripts.tcp(HostPort.parse(tcp.render(context.host()), context.host().name()), timeout);
        }
        // the script limits itself; this is the backstop should a tool ignore its own timeout
        ExecResult r = context.connection().exec(ExecRequest.of(script).withTimeout(timeout.plusSeconds(10)));
        return judge(r.stdoutText(), r.stderrText());
    }

    Probe judge(String out, String err) {
        int nl = out.indexOf('\n');
        String tool = (nl < 0 ? out : out.substring(0, nl)).trim();
        String body = nl < 0 ? "" : out.substring(nl + 1);
        int at = err.lastIndexOf(OnHostScripts.TRAILER);
        if (!tool.startsWith("tool=") || at < 0) {
            return Probe.fail("probe script failed on the host: " + CommandCheck.firstLine(err + out), null, null);
        }
        String[] rcNs = err.substring(at + OnHostScripts.TRAILER.length()).trim().split("\\s+");
        int rc = parseInt(rcNs[0], -1);
        long ns = rcNs.length > 1 ? parseLong(rcNs[1]) : -1;
        Double ms = ns >= 0 ? ns / 1e6 : null;
        tool = tool.substring(5);
        if (tool.equals("none")) {
            return Probe.fail(http != null ? "the host has none of curl, wget, bash"
                    + ("https".equalsIgnoreCase(http.url().toString().split(":")[0]) ? " (bash cannot do https)" : "")
                    : "the host has neither bash nor nc", null, null);
        }
        return http != null ? judgeHttp(tool, rc, body, ms) : judgeTcp(tool, rc, body, ms);
    }

    private Probe judgeHttp(String tool, int rc, String body, Double ms) {
        HttpAnswer answer = tool.equals("wget") ? wgetAnswer(body) : HttpAnswer.parseRaw(body);
        if (answer == null) {
            String why = exitMeaning(tool, rc);
            return Probe.fail(tool + " got no HTTP response (exit " + rc + (why == null ? "" : ": " + why) + ")",
                    null, null);
        }
        String why = http.mismatch(answer);
        return why == null ? Probe.pass(ms, answer.status()) : Probe.fail(why, ms, answer.status());
    }

    /** What the tools' exit codes mean, in words that do not name the host (so output folds). */
    static String exitMeaning(String tool, int rc) {
        if (rc == 124) {
            return "timed out";
        }
        return switch (tool) {
            case "curl" -> switch (rc) {
                case 6 -> "could not resolve host";
                case 7 -> "connection refused";
                case 28 -> "timed out";
                case 35, 60, 77, 58, 59, 83, 90, 91 -> "TLS handshake or certificate verification failed";
                case 52 -> "empty reply";
                case 56 -> "connection reset";
                default -> null;
            };
            case "wget" -> switch (rc) {
                case 4 -> "network failure";
                case 5 -> "TLS certificate verification failed";
                default -> null;
            };
            default -> rc == 1 ? "connection failed" : null;
        };
    }

    /** wget -S prints each response's headers indented by two spaces, then (after our blank line) the body. */
    private static HttpAnswer wgetAnswer(String out) {
        StringBuilder raw = new StringBuilder();
        String[] lines = out.split("\n", -1);
        int i = 0;
        for (; i < lines.length && lines[i].startsWith("  "); i++) {
            raw.append(lines[i].substring(2)).append("\r\n");
        }
        raw.append("\r\n");
        for (int j = i + 1; j < lines.length; j++) {
            raw.append(lines[j]).append(j + 1 < lines.length ? "\n" : "");
        }
        return HttpAnswer.parseRaw(raw.toString());
    }

    private Probe judgeTcp(String tool, int rc, String said, Double ms) {
        if (rc == 0) {
            return Probe.pass(ms, null);
        }
        if (rc == 124) {
            return Probe.fail("connect timed out after " + Durations.text(timeout), null, null);
        }
        String s = said.toLowerCase(java.util.Locale.ROOT);
        return Probe.fail(s.contains("refused") ? "connection refused" : tool + " could not connect (exit " + rc + ")",
                null, null);
    }

    private static int parseInt(String s, int dflt) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public void validate(dev.muster.core.inventory.Host host) {
        if (http != null) {
            http.url().renderUrl(host);
        } else {
            HostPort.parse(tcp.render(host), host.name());
        }
    }

    @Override
    public String describe() {
        return (http != null ? http.describe() : "tcp " + tcp) + " (from host)";
    }
}
