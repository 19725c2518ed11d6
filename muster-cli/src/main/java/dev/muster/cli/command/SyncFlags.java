package dev.muster.cli.command;

import dev.muster.core.InputException;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options shared by `muster push` and `muster template`. */
final class SyncFlags {
    @Option(names = "--dry-run", description = "Show per host what would be created, updated, deleted; write nothing.")
    boolean dryRun;

    @Option(names = "--diff", description = "Add unified diffs of changed text files (secret lines redacted).")
    boolean diff;

    @Option(names = "--backup", description = "Keep each replaced or deleted file beside it as NAME.~YYYYmmddTHHMMSS~.")
    boolean backup;

    @Option(names = "--mode", paramLabel = "MODE", description = "Octal permissions for every file, e.g. 0644.")
    String mode;

    @Option(names = "--owner", paramLabel = "USER[:GROUP]", description = "Owner (and group) of the files (needs root on the host).")
    String owner;

    @Option(names = "--group", paramLabel = "GROUP", description = "Group of the files.")
    String group;

    @Option(names = "--validate", paramLabel = "CMD",
            description = "Run CMD on the host against each uploaded file ({} is its path) before it replaces the real one; "
                    + "on failure the old file stays.")
    String validate;

    @Option(names = "--on-change", paramLabel = "CMD",
            description = "Run CMD once per host, after everything is in place, only where something changed. "
                    + "If the push fails part-way the handler is owed and 'muster retry' runs it.")
    String onChange;

    String validate() {
        if (validate != null && !validate.contains("{}")) {
            throw InputException.option("--validate", "expected '{}' in the command, where the new file's path goes "
                    + "(e.g. --validate 'nginx -t -c {}')");
        }
        return validate;
    }

    static Integer mode(String option, String value) {
        if (value == null) {
            return null;
        }
        if (!value.matches("0?[0-7]{3,4}")) {
            throw InputException.option(option, "expected octal permissions like 0644 or 755, got '" + value + "'");
        }
        int m = Integer.parseInt(value, 8);
        if (m > 07777) {
            throw InputException.option(option, "permissions out of range: " + value);
        }
        return m;
    }

    /** Puts a value into a run's recorded spec, leaving nulls out (the store keeps no nulls). */
    static void put(Map<String, Object> spec, String key, Object value) {
        if (value != null) {
            spec.put(key, value);
        }
    }

    void record(Map<String, Object> spec) {
        put(spec, "dry_run", dryRun);
        put(spec, "diff", diff);
        put(spec, "backup", backup);
        put(spec, "mode", mode);
        put(spec, "owner", owner);
        put(spec, "group", group);
        put(spec, "validate", validate);
        put(spec, "on_change", onChange);
    }

    static SyncFlags fromSpec(Map<String, Object> spec) {
        SyncFlags f = new SyncFlags();
        f.dryRun = Boolean.TRUE.equals(spec.get("dry_run"));
        f.diff = Boolean.TRUE.equals(spec.get("diff"));
        f.backup = Boolean.TRUE.equals(spec.get("backup"));
        f.mode = (String) spec.get("mode");
        f.owner = (String) spec.get("owner");
        f.group = (String) spec.get("group");
        f.validate = (String) spec.get("validate");
        f.onChange = (String) spec.get("on_change");
        return f;
    }

    @SuppressWarnings("unchecked")
    static List<String> strings(Object o) {
        return o instanceof List<?> l ? (List<String>) l : List.of();
    }
}
