package dev.muster.core.inventory;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** ssh's %-tokens in paths: %% %C %d %h %i %k %L %l %n %p %r %u; an unknown one is an error at its line. */
final class SshTokens {
    private SshTokens() {
    }

    static String expand(String text, String hostname, String original, int port, String remoteUser,
                         String localUser, Path home, SshConfig.Option where) {
        StringBuilder out = new StringBuilder();
        for (int k = 0; k < text.length(); k++) {
            char c = text.charAt(k);
            if (c != '%') {
                out.append(c);
                continue;
            }
            if (k + 1 >= text.length()) {
                throw where.error("'%' at the end of " + text + " (write %% for a percent sign)");
            }
            char token = text.charAt(++k);
            out.append(switch (token) {
                case '%' -> "%";
                case 'd' -> home.toString();
                case 'h', 'k' -> hostname;
                case 'n' -> original;
                case 'p' -> Integer.toString(port);
                case 'r' -> remoteUser;
                case 'u' -> localUser;
                case 'l' -> localHost();
                case 'L' -> localHost().split("\\.", 2)[0];
                case 'i' -> uid();
                case 'C' -> sha1(localHost() + hostname + port + remoteUser);
                default -> throw where.error("unknown token %" + token + " in " + text);
            });
        }
        return out.toString();
    }

    private static String localHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    private static String uid() {
        try {
            return String.valueOf(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (Exception e) {
            return "0";
        }
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
