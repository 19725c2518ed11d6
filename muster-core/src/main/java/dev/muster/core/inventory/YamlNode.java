package dev.muster.core.inventory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML value that remembers where it was written, so errors can name line and column.
 * Public so plans (and other files users write) are read with the same positions as inventories.
 */
public sealed interface YamlNode {
    Where where();

    /** What the user wrote, for "found ..." in messages. */
    String describe();

    /** The plain Java value: Map, List, String, Number, Boolean or null. */
    Object toJava();

    public record Entry(String key, Where keyWhere, YamlNode value) {
    }

    public record Mapping(Where where, Map<String, Entry> entries) implements YamlNode {
        @Override
        public String describe() {
            return "a mapping";
        }

        @Override
        public Object toJava() {
            Map<String, Object> out = new LinkedHashMap<>();
            entries.forEach((k, e) -> out.put(k, e.value().toJava()));
            return out;
        }
    }

    public record Sequence(Where where, List<YamlNode> items) implements YamlNode {
        @Override
        public String describe() {
            return "a list";
        }

        @Override
        public Object toJava() {
            List<Object> out = new ArrayList<>();
            items.forEach(i -> out.add(i.toJava()));
            return out;
        }
    }

    /**
     * A value tagged {@code !vault}: Ansible Vault text, never usable as it is. Readers that take
     * variables turn it into a {@link dev.muster.core.secret.Secret}; anywhere else it is refused.
     */
    public record Vault(Where where, String text) implements YamlNode {
        @Override
        public String describe() {
            return "a vault-encrypted value";
        }

        @Override
        public Object toJava() {
            throw where.error("a vault-encrypted value (!vault) cannot be used here, only as a variable's value");
        }
    }

    public record Scalar(Where where, Object value) implements YamlNode {
        @Override
        public String describe() {
            if (value == null) {
                return "nothing";
            }
            return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
        }

        @Override
        public Object toJava() {
            return value;
        }
    }
}
