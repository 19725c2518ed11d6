package dev.muster.files.template;

import dev.muster.core.exec.Connection;
import dev.muster.core.exec.ExecRequest;
import dev.muster.core.exec.ExecResult;
import dev.muster.core.exec.FailureKind;
import dev.muster.core.exec.StepFailure;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What templates can read about a host as {@code facts}: gathered in one round trip by one shell
 * command ({@link #COMMAND}), parsed by {@link #parse(String)}. Anything the host does not tell
 * (no /etc/os-release, no {@code ip}) is left empty: "" for text, 0 for numbers.
 *
 * @param hostname  the host's own idea of its name ({@code hostname})
 * @param osRelease /etc/os-release (or /usr/lib/os-release) keys, e.g. ID, VERSION_ID, PRETTY_NAME
 * @param kernel    {@code uname -r}
 * @param cpus      online processors
 * @param memoryKib MemTotal from /proc/meminfo, in KiB
 * @param address   the source address of the default route, else the first of {@code hostname -I}
 */
public record Facts(String hostname, Map<String, String> osRelease, String kernel, int cpus, long memoryKib,
                    String address) {

    /** One POSIX sh command line printing every fact under a {@code ::section::} marker. */
    public static final String COMMAND = String.join("; ",
            "echo ::hostname::", "(hostname || cat /proc/sys/kernel/hostname) 2>/dev/null",
            "echo ::kernel::", "uname -r 2>/dev/null",
            "echo ::cpus::", "(getconf _NPROCESSORS_ONLN || nproc) 2>/dev/null",
            "echo ::meminfo::", "grep '^MemTotal:' /proc/meminfo 2>/dev/null",
            "echo ::route::", "ip -4 route get 1.1.1.1 2>/dev/null",
            "echo ::addresses::", "hostname -I 2>/dev/null",
            "echo ::os-release::", "cat /etc/os-release 2>/dev/null || cat /usr/lib/os-release 2>/dev/null",
            "exit 0");

    public Facts {
        hostname = orEmpty(hostname);
        osRelease = Map.copyOf(osRelease);
        kernel = orEmpty(kernel);
        address = orEmpty(address);
    }

    /** Runs {@link #COMMAND} over {@code connection}: one exec, one round trip. */
    public static Facts gather(Connection connection, Duration timeout) throws StepFailure, InterruptedException {
        ExecResult result = connection.exec(ExecRequest.of(COMMAND).withTimeout(timeout));
        if (!result.succeeded()) {
            throw new StepFailure(FailureKind.COMMAND_FAILED, "gathering facts failed"
                    + (result.exitCode() == null ? "" : " (exit " + result.exitCode() + ")") + ": "
                    + result.stderrText().strip());
        }
        return parse(result.stdoutText());
    }

    /** Parses the output of {@link #COMMAND}; missing or garbled sections leave their facts empty. */
    public static Facts parse(String output) {
        Map<String, StringBuilder> sections = FactSections.split(output);
        String hostname = FactSections.firstLine(sections.get("hostname"));
        String kernel = FactSections.firstLine(sections.get("kernel"));
        int cpus = (int) FactSections.firstNumber(FactSections.firstLine(sections.get("cpus")));
        long memory = FactSections.firstNumber(FactSections.firstLine(sections.get("meminfo")));
        String address = FactSections.wordAfter(FactSections.text(sections.get("route")), "src");
        if (address.isEmpty()) {
            address = FactSections.firstWord(FactSections.text(sections.get("addresses")));
        }
        Map<String, String> os = OsRelease.parse(FactSections.text(sections.get("os-release")));
        return new Facts(hostname, os, kernel, cpus, memory, address);
    }

    /**
     * The facts as templates see them: {@code hostname, kernel, cpus, memory_kib, memory_mb,
     * address}, and {@code os} with {@code id, version_id, pretty_name} (always present) plus every
     * other os-release key in lower case.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> os = new LinkedHashMap<>();
        os.put("id", osRelease.getOrDefault("ID", ""));
        os.put("version_id", osRelease.getOrDefault("VERSION_ID", ""));
        os.put("pretty_name", osRelease.getOrDefault("PRETTY_NAME", ""));
        osRelease.forEach((k, v) -> os.putIfAbsent(k.toLowerCase(Locale.ROOT), v));
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("hostname", hostname);
        map.put("os", os);
        map.put("kernel", kernel);
        map.put("cpus", cpus);
        map.put("memory_kib", memoryKib);
        map.put("memory_mb", memoryKib / 1024);
        map.put("address", address);
        return map;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
