package dev.muster.files;

import dev.muster.core.step.Shell;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The one command a push runs on a host before anything replaces a real file: unpack the small
 * files (a tar stream on stdin, when there are any), verify every upload's SHA-256, set
 * ownership, keep backups, validate, and for a few files rename them into place. Each stage runs
 * only if the ones before it succeeded, and a stage that fails ends the script with its
 * {@link ScriptExit}. Pure: the script is decided from the placement alone (golden-tested).
 *
 * @param text         the script
 * @param manifest     "H SHA256  ./TEMP" per upload and "C ./PATH" per path to chown, when the
 *                     script reads one ({@code lean} scripts carry the hashes in their text)
 * @param lean         a few uploads and nothing to chown: no manifest
 * @param manifestName the manifest's name when it travels in the tar stream
 * @param viaTar       whether the script unpacks a tar stream from stdin first
 */
record PrepareScript(String text, byte[] manifest, boolean lean, String manifestName, boolean viaTar) {

    /** Whether a placement needs the prepare command at all. */
    static boolean needed(Placement p) {
        ChangeSet cs = p.changes();
        return !cs.uploads.isEmpty() || !cs.chown.isEmpty() || !cs.backups.isEmpty() || p.renameHere();
    }

    /**
     * The script for {@code p} on {@code target}.
     *
     * @param viaTar       the uploads unpacked from the tar stream (none when the host's tar is unusable)
     * @param stamp        the backups' time stamp (yyyyMMdd'T'HHmmss)
     * @param manifestName the manifest's temporary name in the tar stream
     */
    static PrepareScript of(Target target, Placement p, List<Entry> viaTar, SyncOptions opts, String stamp,
                            String manifestName) {
        ChangeSet cs = p.changes();
        Map<String, String> temps = p.temps();
        // A few uploads and nothing to chown: their hashes go into the script itself and are
        // checked with one command (as few processes as possible: each costs the host a fork).
        // Otherwise a manifest: "H <sha256>  ./TEMP" per upload, "C ./PATH" per other path to
        // chown; it travels in the tar stream or on stdin (never in the command line, whose size
        // is capped), and xargs hands any number of paths to the tools.
        boolean lean = cs.chown.isEmpty() && cs.uploads.size() <= Placement.RENAMES_IN_SCRIPT
                && cs.uploads.stream().map(p::temp).allMatch(PrepareScript::plainName);
        StringBuilder manifest = new StringBuilder();
        for (Entry e : cs.uploads) {
            manifest.append("H ").append(e.content().sha256()).append("  ./").append(p.temp(e)).append('\n');
        }
        for (String path : cs.chown) {
            manifest.append("C ./").append(temps.getOrDefault(path, path)).append('\n');
        }
        StringBuilder sh = new StringBuilder("cd -- ").append(Shell.quote(target.root())).append(" || ")
                .append(ScriptExit.CANNOT_ENTER.exit()).append('\n');
        if (!viaTar.isEmpty()) {
            sh.append("tar -x -p --no-same-owner -f - || ").append(lean ? ScriptExit.TAR_UNUSABLE.exit() + "\n"
                    : "{ rm -f ./" + manifestName + "; " + ScriptExit.TAR_UNUSABLE.exit() + "; }\n");
        }
        if (lean) {
            if (!cs.uploads.isEmpty()) {
                sh.append(verifyInline(cs.uploads, temps));
            }
        } else {
            sh.append(viaTar.isEmpty() ? "m=$(cat)\n" : "m=$(cat ./" + manifestName + "); rm -f ./" + manifestName + "\n");
        }
        if (!lean && !cs.uploads.isEmpty()) {
            sh.append("want=$(printf '%s\\n' \"$m\" | sed -n 's/^H \\(.\\{64\\}\\).*/\\1/p')\n")
                    .append("got=$(printf '%s\\n' \"$m\" | sed -n 's/^H .\\{64\\}  //p' | tr '\\n' '\\0' | ")
                    .append(Remote.HASH_EACH)
                    .append(" | sed 's/^\\\\//' | cut -c1-64)\n")
                    .append("[ \"$got\" = \"$want\" ] || { echo 'uploaded content does not match its SHA-256' >&2; ")
                    .append(ScriptExit.NOT_VERIFIED.exit()).append("; }\n");
        }
        if (!cs.chown.isEmpty()) {
            sh.append("printf '%s\\n' \"$m\" | sed -n 's/^C //p' | tr '\\n' '\\0' | xargs -0 chown -h -- ")
                    .append(Shell.quote(opts.owner().chownSpec())).append(" || ")
                    .append(ScriptExit.CHOWN_FAILED.exit()).append('\n');
        }
        for (String path : cs.backups) {
            sh.append("ln -f -- ").append(Shell.quote("./" + path)).append(' ')
                    .append(Shell.quote("./" + path + ".~" + stamp + "~")).append(" || ")
                    .append(ScriptExit.BACKUP_FAILED.exit()).append('\n');
        }
        if (opts.validate() != null) {
            for (Entry e : cs.uploads) {
                String cmd = opts.validate().replace("{}", Shell.quote(target.path(p.temp(e))));
                sh.append("( ").append(cmd).append(" ) || ").append(ScriptExit.NOT_VALID.exit()).append('\n');
            }
        }
        if (p.renameHere()) {
            // a few files: rename(2) right here saves a round trip
            sh.append(renames(p.placed(), temps));
        }
        return new PrepareScript(sh.toString(), manifest.toString().getBytes(StandardCharsets.UTF_8), lean,
                manifestName, !viaTar.isEmpty());
    }

