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
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OpenSSH client config (~/.ssh/config) read the way {@code ssh -G} reads it, and checked
 * against it by the conformance suite:
 * <ul>
 *   <li>for each keyword the first value that applies wins (IdentityFile accumulates);</li>
 *   <li>{@code Host} patterns ({@code *}, {@code ?}, {@code !negation}) match the name as
 *       written, case included;</li>
 *   <li>{@code Match} with {@code all}, {@code host} (the HostName so far, else the name),
 *       {@code originalhost}, {@code user}, {@code localuser}, {@code canonical} and
 *       {@code final} (a second pass, as ssh makes one when any Match line names final),
 *       {@code !} negating; {@code exec} is taken as false: muster never runs commands from
 *       ssh_config;</li>
 *   <li>{@code Include} where it stands, also inside a Host or Match block (its files read only
 *       when the block applies; each starts as if under {@code Host *}, and the block is back in
 *       force after it); a relative path is under ~/.ssh, as for ssh;</li>
 *   <li>HostName with {@code %h}, lowercased as ssh does; UserKnownHostsFile with {@code ~},
 *       {@code ${VAR}} and ssh's %-tokens; ConnectTimeout in ssh's time format (30, 1m30s).</li>
 * </ul>
 * Understood keywords: HostName, Port, User, IdentityFile, ProxyJump, ConnectTimeout,
 * UserKnownHostsFile (the first file of it); others are ignored.
 */
public final class SshConfig {
    /** A parsed line of the file: an option, a Host or Match line, or an Include and what it read. */
    sealed interface Node permits Option, HostLine, MatchLine, Include {
    }

    record Option(String keyword, List<String> args, String source, int line, int column) implements Node {
        InputException error(String message) {
            return new InputException(source, line, column, message);
        }
    }

    record HostLine(List<String> patterns) implements Node {
    }

    record Criterion(String name, boolean negated, String argument) {
    }

    record MatchLine(List<Criterion> criteria) implements Node {
    }

    record Include(List<List<Node>> files) implements Node {
    }

    private static final Pattern TIME = Pattern.compile("(\\d+)([sSmMhHdDwW]?)");

    private final List<Node> nodes;
    private final List<String> aliases;
    /** Any Match line naming final, negated or not, makes ssh read the file a second time. */
    private final boolean finalPass;
    private final Path home;
    private final String localUser;

    SshConfig(List<Node> nodes, Path home, String localUser) {
        this.nodes = List.copyOf(nodes);
        this.home = home;
        this.localUser = localUser;
        Set<String> concrete = new LinkedHashSet<>();
        collectAliases(nodes, concrete);
        this.aliases = List.copyOf(concrete);
        this.finalPass = namesFinal(nodes);
    }

    private static void collectAliases(List<Node> nodes, Set<String> into) {
        for (Node node : nodes) {
            if (node instanceof HostLine host) {
                host.patterns().stream().filter(p -> !Names.isGlob(p) && !p.startsWith("!")).forEach(into::add);
            } else if (node instanceof Include include) {
                include.files().forEach(file -> collectAliases(file, into));
            }
        }
    }

    private static boolean namesFinal(List<Node> nodes) {
        for (Node node : nodes) {
            if (node instanceof MatchLine m && m.criteria().stream().anyMatch(c -> c.name().equals("final"))) {
                return true;
            }
            if (node instanceof Include include && include.files().stream().anyMatch(SshConfig::namesFinal)) {
                return true;
            }
        }
        return false;
    }

    /** @throws RunException if the file does not exist; InputException for bad values */
    public static SshConfig parse(Path path) {
        return parse(path, Path.of(System.getProperty("user.home")));
    }

    static SshConfig parse(Path path, Path home) {
        if (!Files.isRegularFile(path)) {
            throw new RunException("no ssh config: " + path + " does not exist");
        }
        return new SshConfig(SshConfigReader.read(path, home), home, System.getProperty("user.name"));
    }

