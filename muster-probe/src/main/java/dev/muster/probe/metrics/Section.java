package dev.muster.probe.metrics;

/**
 * A metric source: the command that prints it on the host and the parser that reads it on the
 * controller. What a parser cannot read stays at its default (null: unknown) and is named in the
 * snapshot's problems; no input makes a parser throw.
 */
public enum Section {
    STAT("stat", "cat /proc/stat", StatParser::parse),
    MEMINFO("meminfo", "cat /proc/meminfo", MeminfoParser::parse),
    LOADAVG("loadavg", "cat /proc/loadavg", SmallParsers::loadavg),
    DISKSTATS("diskstats", "cat /proc/diskstats", DiskstatsParser::parse),
    NETDEV("netdev", "cat /proc/net/dev", SmallParsers::netdev),
    UPTIME("uptime", "cat /proc/uptime", SmallParsers::uptime),
    // timeout keeps a hung NFS mount from hanging the whole sample
    DF("df", "if command -v timeout >/dev/null 2>&1; then timeout 5 df -P; else df -P; fi", SmallParsers::df);

    @FunctionalInterface
    interface Parser {
        void parse(String text, SnapshotDraft draft);
    }

    private final String key;
    private final String command;
    private final Parser parser;

    Section(String key, String command, Parser parser) {
        this.key = key;
        this.command = command;
        this.parser = parser;
    }

    public String key() {
        return key;
    }

    public String command() {
        return command;
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
