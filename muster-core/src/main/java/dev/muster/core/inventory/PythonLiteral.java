package dev.muster.core.inventory;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values of an Ansible INI inventory, read as Ansible reads them (Python's
 * {@code ast.literal_eval}, the text itself when that fails): {@code 5} is a number,
 * {@code True} a boolean, {@code "a b"} and {@code 'a b'} strings, {@code [1, 2]} a list,
 * {@code {'a': 1}} a mapping, {@code None} null; {@code yes}, {@code 1.2.3} or {@code 007}
 * stay text.
 */
final class PythonLiteral {
    private final String text;
    private int pos;

    private PythonLiteral(String text) {
        this.text = text;
    }

    /** The value Ansible would give this INI text. */
    static Object value(String text) {
        Object v = parse(text);
        return v == FAILED ? text : v;
    }

    /** Marks a parsed None inside the parser, and a text that is no literal. */
    private static final Object NULL = new Object();
    private static final Object FAILED = new Object();

    private static Object parse(String text) {
        if (text.isEmpty() || Character.isWhitespace(text.charAt(0))) {
            return FAILED; // Python refuses empty text and leading indentation
        }
        PythonLiteral p = new PythonLiteral(text);
        try {
            Object v = p.expression();
            p.skipSpaces();
            return p.pos == text.length() ? unwrap(v) : FAILED;
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            return FAILED;
        }
    }

    private static Object unwrap(Object v) {
        return v == NULL ? null : v;
    }

    private Object expression() {
        skipSpaces();
        char c = peek();
        if (c == '[') {
            pos++;
            return items(']');
        }
        if (c == '(') {
            pos++;
            List<Object> items = items(')');
            return items;
        }
        if (c == '{') {
            pos++;
            return mapping();
        }
        if (c == '"' || c == '\'' || ((c == 'r' || c == 'R' || c == 'u' || c == 'U' || c == 'b' || c == 'B')
                && pos + 1 < text.length() && (text.charAt(pos + 1) == '"' || text.charAt(pos + 1) == '\''))) {
            StringBuilder joined = new StringBuilder();
            do {
                joined.append(string());
                skipSpaces();
            } while (pos < text.length() && (peek() == '"' || peek() == '\''));
            return joined.toString();
        }
        if (c == '-' || c == '+' || Character.isDigit(c) || c == '.') {
            return number();
        }
        String word = word();
        return switch (word) {
            case "True" -> Boolean.TRUE;
            case "False" -> Boolean.FALSE;
            case "None" -> NULL;
            default -> throw new IllegalArgumentException("not a literal: " + word);
        };
    }

    private List<Object> items(char close) {
        List<Object> out = new ArrayList<>();
        skipSpaces();
        if (peek() == close) {
            pos++;
            return out;
        }
        while (true) {
            out.add(unwrap(expression()));
            skipSpaces();
            char c = next();
            if (c == close) {
                return out;
            }
            if (c != ',') {
                throw new IllegalArgumentException("expected ,");
            }
            skipSpaces();
            if (peek() == close) {
                pos++;
                return out;
            }
        }
    }

    private Map<String, Object> mapping() {
        Map<String, Object> out = new LinkedHashMap<>();
        skipSpaces();
        if (peek() == '}') {
            pos++;
            return out;
        }
        while (true) {
            Object key = unwrap(expression());
            skipSpaces();
            if (next() != ':') {
                throw new IllegalArgumentException("a set, not a mapping"); // {1, 2} has no JSON form
            }
            out.put(key instanceof Boolean b ? (b ? "true" : "false") : String.valueOf(key), unwrap(expression()));
            skipSpaces();
            char c = next();
            if (c == '}') {
                return out;
            }
            if (c != ',') {
                throw new IllegalArgumentException("expected ,");
            }
            skipSpaces();
            if (peek() == '}') {
                pos++;
                return out;
            }
        }
    }

