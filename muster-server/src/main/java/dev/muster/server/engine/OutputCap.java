package dev.muster.server.engine;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The most output one host may store in one run ({@code muster serve --max-output-per-host}),
 * stdout and stderr together, counted in UTF-8 bytes. The line that would cross it is replaced by
 * a marker saying where the output was cut, and nothing after it is kept.
 */
final class OutputCap {
    private final long maxBytes;
    private final Map<String, long[]> used = new ConcurrentHashMap<>();

    OutputCap(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** What to store of {@code text} (a line with its newline): itself, the marker, or null for nothing. */
    String admit(String host, String text) {
        long[] u = used.computeIfAbsent(host, h -> new long[1]);
        synchronized (u) {
            if (u[0] > maxBytes) {
                return null;
            }
            long size = utf8Length(text);
            if (u[0] + size > maxBytes) {
                u[0] = maxBytes + 1;
                return marker(maxBytes);
            }
            u[0] += size;
            return text;
        }
    }

    /** Captured output (a plan step's) cut at {@code maxBytes}, with the marker when it was cut. */
    static String truncate(String text, long maxBytes) {
        if (utf8Length(text) <= maxBytes) {
            return text;
        }
        StringBuilder kept = new StringBuilder();
        long size = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (size + n > maxBytes) {
                break;
            }
            size += n;
            kept.appendCodePoint(cp);
            i += Character.charCount(cp);
        }
        if (!kept.isEmpty() && kept.charAt(kept.length() - 1) != '\n') {
            kept.append('\n');
        }
        return kept.append(marker(maxBytes)).toString();
    }

    static String marker(long maxBytes) {
        return "[output truncated at " + describe(maxBytes) + " per host]\n";
    }

    /** 10 MiB, 512 KiB, or 1000 bytes. */
    static String describe(long bytes) {
        if (bytes > 0 && bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + " MiB";
        }
        if (bytes > 0 && bytes % 1024 == 0) {
            return bytes / 1024 + " KiB";
        }
        return bytes + " bytes";
    }

    static long utf8Length(CharSequence s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            n += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
        }
        return n;
    }
}
