package dev.muster.server.store;

import dev.muster.core.InputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where the PostgreSQL password comes from, so it need not sit in the store URL (which shows in
 * {@code ps} and shell history): in this order, the URL itself, a password file
 * ({@code --store-password-file}: its first line), {@code $PGPASSWORD}, then a {@code .pgpass}
 * entry ({@code $PGPASSFILE}, else {@code ~/.pgpass}) matching host, port, database and user,
 * read as libpq reads it ({@code *} matches anything, {@code \:} and {@code \\} escape, the first
 * match wins, a file readable by group or others is ignored with a warning).
 */
final class PostgresPassword {
    private static final System.Logger LOG = System.getLogger(PostgresPassword.class.getName());

    private PostgresPassword() {
    }

    /** Where to look besides the URL. */
    record Sources(Path passwordFile, Map<String, String> env, Path home) {
        static Sources of(Path passwordFile) {
            return new Sources(passwordFile, System.getenv(), Path.of(System.getProperty("user.home")));
        }
    }

    /** The password for {@code user} on {@code host:port/database}, or empty (e.g. trust or peer auth). */
    static Optional<String> resolve(String host, int port, String database, String user, Sources sources) {
        if (sources.passwordFile() != null) {
            return Optional.of(firstLine(sources.passwordFile()));
        }
        String env = sources.env().get("PGPASSWORD");
        if (env != null && !env.isEmpty()) {
            return Optional.of(env);
        }
        String passFile = sources.env().get("PGPASSFILE");
        Path pgpass = passFile != null && !passFile.isBlank() ? Path.of(passFile) : sources.home().resolve(".pgpass");
        return fromPgpass(pgpass, host, port, database, user);
    }

    private static String firstLine(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int nl = text.indexOf('\n');
            String line = nl < 0 ? text : text.substring(0, nl);
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (line.isEmpty()) {
                throw new InputException(file.toString(), 1, 1, "expected the PostgreSQL password on the first line, "
                        + "found an empty line");
            }
            return line;
        } catch (IOException e) {
            throw InputException.in(file, "cannot read the PostgreSQL password file: " + e, e);
        }
    }

    static Optional<String> fromPgpass(Path file, String host, int port, String database, String user) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            if (groupOrOthersCanRead(file)) {
                LOG.log(System.Logger.Level.WARNING, file + " is readable by group or others; ignoring it "
                        + "(chmod 600 " + file + ")");
                return Optional.empty();
            }
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                List<String> f = fields(line);
                if (f.size() >= 5 && matches(f.get(0), host) && matches(f.get(1), Integer.toString(port))
                        && matches(f.get(2), database) && matches(f.get(3), user)) {
                    return Optional.of(f.get(4));
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot read " + file + ": " + e);
            return Optional.empty();
        }
    }

    private static boolean groupOrOthersCanRead(Path file) throws IOException {
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
            return p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ);
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }

    private static boolean matches(String pattern, String value) {
        return pattern.equals("*") || pattern.equals(value);
    }

    /** Splits on unescaped colons; the fifth field (the password) keeps any further colons. */
    static List<String> fields(String line) {
        List<String> out = new ArrayList<>(5);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == '\\' && i + 1 < line.length()) {
                sb.append(line.charAt(++i));
            } else if (ch == ':' && out.size() < 4) {
                out.add(sb.toString());
                sb.setLength(0);
            } else {
                sb.append(ch);
            }
        }
        out.add(sb.toString());
        return out;
    }
}
