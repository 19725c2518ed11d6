package dev.muster.conformance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Generated ssh_config files and the names to ask about: Host blocks with concrete, wildcard,
 * negated and mixed-case patterns; Match all/host/originalhost/user/localuser/final; Include at
 * the top and inside blocks; options before any block; HostName with %h and capitals;
 * UserKnownHostsFile with ~ and %-tokens; ConnectTimeout in seconds and ssh's time format;
 * ProxyJump, several IdentityFiles. The names include each alias in other cases.
 */
final class SshConfigCases {
    private static final String[] NAMES = {"web1", "web2", "db1", "Db2", "bastion", "app-eu", "cache.local", "Mail"};
    private static final String[] WILDCARDS = {"web*", "db?", "*.local", "*", "app-*", "!web2", "*1"};

    /** One generated config and the host names to resolve with it. */
    record Case(String label, Path config, List<String> hosts) {
    }

    private final Random random;

    SshConfigCases(long seed) {
        this.random = new Random(seed);
    }

    Case write(Path root, int index) throws IOException {
        Path dir = Files.createDirectories(root.resolve("ssh" + index));
        Set<String> aliases = new LinkedHashSet<>();
        StringBuilder config = new StringBuilder("# generated\n");
        if (random.nextBoolean()) {
            config.append(option()).append('\n');
        }
        int blocks = 2 + random.nextInt(4);
        for (int b = 0; b < blocks; b++) {
            config.append(block(dir, b, aliases));
        }
        if (random.nextInt(3) == 0) {
            Path inc = dir.resolve("top.conf");
            Files.writeString(inc, "Host " + pick(NAMES) + "\n  " + option() + "\nPort " + (3000 + random.nextInt(99)) + "\n");
            config.append("Include ").append(inc).append('\n');
        }
        if (random.nextBoolean()) {
            config.append("Host *\n  ").append(option()).append("\n  ").append(option()).append('\n');
        }
        Path file = dir.resolve("config");
        Files.writeString(file, config.toString());
        List<String> hosts = new ArrayList<>();
        for (String alias : aliases) {
            hosts.add(alias);
            if (random.nextInt(3) == 0) {
                hosts.add(alias.toUpperCase(Locale.ROOT));
            }
        }
        hosts.add(pick(NAMES));
        hosts.add("other" + random.nextInt(9));
        return new Case("ssh_config " + index, file, List.copyOf(new LinkedHashSet<>(hosts)));
    }

    private String block(Path dir, int b, Set<String> aliases) throws IOException {
        StringBuilder out = new StringBuilder();
        int kind = random.nextInt(10);
        if (kind < 6) {
            List<String> patterns = new ArrayList<>();
            for (int p = 1 + random.nextInt(2); p > 0; p--) {
                String pattern = random.nextInt(3) == 0 ? pick(WILDCARDS) : pick(NAMES);
                patterns.add(pattern);
                if (!pattern.contains("*") && !pattern.contains("?") && !pattern.startsWith("!")) {
                    aliases.add(pattern);
                }
            }
            out.append(random.nextBoolean() ? "Host " : "Host=").append(String.join(" ", patterns)).append('\n');
        } else {
            out.append("Match ").append(criteria()).append('\n');
        }
        for (int o = 1 + random.nextInt(3); o > 0; o--) {
            out.append("  ").append(option()).append('\n');
        }
        if (random.nextInt(4) == 0) {
            Path inc = dir.resolve("inside" + b + ".conf");
            String alias = pick(NAMES);
            aliases.add(alias);
            Files.writeString(inc, option() + "\nHost " + alias + "\n  " + option() + "\n");
            out.append("  Include ").append(inc).append('\n');
            out.append("  ").append(option()).append('\n');
        }
        return out.toString();
    }

    private String criteria() {
        return switch (random.nextInt(8)) {
            case 0 -> "all";
            case 1 -> "host " + pick(NAMES).toLowerCase(Locale.ROOT) + "," + pick(WILDCARDS).replace("!", "");
            case 2 -> "originalhost " + pick(NAMES).toUpperCase(Locale.ROOT);
            case 3 -> "user " + (random.nextBoolean() ? "root" : "deploy,ops");
            case 4 -> "localuser " + System.getProperty("user.name");
            case 5 -> "final host " + pick(WILDCARDS).replace("!", "");
            case 6 -> "!final";
            default -> "host *.example.com";
        };
    }

    private String option() {
        return switch (random.nextInt(8)) {
            case 0 -> "HostName " + (random.nextBoolean() ? "%h.Example.com" : "10.0." + random.nextInt(9) + "." + random.nextInt(99));
            case 1 -> "Port " + (2000 + random.nextInt(999));
            case 2 -> "User " + pick(new String[] {"deploy", "ops", "root", "Admin"});
            case 3 -> "IdentityFile " + pick(new String[] {"~/.ssh/fleet", "/etc/keys/%h", "~/.ssh/id_%r", "/k/one"});
            case 4 -> "ProxyJump " + pick(new String[] {"jumphost", "ops@jump:2222", "none", "j1,j2"});
            case 5 -> "UserKnownHostsFile " + pick(new String[] {"~/.ssh/kh_fleet", "/var/kh/%h %d/kh2", "~/kh_%r_%u",
                "/tmp/kh_%n"});
            case 6 -> "ConnectTimeout " + pick(new String[] {"7", "30s", "1m30s", "2M"});
            default -> "ServerAliveInterval 30";
        };
    }

    private String pick(String[] options) {
        return options[random.nextInt(options.length)];
    }
}
