package dev.muster.probe.check;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** An HTTP response as a check sees it, whether the JDK client or curl on the host fetched it. */
record HttpAnswer(int status, Map<String, List<String>> headers, String body) {

    HttpAnswer {
        Map<String, List<String>> lower = new TreeMap<>();
        headers.forEach((k, v) -> lower.computeIfAbsent(k.toLowerCase(Locale.ROOT), x -> new java.util.ArrayList<>())
                .addAll(v));
        headers = lower;
    }

    List<String> header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /**
     * Reads a raw response as printed by {@code curl -i} or received on a socket: status line,
     * headers, blank line, body. Interim 1xx responses are skipped. Null when there is no status line.
     */
    static HttpAnswer parseRaw(String raw) {
        String rest = raw;
        while (true) {
            int start = rest.indexOf("HTTP/");
            if (start < 0) {
                return null;
            }
            rest = rest.substring(start);
            int headEnd = rest.indexOf("\r\n\r\n");
            int sep = 4;
            if (headEnd < 0 || (rest.indexOf("\n\n") >= 0 && rest.indexOf("\n\n") < headEnd)) {
                headEnd = rest.indexOf("\n\n");
                sep = 2;
            }
            String head = headEnd < 0 ? rest : rest.substring(0, headEnd);
            String body = headEnd < 0 ? "" : rest.substring(headEnd + sep);
            String[] lines = head.split("\r?\n");
            String[] statusLine = lines[0].trim().split("\\s+");
            int status;
            try {
                status = Integer.parseInt(statusLine[1]);
            } catch (RuntimeException e) {
                return null;
            }
            if (status >= 100 && status < 200 && headEnd >= 0) {
                rest = body;
                continue;
            }
            Map<String, List<String>> headers = new TreeMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.computeIfAbsent(lines[i].substring(0, colon).trim(), k -> new java.util.ArrayList<>())
                            .add(lines[i].substring(colon + 1).trim());
                }
            }
            return new HttpAnswer(status, headers, body);
        }
    }
}
