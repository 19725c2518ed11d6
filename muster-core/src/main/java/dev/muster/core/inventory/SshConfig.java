package dev.muster.core.inventory;

import dev.muster.core.InputException;
import dev.muster.core.RunException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An OpenSSH client config (~/.ssh/config) read the way ssh reads it: {@code Host} patterns
 * with {@code *}, {@code ?} and {@code !negation}; for each keyword the first value that
 * applies wins (IdentityFile accumulates); {@code Include} is followed (relative to the
 * including file's directory, globs in the file name allowed); {@code Match} blocks are skipped.
 * Understood keywords: HostName (with %h), Port, User, IdentityFile, ProxyJump,
 * ConnectTimeout, UserKnownHostsFile; others are ignored.
 */
public final class SshConfig {
    record Entry(List<String> patterns, String keyword, List<String> args, String source, int line, int column) {
        InputException error(String message) {
            return new InputException(source, line, column, message);
        }
    }

    private final List<Entry> entries;
    private final List<String> aliases;

    SshConfig(List<Entry> entries) {
        this.entries = List.copyOf(entries);
        Set<String> concrete = new LinkedHashSet<>();
        for (Entry entry : entries) {
            if (entry.keyword.equals("host")) {
                entry.args.stream().filter(p -> !Names.isGlob(p) && !p.startsWith("!")).forEach(concrete::add);
            }
        }
        this.aliases = List.copyOf(concrete);
    }

    /** @throws RunException if the file does not exist; InputException for bad values */
    public static SshConfig parse(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new RunException("no ssh config: " + path + " does not exist");
        }
        return new SshConfig(SshConfigReader.read(path));
    }

    /** Relative Include paths resolve against {@code baseDir} (the current directory when null). */
    static SshConfig parse(String text, String source, Path baseDir) {
        return new SshConfig(SshConfigReader.read(text, source, baseDir == null ? Path.of(".") : baseDir));
    }

    /** The non-wildcard aliases of all Host lines, in file order. */
    public List<String> concreteAliases() {
        return aliases;
    }

    /** The settings that apply to {@code alias}; address is null unless a HostName applies. */
    public SshOptions resolve(String alias) {
        Map<String, Entry> first = new HashMap<>();
        List<String> identities = new ArrayList<>();
        for (Entry entry : entries) {
            if (entry.keyword.equals("host") || !matches(entry.patterns, alias)) {
                continue;
            }
            if (entry.keyword.equals("identityfile")) {
                identities.add(entry.args.get(0));
            } else {
                first.putIfAbsent(entry.keyword, entry);
            }
        }
        String hostName = value(first, "hostname");
        String proxyJump = value(first, "proxyjump");
        return new SshOptions(
                hostName == null ? null : expandTokens(hostName, alias),
                first.containsKey("port") ? port(first.get("port")) : 0,
                value(first, "user"),
                identities.stream().filter(i -> !i.equalsIgnoreCase("none")).toList(),
                proxyJump == null || proxyJump.equalsIgnoreCase("none") ? null : proxyJump,
                first.containsKey("connecttimeout") ? timeout(first.get("connecttimeout")) : null,
                value(first, "userknownhostsfile"));
    }

    private static String value(Map<String, Entry> first, String keyword) {
        Entry entry = first.get(keyword);
        return entry == null ? null : entry.args.get(0);
    }

    static boolean matches(List<String> patterns, String alias) {
        if (patterns == null) {
            return false; // a Match block: not evaluated
        }
        boolean matched = false;
        for (String pattern : patterns) {
            boolean negated = pattern.startsWith("!");
            String glob = negated ? pattern.substring(1) : pattern;
            if (Names.glob(glob, true).matcher(alias).matches()) {
                if (negated) {
                    return false;
                }
                matched = true;
            }
        }
        return matched;
    }

    private static String expandTokens(String hostName, String alias) {
        return hostName.replace("%%", "\u0000").replace("%h", alias).replace("\u0000", "%");
    }

    static int port(Entry entry) {
        String text = entry.args.get(0);
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw entry.error("Port must be an integer 1-65535, found \"" + text + "\"");
    }

    static Duration timeout(Entry entry) {
        String text = entry.args.get(0);
        try {
            return Duration.ofSeconds(Integer.parseUnsignedInt(text));
        } catch (NumberFormatException e) {
            throw entry.error("ConnectTimeout must be a number of seconds, found \"" + text + "\"");
        }
    }
}