    /** Whether the manifest is the script's whole stdin (no tar stream, and not lean). */
    boolean manifestOnStdin() {
        return !viaTar && !lean;
    }

    /** Whether the manifest travels as the tar stream's last file. */
    boolean manifestInTar() {
        return viaTar && !lean;
    }

    /**
     * Checks the uploads' SHA-256 in one command whose expected output is written into the script,
     * with coreutils' sha256sum or OpenSSL (whichever the host has, the cheaper for the size first).
     * Only for names that neither tool escapes ({@link #plainName}).
     */
    private static String verifyInline(List<Entry> uploads, Map<String, String> temps) {
        StringBuilder files = new StringBuilder();
        StringBuilder openssl = new StringBuilder();
        StringBuilder coreutils = new StringBuilder();
        for (Entry e : uploads) {
            String p = "./" + temps.get(e.path());
            String h = e.content().sha256();
            files.append(' ').append(Shell.quote(p));
            openssl.append(openssl.isEmpty() ? "" : "\n").append(h).append(" *").append(p);
            coreutils.append(coreutils.isEmpty() ? "" : "\n").append(h).append("  ").append(p);
        }
        String viaOpenssl = "openssl dgst -sha256 -r --" + files;
        String viaCoreutils = "sha256sum --" + files;
        // OpenSSL hashes megabytes faster (SHA instructions) but costs the host more to start:
        // a few small files are checked by coreutils first
        boolean small = uploads.stream().mapToLong(Entry::size).sum() < (4 << 20);
        String first = small ? viaCoreutils : viaOpenssl;
        String second = small ? viaOpenssl : viaCoreutils;
        String firstWant = Shell.quote((small ? coreutils : openssl).toString());
        String secondWant = Shell.quote((small ? openssl : coreutils).toString());
        return "if got=$(" + first + " 2>/dev/null); then [ \"$got\" = " + firstWant + " ]; else [ \"$(" + second
                + ")\" = " + secondWant + " ]; fi"
                + " || { echo 'uploaded content does not match its SHA-256' >&2; " + ScriptExit.NOT_VERIFIED.exit()
                + "; }\n";
    }

    /**
     * Renames temporaries into place, in order, stopping at the first failure. Two or more go
     * through one perl process when the host has perl (each process costs the host a fork and an
     * exec; Debian and Ubuntu always have perl-base), else one mv each.
     */
    static String renames(List<Entry> placed, Map<String, String> temps) {
        String fail = ScriptExit.RENAME_FAILED.exit();
        StringBuilder mv = new StringBuilder();
        StringBuilder args = new StringBuilder();
        for (Entry e : placed) {
            String from = Shell.quote("./" + temps.get(e.path()));
            String to = Shell.quote("./" + e.path());
            mv.append("mv -f -- ").append(from).append(' ').append(to).append(" || ").append(fail).append('\n');
            args.append(' ').append(from).append(' ').append(to);
        }
        if (placed.size() < 2) {
            return mv.toString();
        }
        return "if command -v perl >/dev/null 2>&1; then\n"
                + "perl -e 'while (@ARGV) { my ($f, $t) = splice(@ARGV, 0, 2); rename($f, $t) or "
                + fail + " }' --" + args + " || " + fail + "\nelse\n" + mv + "fi\n";
    }

    /** A path sha256sum prints as it is (no backslash, no newline). */
    static boolean plainName(String path) {
        return path.indexOf('\\') < 0 && path.indexOf('\n') < 0 && path.indexOf('\r') < 0;
    }
}