    /** Text already in memory; relative Include paths are under {@code home}/.ssh. */
    static SshConfig parse(String text, String source, Path home) {
        Path h = home == null ? Path.of(System.getProperty("user.home")) : home;
        return new SshConfig(SshConfigReader.read(text, source, h), h, System.getProperty("user.name"));
    }

    /** The non-wildcard aliases of all Host lines, in file order. */
    public List<String> concreteAliases() {
        return aliases;
    }

    /** The settings that apply to {@code alias}; address is null unless a HostName applies. */
    public SshOptions resolve(String alias) {
        Resolution r = new Resolution(alias);
        pass(nodes, r, false, alias);
        if (finalPass) {
            // ssh fixes the host name before its second pass: a HostName met then no longer counts
            r.apply(new Option("hostname", List.of(r.hostname().replace("%", "%%")), "ssh", 0, 0));
            pass(nodes, r, true, r.hostname());
        }
        return r.options();
    }

    /** One reading of the file; {@code host} is what Host lines match (the final host name on the final pass). */
    private void pass(List<Node> lines, Resolution r, boolean finalPass, String host) {
        boolean active = true;
        for (Node node : lines) {
            switch (node) {
                case HostLine h -> active = hostMatches(h.patterns(), host);
                case MatchLine m -> active = r.matches(m, finalPass);
                case Include inc -> {
                    if (active) {
                        inc.files().forEach(file -> pass(file, r, finalPass, host));
                    }
                }
                case Option o -> {
                    if (active) {
                        r.apply(o);
                    }
                }
            }
        }
    }

    /** Host patterns, case-sensitive as ssh's: any positive match, unless a negated one matches. */
    static boolean hostMatches(List<String> patterns, String host) {
        boolean matched = false;
        for (String pattern : patterns) {
            boolean negated = pattern.startsWith("!");
            if (Names.glob(negated ? pattern.substring(1) : pattern, false).matcher(host).matches()) {
                if (negated) {
                    return false;
                }
                matched = true;
            }
        }
        return matched;
    }

    /** A comma-separated pattern list as ssh's match_pattern_list: 1 if one matches, unless a negated one does. */
    private static boolean listMatches(String list, String value, boolean ignoreCase) {
        boolean matched = false;
        for (String pattern : list.split(",")) {
            boolean negated = pattern.startsWith("!");
            String glob = negated ? pattern.substring(1) : pattern;
            if (Names.glob(ignoreCase ? glob.toLowerCase(Locale.ROOT) : glob, false)
                    .matcher(ignoreCase ? value.toLowerCase(Locale.ROOT) : value).matches()) {
                if (negated) {
                    return false;
                }
                matched = true;
            }
        }
        return matched;
    }

    /** What the lines read so far set for one alias. */
    private final class Resolution {
        private final String alias;
        private final Map<String, Option> first = new HashMap<>();
        private final List<String> identities = new ArrayList<>();
        private final Map<String, Option> identityLines = new HashMap<>();

        Resolution(String alias) {
            this.alias = alias;
        }

        void apply(Option o) {
            if (o.keyword().equals("identityfile")) {
                if (!identities.contains(o.args().get(0))) {
                    identities.add(o.args().get(0));
                    identityLines.put(o.args().get(0), o);
                }
            } else {
                first.putIfAbsent(o.keyword(), o);
            }
        }

        boolean matches(MatchLine line, boolean finalPass) {
            boolean result = true;
            for (Criterion c : line.criteria()) {
                boolean hit = switch (c.name()) {
                    case "all" -> true;
                    case "canonical", "final" -> finalPass;
                    case "host" -> listMatches(c.argument(), finalPass ? hostname() : hostSoFar(), true);
                    case "originalhost" -> listMatches(c.argument(), alias, true);
                    case "user" -> listMatches(c.argument(), value("user") == null ? localUser : value("user"), false);
                    case "localuser" -> listMatches(c.argument(), localUser, false);
                    default -> false; // exec: muster never runs commands from ssh_config
                };
                if (hit == c.negated()) {
                    result = false;
                }
            }
            return result;
        }

