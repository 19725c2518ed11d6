package dev.muster.server.store;

import dev.muster.core.RunException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One versioned schema script, {@code V<n>__<what>.sql}: the portable part in {@code migrations/},
 * followed by the dialect's own part of the same name in {@code migrations/<dialect>/} when there
 * is one (identity columns, triggers). The scripts are listed in order in {@code migrations/index}
 * (a class path cannot be listed).
 */
record Migration(int version, String name, String sql) {
    private static final Pattern FILE = Pattern.compile("V(\\d+)__([A-Za-z0-9_]+)\\.sql");

    /** SHA-256 of the script, recorded when applied so an edited old script is noticed. */
    String checksum() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(sql.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Migration> bundled(Dialect dialect) {
        String dir = "migrations/";
        List<Migration> out = new ArrayList<>();
        for (String line : resource(dir + "index").split("\n")) {
            String file = line.strip();
            if (file.isEmpty() || file.startsWith("#")) {
                continue;
            }
            Matcher m = FILE.matcher(file);
            if (!m.matches()) {
                throw new IllegalStateException("migration " + file + " is not named V<n>__<what>.sql");
            }
            int version = Integer.parseInt(m.group(1));
            // versions rise but may skip: branches reserve numbers (V2, V3) and merge in any order
            if (!out.isEmpty() && version <= out.getLast().version()) {
                throw new IllegalStateException("migration " + file + " should come after version "
                        + out.getLast().version());
            }
            String own = optionalResource(dir + dialect.key() + "/" + file);
            String sql = resource(dir + file) + (own == null ? "" : "\n;\n" + own);
            out.add(new Migration(version, m.group(2), sql));
        }
        return List.copyOf(out);
    }

    private static String resource(String path) {
        String text = optionalResource(path);
        if (text == null) {
            throw new IllegalStateException("missing resource " + path);
        }
        return text;
    }

    private static String optionalResource(String path) {
        try (InputStream in = Migration.class.getResourceAsStream(path)) {
            if (in == null) {
                return null;
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RunException("cannot read migration " + path + ": " + e.getMessage(), e);
        }
    }
}
