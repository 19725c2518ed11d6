package dev.muster.probe.check;

import dev.muster.core.InputException;

/** A rendered TCP target: HOST:PORT, or [v6]:PORT. */
record HostPort(String host, int port) {

    static HostPort parse(String text, String forHost) {
        int colon = text.lastIndexOf(':');
        String h = colon < 0 ? "" : text.substring(0, colon);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        try {
            int port = Integer.parseInt(text.substring(colon + 1));
            if (h.isEmpty() || port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return new HostPort(h, port);
        } catch (NumberFormatException e) {
            throw InputException.option("--tcp", "expected PORT or HOST:PORT with a port 1-65535, found '" + text
                    + "' (host " + forHost + ")");
        }
    }
}
