package dev.muster.core.plan;

import dev.muster.core.inventory.Names;
import dev.muster.core.inventory.Problems;
import dev.muster.core.inventory.YamlNode;
import dev.muster.core.inventory.YamlValues;
import dev.muster.core.strategy.BatchSize;
import dev.muster.core.strategy.StrategySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads {@code strategy:} ({@code all}, or a mapping); every problem is recorded, none thrown. */
final class StrategyReader {
    static final List<String> KEYS =
            List.of("kind", "batch", "max_unavailable", "pause", "max_fail_percentage", "rollback", "blue", "green");
    /** Keys of {@code kind: switchover}, read by {@link GroupReader}. */
    static final List<String> SWITCHOVER_KEYS =
            List.of("role", "primary_exit", "replica_exit", "lag", "switch", "verify_timeout");
    private static final List<String> KINDS =
            Arrays.stream(StrategySpec.Kind.values()).map(StrategySpec.Kind::key).toList();
    private static final List<String> SCOPES =
            Arrays.stream(StrategySpec.RollbackScope.values()).map(StrategySpec.RollbackScope::key).toList();
    private static final Pattern PERCENT = Pattern.compile("(\\d{1,9})\\s*%");

    private final Problems problems;
    /** Checks a selector written in the plan against the inventory; null when it is bad. */
    private final BiFunction<YamlNode, String, ?> selector;

    /** Whether the plan's groups are being read: only a group may switch over. */
    private final boolean inGroup;

    StrategyReader(Problems problems, BiFunction<YamlNode, String, ?> selector) {
        this(problems, selector, false);
    }

    StrategyReader(Problems problems, BiFunction<YamlNode, String, ?> selector, boolean inGroup) {
        this.problems = problems;
        this.selector = selector;
        this.inGroup = inGroup;
    }

    /** The strategy, or null when it has problems (recorded). */
    StrategySpec read(YamlNode node) {
        if (node instanceof YamlNode.Scalar s && s.value() instanceof String text) {
            StrategySpec.Kind kind = kind(node, text);
            if (kind == StrategySpec.Kind.ALL) {
                return StrategySpec.all();
            }
            if (kind != null) {
                problems.add(node.where(), "strategy " + text + " needs settings: write it as a mapping, e.g. "
                        + (kind == StrategySpec.Kind.ROLLING ? "{kind: rolling, batch: 5}" : "{kind: blue_green, blue: \"@blue\", green: \"@green\"}"));
            }
            return null;
        }
        YamlNode.Mapping m = problems.read(() -> YamlValues.mapping(node, "strategy"));
        if (m == null) {
            return null;
        }
        int before = problems.size();
        List<String> allowed = new ArrayList<>(KEYS);
        if (inGroup) {
            allowed.addAll(SWITCHOVER_KEYS);
        }
        problems.unknownKeys(m, "strategy", allowed);
        Map<String, YamlNode.Entry> e = m.entries();
        StrategySpec.Kind kind;
        if (e.containsKey("kind")) {
            YamlNode k = e.get("kind").value();
            String text = problems.read(() -> YamlValues.string(k, "strategy kind"));
            kind = text == null ? null : kind(k, text);
        } else if (e.containsKey("batch")) {
            kind = StrategySpec.Kind.ROLLING;
        } else {
            problems.add(m.where(), "strategy needs 'kind': " + String.join(", ", KINDS));
            kind = null;
        }
        List<BatchSize> batches = List.of();
        if (e.containsKey("batch")) {
            if (kind != null && kind != StrategySpec.Kind.ROLLING && kind != StrategySpec.Kind.SWITCHOVER) {
                problems.add(e.get("batch").keyWhere(), "'batch' is only for kind rolling, not " + kind.key());
            } else {
                batches = batches(e.get("batch").value());
            }
        } else if (kind == StrategySpec.Kind.ROLLING) {
            problems.add(m.where(), "a rolling strategy needs 'batch': a host count, a percentage like \"25%\", "
                    + "or a list like [1, 5, \"25%\"]");
        }
        BatchSize maxUnavailable = e.containsKey("max_unavailable")
                ? size(e.get("max_unavailable").value(), "max_unavailable") : null;
        Duration pause = e.containsKey("pause")
                ? problems.read(() -> YamlValues.duration(e.get("pause").value(), "pause")) : Duration.ZERO;
        Integer maxFail = e.containsKey("max_fail_percentage") ? percentage(e.get("max_fail_percentage").value())
                : Integer.valueOf(0);
        StrategySpec.RollbackScope scope = e.containsKey("rollback") ? scope(e.get("rollback").value())
                : StrategySpec.RollbackScope.BATCH;
        StrategySpec.BlueGreen colours = blueGreen(kind, m);
        if (kind == StrategySpec.Kind.SWITCHOVER && !inGroup) {
            problems.add(e.get("kind").value().where(), "kind switchover is only for a group of a plan's 'groups:' "
                    + "(it needs the group's role probe and switch command)");
        }
        if (kind != null && kind != StrategySpec.Kind.SWITCHOVER) {
            for (String key : SWITCHOVER_KEYS) {
                if (e.containsKey(key) && inGroup) {
                    problems.add(e.get(key).keyWhere(), "'" + key + "' is only for kind switchover, not " + kind.key());
                }
            }
        }
        if (kind == StrategySpec.Kind.SWITCHOVER && batches.isEmpty()) {
            batches = List.of(BatchSize.count(1));
        }
        if (problems.size() > before || kind == null) {
            return null;
        }
        return new StrategySpec(kind, batches, maxUnavailable, pause, maxFail, scope, colours);
    }