    private String string() {
        boolean raw = false;
        boolean bytes = false;
        while (Character.isLetter(peek())) {
            char p = Character.toLowerCase(next());
            raw |= p == 'r';
            bytes |= p == 'b';
        }
        if (bytes) {
            throw new IllegalArgumentException("bytes have no text form here");
        }
        char quote = next();
        boolean triple = text.startsWith(String.valueOf(quote).repeat(2), pos);
        if (triple) {
            pos += 2;
        }
        StringBuilder out = new StringBuilder();
        while (true) {
            char c = next();
            if (c == quote && (!triple || text.startsWith(String.valueOf(quote).repeat(2), pos))) {
                if (triple) {
                    pos += 2;
                }
                return out.toString();
            }
            if (c == '\n' && !triple) {
                throw new IllegalArgumentException("newline in string");
            }
            if (c == '\\' && !raw) {
                escape(out);
            } else if (c == '\\') {
                out.append(c).append(next());
            } else {
                out.append(c);
            }
        }
    }

    private void escape(StringBuilder out) {
        char e = next();
        switch (e) {
            case 'n' -> out.append('\n');
            case 't' -> out.append('\t');
            case 'r' -> out.append('\r');
            case '0' -> out.append('\0');
            case 'a' -> out.append('\u0007');
            case 'b' -> out.append('\b');
            case 'f' -> out.append('\f');
            case 'v' -> out.append('\u000b');
            case '\\', '\'', '"' -> out.append(e);
            case '\n' -> {
                // a line continuation
            }
            case 'x' -> out.append((char) Integer.parseInt(take(2), 16));
            case 'u' -> out.append((char) Integer.parseInt(take(4), 16));
            case 'U' -> out.appendCodePoint(Integer.parseInt(take(8), 16));
            default -> out.append('\\').append(e);
        }
    }

    private String take(int n) {
        String s = text.substring(pos, pos + n);
        pos += n;
        return s;
    }

    private Object number() {
        int start = pos;
        boolean negative = false;
        while (peek() == '-' || peek() == '+') {
            negative ^= next() == '-';
            skipSpaces();
        }
        int digits = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(peek()) || peek() == '_' || peek() == '.'
                || ((peek() == '-' || peek() == '+') && (text.charAt(pos - 1) == 'e' || text.charAt(pos - 1) == 'E')))) {
            pos++;
        }
        String literal = text.substring(digits, pos);
        if (literal.isEmpty() || literal.startsWith("_") || literal.endsWith("_") || literal.contains("__")) {
            throw new IllegalArgumentException("not a number: " + text.substring(start, pos));
        }
        String plain = literal.replace("_", "");
        String lower = plain.toLowerCase(java.util.Locale.ROOT);
        BigInteger integer = null;
        if (lower.startsWith("0x") || lower.startsWith("0o") || lower.startsWith("0b")) {
            int radix = lower.charAt(1) == 'x' ? 16 : lower.charAt(1) == 'o' ? 8 : 2;
            integer = new BigInteger(plain.substring(2), radix);
        } else if (lower.matches("\\d+")) {
            if (lower.length() > 1 && lower.charAt(0) == '0' && !lower.matches("0+")) {
                throw new IllegalArgumentException("leading zeros in a decimal number");
            }
            integer = new BigInteger(lower);
        } else if (lower.matches("(\\d+\\.?\\d*|\\.\\d+)(e[-+]?\\d+)?")) {
            double d = Double.parseDouble(lower);
            return negative ? -d : d;
        } else {
            throw new IllegalArgumentException("not a number: " + literal);
        }
        if (negative) {
            integer = integer.negate();
        }
        return integer.bitLength() < 32 ? (Object) integer.intValue()
                : integer.bitLength() < 64 ? (Object) integer.longValue() : integer;
    }

    private String word() {
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(peek()) || peek() == '_')) {
            pos++;
        }
        if (start == pos) {
            throw new IllegalArgumentException("unexpected " + peek());
        }
        return text.substring(start, pos);
    }

    private void skipSpaces() {
        while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
            pos++;
        }
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : 0;
    }

    private char next() {
        if (pos >= text.length()) {
            throw new IllegalArgumentException("unexpected end");
        }
        return text.charAt(pos++);
    }
}
