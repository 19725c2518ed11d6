package dev.muster.files;

import java.util.ArrayList;
import java.util.List;

/**
 * rsync's itemized changes ({@code --itemize-changes --out-format='%i %n%L'}) as muster reports
 * them: {@code + path} created, {@code ~ path} updated (content or attributes), {@code - path}
 * deleted. Lines that are not itemized changes (rsync's notices) are ignored.
 */
record Itemized(int created, int updated, int deleted, List<String> lines) {

    static Itemized parse(String out) {
        int created = 0;
        int updated = 0;
        int deleted = 0;
        List<String> lines = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.startsWith("*deleting ")) {
                deleted++;
                lines.add("- " + line.substring("*deleting ".length()).strip());
                continue;
            }
            if (line.length() < 13 || line.charAt(11) != ' ' || "<>ch.".indexOf(line.charAt(0)) < 0
                    || "fdLDS".indexOf(line.charAt(1)) < 0) {
                continue;
            }
            String flags = line.substring(2, 11);
            String path = line.substring(12);
            if (flags.chars().allMatch(c -> c == '+')) {
                created++;
                lines.add("+ " + path);
            } else if (line.charAt(0) != '.' || flags.chars().anyMatch(c -> c != '.' && c != ' ')) {
                updated++;
                lines.add("~ " + path);
            }
        }
        return new Itemized(created, updated, deleted, List.copyOf(lines));
    }

    boolean changed() {
        return created + updated + deleted > 0;
    }

    String summary() {
        return ChangeSet.counts(created, updated, deleted);
    }

    String report() {
        StringBuilder b = new StringBuilder();
        lines.forEach(l -> b.append("    ").append(l).append('\n'));
        return b.toString();
    }
}
