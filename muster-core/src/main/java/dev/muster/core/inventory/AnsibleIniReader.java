package dev.muster.core.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Ansible INI inventories: {@code [group]} host lines with {@code key=value} vars and
 * Ansible ranges ({@code web[01:20]}), {@code [group:vars]}, {@code [group:children]},
 * {@code [all:vars]} (global vars). Values are kept as strings.
 */
final class AnsibleIniReader {
    private static final Pattern SECTION = Pattern.compile("\\[([A-Za-z0-9_.-]+)(?::([A-Za-z]+))?]");

    private record Token(String text, int column) {
    }

    private final String source;
    private final Draft draft;
    private String group;
    private String kind = "hosts";

    private AnsibleIniReader(String source, Draft draft) {
        this.source = source;
        this.draft = draft;
    }

    static void read(String source, String text, Draft draft) {
        AnsibleIniReader reader = new AnsibleIniReader(source, draft);
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            reader.line(lines[i], i + 1);
        }
    }

    private void line(String raw, int lineNr) {
        String line = raw.strip();
        if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
            return;
        }
        int indent = raw.indexOf(line.charAt(0)) + 1;
        Where where = new Where(source, lineNr, indent);
        if (line.startsWith("[")) {
            section(line, where);
        } else if (kind.equals("vars")) {
            varLine(line, where);
        } else if (kind.equals("children")) {
            List<Token> tokens = tokens(line, lineNr, indent);
            if (tokens.size() != 1) {
                throw where.error("expected one child group name per line in [" + group + ":children]");
            }
            draft.group(group, where).children.add(new Draft.Ref(tokens.get(0).text, where));
        } else {
            hostLine(tokens(line, lineNr, indent), lineNr);
        }
    }

    private void section(String line, Where where) {
        Matcher m = SECTION.matcher(line.split("\\s[#;]", 2)[0].strip());
        if (!m.matches()) {
            throw where.error("expected [group], [group:vars] or [group:children] but found " + line);
        }
        group = m.group(1);
        kind = m.group(2) == null ? "hosts" : m.group(2);
        if (m.group(2) != null && !kind.equals("vars") && !kind.equals("children")) {
            throw where.error("unknown section kind '" + kind + "'; allowed: vars, children");
        }
        if (!group.equals(Inventory.ALL)) {
            draft.group(group, where);
        }
    }

    private void varLine(String line, Where where) {
        int eq = line.indexOf('=');
        if (eq <= 0) {
            throw where.error("expected key=value in [" + group + ":vars] but found " + line);
        }
        String key = line.substring(0, eq).strip();
        String value = unquote(line.substring(eq + 1).strip());
        AnsibleVars.check(key, value, where);
        draft.noteValue(key, value);
        if (group.equals(Inventory.ALL)) {
            draft.vars.put(key, value);
        } else {
            draft.group(group, where).vars.put(key, value);
        }
    }

    private void hostLine(List<Token> tokens, int lineNr) {
        Token first = tokens.get(0);
        Where where = new Where(source, lineNr, first.column);
        String pattern = first.text;
        String port = null;
        int colon = pattern.lastIndexOf(':');
        if (colon > pattern.lastIndexOf(']') && pattern.substring(colon + 1).matches("\\d+")) {
            port = pattern.substring(colon + 1);
            pattern = pattern.substring(0, colon);
        }
        List<String> names = HostRanges.expandAnsible(pattern, where.offsets());
        for (String name : names) {
            Draft.HostDraft host = draft.host(name, where);
            if (port != null) {
                AnsibleVars.check("ansible_port", port, where);
                host.vars.put("ansible_port", port);
            }
            for (Token token : tokens.subList(1, tokens.size())) {
                int eq = token.text.indexOf('=');
                Where at = new Where(source, lineNr, token.column);
                if (eq <= 0) {
                    throw at.error("expected key=value after the host name but found " + token.text);
                }
                String key = token.text.substring(0, eq);
                String value = unquote(token.text.substring(eq + 1));
                AnsibleVars.check(key, value, at);
                draft.noteValue(key, value);
                host.vars.put(key, value);
            }
            if (group != null && !group.equals(Inventory.ALL)) {
                draft.group(group, where).hosts.putIfAbsent(name, where);
            }
        }
    }

    /** Whitespace-separated words; quotes group (key="a b"), a word starting with # ends the line. */
    private List<Token> tokens(String line, int lineNr, int firstColumn) {
        List<Token> out = new ArrayList<>();
        int k = 0;
        while (k < line.length()) {
            while (k < line.length() && Character.isWhitespace(line.charAt(k))) {
                k++;
            }
            if (k >= line.length() || line.charAt(k) == '#' || line.charAt(k) == ';') {
                break;
            }
            int start = k;
            char quote = 0;
            while (k < line.length() && (quote != 0 || !Character.isWhitespace(line.charAt(k)))) {
                char c = line.charAt(k);
                if (quote == 0 && (c == '"' || c == '\'')) {
                    quote = c;
                } else if (c == quote) {
                    quote = 0;
                }
                k++;
            }
            if (quote != 0) {
                throw new Where(source, lineNr, firstColumn + start).error("unclosed quote");
            }
            out.add(new Token(line.substring(start, k), firstColumn + start));
        }
        return out;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.charAt(0) == '"' || value.charAt(0) == '\'')
                && value.charAt(value.length() - 1) == value.charAt(0)) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }
}
