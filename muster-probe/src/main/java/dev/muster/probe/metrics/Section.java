package dev.muster.probe.metrics;

/**
 * A metric source: the file or command that prints it on the host and the parser that reads it on the
 * controller. What a parser cannot read stays at its default (null: unknown) and is named in the
 * snapshot's problems; no input makes a parser throw.
 */
public enum Section {
    STAT("stat", "/proc/stat", null, StatParser::parse),
    MEMINFO("meminfo", "/proc/meminfo", null, MeminfoParser::parse),
    LOADAVG("loadavg", "/proc/loadavg", null, SmallParsers::loadavg),
    DISKSTATS("diskstats", "/proc/diskstats", null, DiskstatsParser::parse),
    NETDEV("netdev", "/proc/net/dev", null, SmallParsers::netdev),
    UPTIME("uptime", "/proc/uptime", null, SmallParsers::uptime),
    // timeout keeps a hung NFS mount from hanging the whole sample
    DF("df", null, "if command -v timeout >/dev/null 2>&1; then timeout 5 df -P; else df -P; fi", SmallParsers::df);

    @FunctionalInterface
    interface Parser {
        void parse(String text, SnapshotDraft draft);
    }

    private final String key;
    private final String file;
    private final String command;
    private final Parser parser;

    Section(String key, String file, String command, Parser parser) {
        this.key = key;
        this.file = file;
        this.command = command;
        this.parser = parser;
    }

    /** The /proc file this section reads, or null when it runs a command. */
    public String file() {
        return file;
    }

    public String key() {
        return key;
    }

    /** The command printing this section on its own. */
    public String command() {
        return file != null ? "cat " + file : command;
    }

    void parse(String text, SnapshotDraft draft) {
        try {
            parser.parse(text, draft);
        } catch (RuntimeException e) {
            // parsers check what they read; this is the last line of defence against a bug
            draft.problem(this, "could not be read (" + e + ")");
        }
    }
}
