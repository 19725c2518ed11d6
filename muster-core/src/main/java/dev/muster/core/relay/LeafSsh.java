package dev.muster.core.relay;

import dev.muster.core.inventory.Host;
import dev.muster.core.step.Shell;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How a relay's stock OpenSSH client reaches one leaf host. Nothing of the relay's own ssh
 * configuration is read ({@code -F /dev/null}): the port, user and key come from the controller's
 * inventory, and the leaf's host key must be in {@code knownHostsFile}, the excerpt of the
 * controller's known_hosts shipped to the relay ({@code StrictHostKeyChecking=yes}, no global file).
 */
public record LeafSsh(String knownHostsFile, String identityFile, Duration connectTimeout) {

    /** The ssh command and options without destination, as separate words (not quoted). */
    public List<String> words(Host leaf) {
        List<String> w = new ArrayList<>(List.of("ssh", "-F", "/dev/null", "-T", "-o", "BatchMode=yes",
                "-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=" + knownHostsFile,
                "-o", "GlobalKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
                "-o", "ConnectTimeout=" + Math.max(1, connectTimeout == null ? 10 : connectTimeout.toSeconds()),
                "-p", String.valueOf(leaf.ssh().portOrDefault())));
        if (leaf.ssh().user() != null) {
            w.add("-l");
            w.add(leaf.ssh().user());
        }
        if (identityFile != null) {
            w.add("-o");
            w.add("IdentitiesOnly=yes");
            w.add("-i");
            w.add(identityFile);
        }
        return w;
    }

    /** The address ssh connects to: the inventory address, else the host's name. */
    public static String address(Host leaf) {
        return leaf.address() != null ? leaf.address() : leaf.name();
    }

    /** A shell command line, run on the relay, that runs {@code remoteCommand} on the leaf. */
    public String command(Host leaf, String remoteCommand) {
        StringBuilder b = new StringBuilder();
        for (String word : words(leaf)) {
            b.append(Shell.quote(word)).append(' ');
        }
        // ssh joins the words after the destination and hands them to the leaf's shell: one quoted word
        return b.append("-- ").append(Shell.quote(address(leaf))).append(' ').append(Shell.quote(remoteCommand))
                .toString();
    }

    /**
     * The ssh command as one {@code rsync -e} value: rsync splits it on spaces and honours single
     * quotes, so each word is single-quoted for rsync (and the whole then quoted for the shell).
     */
    public String rsyncShell(Host leaf) {
        StringBuilder b = new StringBuilder();
        for (String word : words(leaf)) {
            if (!b.isEmpty()) {
                b.append(' ');
            }
            b.append('\'').append(word.replace("'", "'\"'\"'")).append('\'');
        }
        return b.toString();
    }
}
