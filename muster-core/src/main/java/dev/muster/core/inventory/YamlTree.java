package dev.muster.core.inventory;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.muster.core.InputException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads YAML into {@link YamlNode}s with token locations from Jackson's streaming parser.
 * Only the first document is read. Duplicate keys are an error (Jackson would keep the last).
 */
public final class YamlTree {
    private static final YAMLFactory FACTORY = new YAMLFactory();

    private final String source;
    private final String[] lines;
    private final JsonParser parser;

    private YamlTree(String source, String text, JsonParser parser) {
        this.source = source;
        this.lines = text.split("\n", -1);
        this.parser = parser;
    }

    /** The root node, or null for an empty document. */
    public static YamlNode read(String source, String text) {
        try (JsonParser parser = FACTORY.createParser(text)) {
            YamlTree tree = new YamlTree(source, text, parser);
            JsonToken first = parser.nextToken();
            return first == null ? null : tree.node();
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            int line = at == null ? 0 : Math.max(at.getLineNr(), 0);
            int column = at == null ? 0 : Math.max(at.getColumnNr(), 0);
            throw new InputException(source, line, column, "malformed YAML: " + firstLine(e.getOriginalMessage()), e);
        } catch (IOException | RuntimeException e) {
            if (e instanceof InputException input) {
                throw input;
            }
            throw InputException.in(source, "malformed YAML: " + firstLine(String.valueOf(e.getMessage())), e);
        }
    }

    /**
     * A float as YAML 1.1 (and so PyYAML, and Ansible) reads it: {@code .inf}, {@code -.inf} and
     * {@code .nan} are numbers, and a number needs a dot, so {@code 1e3} is the text "1e3".
     */
    static Object yaml11Float(String text) {
        String plain = text.replace("_", "");
        String lower = plain.toLowerCase(java.util.Locale.ROOT);
        if (lower.matches("[-+]?\\.inf")) {
            return lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (lower.equals(".nan")) {
            return Double.NaN;
        }
        if (!plain.contains(".")) {
            return text;
        }
        try {
            return Double.parseDouble(plain);
        } catch (NumberFormatException e) {
            return text;
        }
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }

    private YamlNode node() throws IOException {
        Where where = here();
        if (parser.currentToken().isScalarValue() && "vault".equals(parser.getTypeId())) {
            return new YamlNode.Vault(where, parser.getText());
        }
        return switch (parser.currentToken()) {
            case START_OBJECT -> mapping(where);
            case START_ARRAY -> sequence(where);
            case VALUE_STRING -> new YamlNode.Scalar(where, parser.getText());
            case VALUE_NUMBER_INT -> new YamlNode.Scalar(where, parser.getNumberValue());
            case VALUE_NUMBER_FLOAT -> new YamlNode.Scalar(where, yaml11Float(parser.getText()));
            case VALUE_TRUE -> new YamlNode.Scalar(where, Boolean.TRUE);
            case VALUE_FALSE -> new YamlNode.Scalar(where, Boolean.FALSE);
            case VALUE_NULL -> new YamlNode.Scalar(where, null);
            default -> new YamlNode.Scalar(where, parser.getText());
        };
    }

    private YamlNode mapping(Where where) throws IOException {
        refuseVaultTag(where);
        Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            Where keyWhere = here();
            parser.nextToken();
            YamlNode value = node();
            YamlNode.Entry previous = entries.put(key, new YamlNode.Entry(key, keyWhere, value));
            if (previous != null) {
                throw keyWhere.error("duplicate key '" + key + "' (first at line " + previous.keyWhere().line() + ")");
            }
        }
        return new YamlNode.Mapping(where, entries);
    }

    private YamlNode sequence(Where where) throws IOException {
        refuseVaultTag(where);
        List<YamlNode> items = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            items.add(node());
        }
        return new YamlNode.Sequence(where, items);
    }

    /** {@code !vault} tags vault text; on a mapping or list it is a mistake, never silently dropped. */
    private void refuseVaultTag(Where where) throws IOException {
        if ("vault".equals(parser.getTypeId())) {
            throw where.error("!vault must tag the vault text ($ANSIBLE_VAULT;...), not a mapping or list");
        }
    }

    /** Where the current token starts; past an opening quote, so offsets into the text line up. */
    private Where here() {
        JsonLocation at = parser.currentTokenLocation();
        int line = at.getLineNr();
        int column = at.getColumnNr();
        int textColumn = column;
        if (line >= 1 && line <= lines.length) {
            String text = lines[line - 1];
            // In flow mappings the reported start can be the blank before a quoted value.
            while (column >= 1 && column < text.length() && text.charAt(column - 1) == ' ') {
                column++;
            }
            textColumn = column;
            if (column >= 1 && column <= text.length() && (text.charAt(column - 1) == '"' || text.charAt(column - 1) == '\'')) {
                textColumn++;
            }
        }
        return new Where(source, line, column, textColumn);
    }
}
