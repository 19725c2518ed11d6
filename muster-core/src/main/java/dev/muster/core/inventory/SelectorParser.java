package dev.muster.core.inventory;

import dev.muster.core.InputException;
import java.util.ArrayList;
import java.util.List;

/** Recursive descent over the selector grammar documented on {@link Selector}. */
final class SelectorParser {
    private static final String OPERATORS = ",&!()=@";
    private static final String TERM = "a host name, @group, label or '('";

    private final String text;
    private int pos;

    private SelectorParser(String text) {
        this.text = text;
    }

    static SelectorNode parse(String text) {
        SelectorParser parser = new SelectorParser(AnsiblePatterns.colonsAsCommas(text));
        SelectorNode root = parser.union();
        parser.skipSpaces();
        if (parser.pos < text.length()) {
            throw parser.error("expected ',', '&' or the end but found " + parser.found());
        }
        return root;
    }

    private SelectorNode union() {
        List<SelectorNode> included = new ArrayList<>();
        List<SelectorNode> intersected = new ArrayList<>();
        List<SelectorNode> excluded = new ArrayList<>();
        do {
            if (accept('&')) {
                intersected.add(intersection()); // Ansible's a,&b: whatever the others pick, also in b
                continue;
            }
            SelectorNode item = intersection();
            if (item instanceof SelectorNode.Not not) {
                excluded.add(not.operand());
            } else {
                included.add(item);
            }
        } while (accept(','));
        if (excluded.isEmpty() && intersected.isEmpty() && included.size() == 1) {
            return included.get(0);
        }
        return new SelectorNode.Union(List.copyOf(included), List.copyOf(intersected), List.copyOf(excluded));
    }

    private SelectorNode intersection() {
        List<SelectorNode> operands = new ArrayList<>();
        operands.add(unary());
        while (accept('&')) {
            operands.add(unary());
        }
        return operands.size() == 1 ? operands.get(0) : new SelectorNode.And(List.copyOf(operands));
    }

    private SelectorNode unary() {
        skipSpaces();
        if (peek() == '!' && peekNext() != '=') {
            pos++;
            return new SelectorNode.Not(unary());
        }
        return primary();
    }

    private SelectorNode primary() {
        skipSpaces();
        char c = peek();
        if (accept('(')) {
            SelectorNode inner = union();
            if (!accept(')')) {
                throw error("expected ')' but found " + found());
            }
            return inner;
        }
        if (c == '~') {
            return regex();
        }
        if (accept('@')) {
            int column = pos + 1;
            String name = word("a group name after '@'");
            return new SelectorNode.Group(name, column);
        }
        if (c == 0 || OPERATORS.indexOf(c) >= 0) {
            throw error("expected " + TERM + " but found " + found());
        }
        int column = pos + 1;
        String word = word(TERM);
        return afterWord(word, column);
    }

    private SelectorNode afterWord(String word, int column) {
        int afterWord = pos;
        skipSpaces();
        if (peek() == '=' || (peek() == '!' && peekNext() == '=')) {
            boolean negated = peek() == '!';
            pos += negated ? 2 : 1;
            skipSpaces();
            String value = word("a label value after '" + (negated ? "!=" : "=") + "'");
            return new SelectorNode.Label(word, value, negated);
        }
        pos = afterWord;
        if (word.equals(Inventory.ALL)) {
            return new SelectorNode.All();
        }
        SelectorNode subscript = AnsiblePatterns.subscript(word, column);
        if (subscript != null) {
            return subscript;
        }
        List<String> expanded = HostRanges.hasRange(word)
                ? HostRanges.expand(word, HostRanges.ErrorAt.column(SelectorNode.SOURCE, 1, column))
                : List.of(word);
        return new SelectorNode.Name(word, column, expanded);
    }

    /** Ansible's {@code ~regex}: everything up to the next top-level comma. */
    private SelectorNode regex() {
        int column = pos + 1;
        pos++;
        int start = pos;
        int depth = 0;
        while (pos < text.length() && !(depth == 0 && text.charAt(pos) == ',')) {
            char c = text.charAt(pos);
            if (c == '[' || c == '(' || c == '{') {
                depth++;
            } else if ((c == ']' || c == ')' || c == '}') && depth > 0) {
                depth--;
            }
            pos++;
        }
        String regex = text.substring(start, pos).strip();
        try {
            return new SelectorNode.Regex(java.util.regex.Pattern.compile(regex), regex);
        } catch (java.util.regex.PatternSyntaxException e) {
            throw new InputException(SelectorNode.SOURCE, 1, column, "bad regular expression after '~': "
                    + e.getDescription());
        }
    }

    /** A run of name characters; commas inside {@code [..]} belong to the word. */
    private String word(String expected) {
        int start = pos;
        int depth = 0;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth = Math.max(0, depth - 1);
            } else if (depth == 0 && (Character.isWhitespace(c) || OPERATORS.indexOf(c) >= 0)) {
                break;
            }
            pos++;
        }
        if (start == pos) {
            throw error("expected " + expected + " but found " + found());
        }
        return text.substring(start, pos);
    }

    private boolean accept(char c) {
        skipSpaces();
        if (peek() == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void skipSpaces() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : 0;
    }

    private char peekNext() {
        return pos + 1 < text.length() ? text.charAt(pos + 1) : 0;
    }

    private String found() {
        return pos < text.length() ? "'" + text.charAt(pos) + "'" : "the end";
    }

    private InputException error(String message) {
        return new InputException(SelectorNode.SOURCE, 1, pos + 1, message);
    }
}
