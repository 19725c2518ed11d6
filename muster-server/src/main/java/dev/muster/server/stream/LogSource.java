package dev.muster.server.stream;

import dev.muster.core.InputException;
import dev.muster.core.inventory.Where;
import dev.muster.core.inventory.YamlNode;
import dev.muster.core.inventory.YamlTree;
import dev.muster.core.inventory.YamlValues;
import dev.muster.core.inventory.Selector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One entry of {@code muster serve --log-sources FILE}: which hosts, which files, where to.
 *
 * <pre>
 * sources:
 *   - name: app
 *     hosts: "@web"
 *     files: [/var/log/app.log]
 *     to: kafka://kafka1:9092/app-logs
 *     trace_regex: "req=(\\w+)"   # optional
 *     from_start: false           # optional: a file never shipped starts at its end
 *     poll: 1s                    # optional
 * </pre>
 */
public record LogSource(String name, String hosts, List<String> files, KafkaSink.Target to, String traceRegex,
                        boolean fromStart, Duration poll) {
    private static final Set<String> KEYS = Set.of("name", "hosts", "files", "to", "trace_regex", "from_start", "poll");

    /** Reads the file; bad input names the file, line and column, and what was expected. */
    public static List<LogSource> read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw InputException.in(file, "cannot read the log sources: " + e.getMessage());
        }
        String source = file.toString();
        YamlNode root = YamlTree.read(source, text);
        if (root == null) {
            throw new InputException(source, 1, 1, "expected 'sources:' with a list of log sources");
        }
        YamlNode.Mapping top = YamlValues.mapping(root, "the log sources file");
        for (YamlNode.Entry e : top.entries().values()) {
            if (!e.key().equals("sources")) {
                throw e.keyWhere().error("unknown key '" + e.key() + "'; expected 'sources'");
            }
        }
        YamlNode.Entry sources = top.entries().get("sources");
        if (sources == null || !(sources.value() instanceof YamlNode.Sequence seq) || seq.items().isEmpty()) {
            throw (sources == null ? top.where() : sources.value().where())
                    .error("'sources' must be a non-empty list of log sources");
        }
        List<LogSource> out = new ArrayList<>();
        Map<String, Where> names = new HashMap<>();
        for (YamlNode item : seq.items()) {
            LogSource s = one(item);
            Where first = names.putIfAbsent(s.name(), item.where());
            if (first != null) {
                throw item.where().error("two log sources are named '" + s.name() + "' (first at line "
                        + first.line() + ")");
            }
            out.add(s);
        }
        return List.copyOf(out);
    }

    private static LogSource one(YamlNode item) {
        YamlNode.Mapping m = YamlValues.mapping(item, "a log source");
        for (YamlNode.Entry e : m.entries().values()) {
            if (!KEYS.contains(e.key())) {
                throw e.keyWhere().error("unknown key '" + e.key() + "' in a log source; allowed: name, hosts, files, "
                        + "to, trace_regex, from_start, poll");
            }
        }
        Map<String, YamlNode.Entry> e = m.entries();
        for (String key : List.of("name", "hosts", "files", "to")) {
            if (!e.containsKey(key)) {
                throw m.where().error("a log source needs '" + key + "'");
            }
        }
        String name = YamlValues.string(e.get("name").value(), "name");
        if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
            throw e.get("name").value().where().error("name must be letters, digits, '.', '_' or '-', found " + name);
        }
        YamlNode hostsNode = e.get("hosts").value();
        String hosts = YamlValues.string(hostsNode, "hosts");
        try {
            Selector.parse(hosts);
        } catch (InputException bad) {
            throw hostsNode.where().error("bad selector: " + bad.getMessage().replaceFirst("^selector:\\d+:\\d+: ", ""));
        }
        List<String> files = new ArrayList<>();
        for (YamlNode.Scalar f : YamlValues.strings(e.get("files").value(), "files")) {
            String path = String.valueOf(f.value());
            if (path.isEmpty() || path.indexOf('\n') >= 0 || path.indexOf('\0') >= 0) {
                throw f.where().error("not a file name: '" + path + "'");
            }
            files.add(path);
        }
        if (files.isEmpty()) {
            throw e.get("files").value().where().error("files must name at least one log file");
        }
        YamlNode toNode = e.get("to").value();
        KafkaSink.Target to;
        try {
            to = KafkaSink.Target.parse(YamlValues.string(toNode, "to"));
        } catch (IllegalArgumentException bad) {
            throw toNode.where().error(bad.getMessage());
        }
        String regex = null;
        if (e.containsKey("trace_regex")) {
            YamlNode r = e.get("trace_regex").value();
            regex = YamlValues.string(r, "trace_regex");
            try {
                TraceIds.with(regex);
            } catch (IllegalArgumentException bad) {
                throw r.where().error(bad.getMessage());
            }
        }
        boolean fromStart = e.containsKey("from_start") && YamlValues.bool(e.get("from_start").value(), "from_start");
        Duration poll = e.containsKey("poll") ? YamlValues.duration(e.get("poll").value(), "poll") : Duration.ofSeconds(1);
        if (poll.isZero() || poll.isNegative()) {
            throw e.get("poll").value().where().error("poll must be a positive duration, found " + poll);
        }
        return new LogSource(name, hosts, List.copyOf(files), to, regex, fromStart, poll);
    }
}
