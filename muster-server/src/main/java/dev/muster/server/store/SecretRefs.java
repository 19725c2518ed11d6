package dev.muster.server.store;

import dev.muster.core.InputException;
import dev.muster.core.Redactor;
import dev.muster.core.inventory.Host;
import dev.muster.core.inventory.Inventory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps secret values out of the store while commands that contain them still run. A secret
 * value typed into a command (or a plan variable, or a schedule's target) is stored as a
 * reference to where the inventory holds it: the variable NAME of host HOST, written
 * {@code U+001E secret:NAME U+001D HOST U+001F} (control characters nobody types, and a caller who
 * sends them is refused, so nobody can forge a reference to a secret they do not know), and resolved
 * from the inventory again only when the run executes. What users see of stored text shows
 * {@link Redactor#MASK} in place of each reference.
 */
public final class SecretRefs {
    static final char OPEN = '\u001e';
    static final char SEPARATOR = '\u001d';
    static final char CLOSE = '\u001f';
    private static final Pattern REF = Pattern.compile(OPEN + "secret:([^" + SEPARATOR + CLOSE + "]+)" + SEPARATOR
            + "([^" + CLOSE + "]+)" + CLOSE);
    private static final SecretRefs NONE = new SecretRefs(null);

    private final Inventory inventory;
    private volatile List<Map.Entry<String, String>> byValue; // secret value -> reference, longest value first

    private SecretRefs(Inventory inventory) {
        this.inventory = inventory;
    }

    /** References to the secrets of {@code inventory}. */
    public static SecretRefs of(Inventory inventory) {
        return inventory == null ? NONE : new SecretRefs(inventory);
    }

    /**
     * {@code text} with every secret value replaced by its reference.
     *
     * @throws InputException when {@code text} contains the reference markers, or a secret value
     *                        that no host's variable holds (it could not be resolved later)
     */
    public String seal(String text) {
        if (text == null || inventory == null) {
            return text;
        }
        if (text.indexOf(OPEN) >= 0 || text.indexOf(SEPARATOR) >= 0 || text.indexOf(CLOSE) >= 0
                || text.indexOf('\u0000') >= 0) {
            throw InputException.in("request", "control characters U+0000, U+001D, U+001E and U+001F are "
                    + "not allowed");
        }
        String out = text;
        for (Map.Entry<String, String> e : byValue()) {
            if (out.contains(e.getKey())) {
                out = out.replace(e.getKey(), e.getValue());
            }
        }
        String left = REF.matcher(out).replaceAll("");
        if (!inventory.redactor().redact(left).equals(left)) {
            throw InputException.in("request", "it contains a secret value that no host's variable holds, "
                    + "so it could not be stored without it: use the secret through a variable of the hosts");
        }
        return out;
    }

    /**
     * Stored text sealed again: references kept, secret values still in it replaced by references,
     * and any secret value no host's variable holds masked (it is lost rather than stored). For text
     * already in the store (written by an older muster, or by a client without the inventory), never
     * for what a caller sends, which {@link #seal} checks.
     */
    public String reseal(String stored) {
        if (stored == null || inventory == null) {
            return stored;
        }
        Matcher m = REF.matcher(stored);
        StringBuilder out = new StringBuilder();
        int from = 0;
        while (m.find()) {
            out.append(sealRaw(stored.substring(from, m.start()))).append(m.group());
            from = m.end();
        }
        return out.append(sealRaw(stored.substring(from))).toString();
    }

    private String sealRaw(String text) {
        String out = text.replace(String.valueOf(OPEN), "").replace(String.valueOf(SEPARATOR), "")
                .replace(String.valueOf(CLOSE), "");
        for (Map.Entry<String, String> e : byValue()) {
            if (out.contains(e.getKey())) {
                out = out.replace(e.getKey(), e.getValue());
            }
        }
        // what is left between the references the redactor masks
        Matcher m = REF.matcher(out);
        StringBuilder masked = new StringBuilder();
        int from = 0;
        while (m.find()) {
            masked.append(inventory.redactor().redact(out.substring(from, m.start()))).append(m.group());
            from = m.end();
        }
        return masked.append(inventory.redactor().redact(out.substring(from))).toString();
    }

    /** {@link #reseal} for every string inside {@code value}. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> resealMap(Map<String, Object> value) {
        return (Map<String, Object>) walk(value, this::reseal);
    }

    private static Object walk(Object value, java.util.function.UnaryOperator<String> f) {
        if (value instanceof String s) {
            return f.apply(s);
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), walk(v, f)));
            return out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(v -> out.add(walk(v, f)));
            return out;
        }
        return value;
    }

    /** Every string inside {@code value} (maps and lists walked) sealed; other values as they are. */
    public Object sealAll(Object value) {
        return walk(value, this::seal);
    }

    /** {@link #sealAll} for a map, typed. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> sealMap(Map<String, Object> map) {
        return (Map<String, Object>) sealAll(map);
    }

    /**
     * {@code sealed} with each reference replaced by the value the inventory holds now.
     *
     * @throws InputException when the inventory no longer has the variable a reference names
     */
    public String resolve(String sealed) {
        if (sealed == null || sealed.indexOf(OPEN) < 0) {
            return sealed;
        }
        Matcher m = REF.matcher(sealed);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String host = m.group(2);
            Object value = inventory == null ? null : inventory.host(host).map(h -> h.vars().get(name)).orElse(null);
            if (value == null) {
                throw InputException.in("secret", "the run uses secret variable " + name + " of host " + host
                        + ", which the inventory no longer has");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(
                    dev.muster.core.secret.Secret.resolved(value).toString()));
        }
        return m.appendTail(out).toString();
    }

    /** {@link #resolve} for every string inside {@code value}. */
    public Object resolveAll(Object value) {
        return walk(value, this::resolve);
    }

    /** What users see of stored text: references and any secret value masked. */
    public String display(String stored) {
        if (stored == null) {
            return null;
        }
        String masked = stored.indexOf(OPEN) < 0 ? stored : REF.matcher(stored).replaceAll(Redactor.MASK);
        return inventory == null ? masked : inventory.redactor().redact(masked);
    }

    /** {@link #display} for every string inside {@code value}. */
    public Object displayAll(Object value) {
        return walk(value, this::display);
    }

    /** Masks references only: for stored text shown where no inventory is at hand (the CLI's lists). */
    public static String masked(String stored) {
        return NONE.display(stored);
    }

    /** Where each secret value is held first: hosts in natural order, their variables by name. */
    private List<Map.Entry<String, String>> byValue() {
        List<Map.Entry<String, String>> list = byValue;
        if (list == null) {
            Redactor redactor = inventory.redactor();
            Map<String, String> refs = new LinkedHashMap<>();
            for (Host h : inventory.hosts()) {
                for (Map.Entry<String, Object> v : new TreeMap<>(h.vars()).entrySet()) {
                    if (v.getValue() instanceof dev.muster.core.secret.Secret) {
                        continue;   // a vault or secret-source value: never typed in clear, never stored
                    }
                    String value = v.getValue() == null ? null : v.getValue().toString();
                    if (value != null && !refs.containsKey(value) && redactor.redact(value).equals(Redactor.MASK)) {
                        refs.put(value, OPEN + "secret:" + v.getKey() + SEPARATOR + h.name() + CLOSE);
                    }
                }
            }
            list = new ArrayList<>(refs.entrySet());
            list.sort(Comparator.comparingInt((Map.Entry<String, String> e) -> e.getKey().length()).reversed());
            byValue = list;
        }
        return list;
    }
}