        private String value(String keyword) {
            Option o = first.get(keyword);
            return o == null ? null : o.args().get(0);
        }

        private String hostSoFar() {
            String hostName = value("hostname");
            return hostName == null ? alias : expandHostName(hostName);
        }

        /** The name ssh connects to: HostName with %h, else the alias; lowercased as ssh does. */
        String hostname() {
            return hostSoFar().toLowerCase(Locale.ROOT);
        }

        private String expandHostName(String hostName) {
            return hostName.replace("%%", "\u0000").replace("%h", alias).replace("\u0000", "%");
        }

        SshOptions options() {
            String hostName = value("hostname");
            String proxyJump = value("proxyjump");
            int port = first.containsKey("port") ? port(first.get("port")) : 0;
            String user = value("user");
            Option known = first.get("userknownhostsfile");
            String knownHosts = known == null || known.args().get(0).equalsIgnoreCase("none") ? null
                    : expandPath(known, known.args().get(0), port, user);
            List<String> keys = new ArrayList<>();
            for (String identity : identities) {
                if (!identity.equalsIgnoreCase("none")) {
                    keys.add(expandTokens(identity, port, user)); // ~ is the transport's, as for keys given with --identity
                }
            }
            return new SshOptions(
                    hostName == null ? null : hostname(),
                    port,
                    user,
                    keys,
                    proxyJump == null || proxyJump.equalsIgnoreCase("none") ? null : proxyJump,
                    first.containsKey("connecttimeout") ? timeout(first.get("connecttimeout")) : null,
                    knownHosts);
        }

        /** ~, ${VAR} and ssh's %-tokens, as ssh expands UserKnownHostsFile. */
        private String expandPath(Option where, String path, int port, String user) {
            String p = path.startsWith("~/") ? home + path.substring(1) : path.equals("~") ? home.toString() : path;
            return expandTokens(where, p, port, user);
        }

        private String expandTokens(String identity, int port, String user) {
            Option where = identityLines.get(identity);
            return expandTokens(where, identity, port, user);
        }

        private String expandTokens(Option where, String p, int port, String user) {
            Matcher env = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}").matcher(p);
            StringBuilder withEnv = new StringBuilder();
            while (env.find()) {
                String value = System.getenv(env.group(1));
                if (value == null) {
                    throw where.error("environment variable " + env.group(1) + " is not set");
                }
                env.appendReplacement(withEnv, Matcher.quoteReplacement(value));
            }
            env.appendTail(withEnv);
            return SshTokens.expand(withEnv.toString(), hostname(), alias, port == 0 ? 22 : port,
                    user == null ? localUser : user, localUser, home, where);
        }
    }

    static int port(Option option) {
        String text = option.args().get(0);
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw option.error("Port must be an integer 1-65535, found \"" + text + "\"");
    }

    /** ssh's time format: seconds, or 1h30m, 2m, 90s (s m h d w, any case). */
    static Duration timeout(Option option) {
        String text = option.args().get(0);
        Matcher m = TIME.matcher(text);
        long seconds = 0;
        int at = 0;
        while (at < text.length() && m.find(at) && m.start() == at) {
            long n = Long.parseLong(m.group(1));
            seconds += n * switch (m.group(2).toLowerCase(Locale.ROOT)) {
                case "m" -> 60;
                case "h" -> 3600;
                case "d" -> 86400;
                case "w" -> 604800;
                default -> 1;
            };
            at = m.end();
            if (m.group(2).isEmpty()) {
                break;
            }
        }
        if (text.isEmpty() || at != text.length() || text.length() > 12) {
            throw option.error("ConnectTimeout must be a time like 10, 30s or 1m30s, found \"" + text + "\"");
        }
        return Duration.ofSeconds(seconds);
    }
}