    private StrategySpec.Kind kind(YamlNode node, String text) {
        if (KINDS.contains(text)) {
            return StrategySpec.Kind.valueOf(text.toUpperCase(Locale.ROOT));
        }
        String close = Names.suggestion(text, KINDS);
        problems.add(node.where(), "strategy kind must be one of " + String.join(", ", KINDS) + ", found "
                + node.describe() + close);
        return null;
    }

    private List<BatchSize> batches(YamlNode node) {
        if (node instanceof YamlNode.Sequence seq) {
            if (seq.items().isEmpty()) {
                problems.add(node.where(), "batch list is empty: give at least one size");
            }
            List<BatchSize> out = new ArrayList<>();
            for (YamlNode item : seq.items()) {
                BatchSize size = size(item, "batch size");
                if (size != null) {
                    out.add(size);
                }
            }
            return out;
        }
        BatchSize one = size(node, "batch size");
        return one == null ? List.of() : List.of(one);
    }

    private BatchSize size(YamlNode node, String what) {
        if (node instanceof YamlNode.Scalar s) {
            if (s.value() instanceof Integer n && n >= 1) {
                return BatchSize.count(n);
            }
            if (s.value() instanceof String text) {
                Matcher p = PERCENT.matcher(text.strip());
                if (p.matches() && Long.parseLong(p.group(1)) >= 1 && Long.parseLong(p.group(1)) <= 100) {
                    return BatchSize.percent(Integer.parseInt(p.group(1)));
                }
                if (text.strip().matches("\\d{1,9}") && Integer.parseInt(text.strip()) >= 1) {
                    return BatchSize.count(Integer.parseInt(text.strip()));
                }
            }
        }
        problems.add(node.where(), what + " must be a host count of 1 or more like 5, or a percentage 1-100% "
                + "like \"25%\", found " + node.describe());
        return null;
    }

    private Integer percentage(YamlNode node) {
        if (node instanceof YamlNode.Scalar s) {
            String text = s.value() instanceof Integer n ? n.toString()
                    : s.value() instanceof String t ? t.strip().replaceFirst("\\s*%$", "") : null;
            if (text != null && text.matches("\\d{1,3}") && Integer.parseInt(text) <= 100) {
                return Integer.parseInt(text);
            }
        }
        problems.add(node.where(), "max_fail_percentage must be a whole number 0-100, found " + node.describe());
        return null;
    }

    private StrategySpec.RollbackScope scope(YamlNode node) {
        String text = problems.read(() -> YamlValues.string(node, "rollback"));
        if (text != null && SCOPES.contains(text)) {
            return StrategySpec.RollbackScope.valueOf(text.toUpperCase(Locale.ROOT));
        }
        if (text != null) {
            problems.add(node.where(), "rollback must be one of " + String.join(", ", SCOPES) + " (which batches a "
                    + "failed gate rolls back), found " + node.describe() + Names.suggestion(text, SCOPES));
        }
        return null;
    }

    private StrategySpec.BlueGreen blueGreen(StrategySpec.Kind kind, YamlNode.Mapping m) {
        Map<String, YamlNode.Entry> e = m.entries();
        if (kind != StrategySpec.Kind.BLUE_GREEN) {
            for (String colour : List.of("blue", "green")) {
                if (e.containsKey(colour) && kind != null) {
                    problems.add(e.get(colour).keyWhere(), "'" + colour + "' is only for kind blue_green, not " + kind.key());
                }
            }
            return null;
        }
        String blue = colour(m, "blue");
        String green = colour(m, "green");
        return blue == null || green == null ? null : new StrategySpec.BlueGreen(blue, green);
    }

    private String colour(YamlNode.Mapping m, String name) {
        YamlNode.Entry entry = m.entries().get(name);
        if (entry == null) {
            problems.add(m.where(), "a blue_green strategy needs '" + name + "': a selector for that colour's hosts");
            return null;
        }
        String text = problems.read(() -> YamlValues.string(entry.value(), name));
        return text == null || selector.apply(entry.value(), name) == null ? null : text;
    }
}
