package dev.muster.core.inventory;

import dev.muster.core.InputException;

/**
 * Picks hosts from an inventory. Grammar (EBNF; whitespace allowed around operators):
 *
 * <pre>
 * selector     = union ;
 * union        = intersection { "," intersection } ;
 * intersection = unary { "&amp;" unary } ;
 * unary        = "!" unary | primary ;
 * primary      = "(" union ")" | "@" group | label | word ;
 * label        = key ( "=" | "!=" ) value ;        (* value may be a glob: dc=fra* *)
 * word         = "all" | host-or-group ;            (* may hold globs * ? and ranges web[01-05] *)
 * </pre>
 *
 * <ul>
 *   <li>{@code all}: every host. A bare word matches host names and group names (a group
 *       matches its members); {@code *} and {@code ?} make it a glob over both, and
 *       {@code web[01-05]} expands to names that must each be a host or group. A bare word
 *       without globs that is neither a host nor a group is an error.</li>
 *   <li>{@code @group}: explicitly a group; an unknown group is an error suggesting close names.</li>
 *   <li>{@code key=value}: hosts whose label matches the value glob; {@code key!=value}: all
 *       other hosts (including those without the label). {@code env} is a label of every
 *       host that has an environment.</li>
 *   <li>Precedence: {@code !} binds tightest, then {@code &} (intersection), then
 *       {@code ,} (union). {@code !x} is every host not in x.</li>
 *   <li>In a union, items written with a leading {@code !} are subtracted from the union of
 *       the others, Ansible style: {@code @web,!web03} is web without web03; a union of only
 *       negated items subtracts them from all hosts.</li>
 * </ul>
 *
 * Syntax errors are {@link InputException}s from source "selector" with the 1-based column,
 * e.g. {@code selector:1:7: expected a host name, @group, label or '(' but found ')'}. Unknown
 * names are reported by {@link #evaluate(Inventory)}, also with the column.
 */
public final class Selector {
    private final String text;
    private final SelectorNode root;

    private Selector(String text, SelectorNode root) {
        this.text = text;
        this.root = root;
    }

    public static Selector parse(String text) {
        return new Selector(text, SelectorParser.parse(text));
    }

    public HostSet evaluate(Inventory inventory) {
        return root.evaluate(inventory);
    }

    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }
}
