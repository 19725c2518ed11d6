package dev.muster.files;

import dev.muster.core.InputException;
import java.util.regex.Pattern;

/** A wanted owner and/or group ({@code --owner root:root}, {@code --owner www}, {@code --group adm}). */
public record Owner(String user, String group) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,31}");

    public Owner {
        check(user, "owner");
        check(group, "group");
    }

    private static void check(String name, String what) {
        if (name != null && !NAME.matcher(name).matches()) {
            throw InputException.option("--" + what, "expected a user or group name or number, got '" + name + "'");
        }
    }

    /** Parses {@code user}, {@code user:group} or {@code :group}, and an optional separate group. */
    public static Owner parse(String owner, String group) {
        String user = null;
        String grp = group;
        if (owner != null) {
            int colon = owner.indexOf(':');
            user = colon < 0 ? owner : owner.substring(0, colon);
            if (colon >= 0 && grp == null) {
                grp = owner.substring(colon + 1);
            }
            user = user.isEmpty() ? null : user;
            grp = grp == null || grp.isEmpty() ? null : grp;
        }
        return user == null && grp == null ? null : new Owner(user, grp);
    }

    boolean matches(RemoteEntry e) {
        return same(user, e.owner(), e.uid()) && same(group, e.group(), e.gid());
    }

    private static boolean same(String wanted, String name, int id) {
        if (wanted == null) {
            return true;
        }
        return wanted.chars().allMatch(Character::isDigit) ? Integer.parseInt(wanted) == id : wanted.equals(name);
    }

    /** The argument for chown. */
    String chownSpec() {
        return (user == null ? "" : user) + (group == null ? "" : ":" + group);
    }

    @Override
    public String toString() {
        return chownSpec();
    }
}
