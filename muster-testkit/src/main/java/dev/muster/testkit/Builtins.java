package dev.muster.testkit;

import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * The commands an in-process host answers without forking. Output imitates a Debian 12 host
 * described by a {@link HostProfile}.
 */
final class Builtins {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private Builtins() {
    }

    /** The behaviour for a simple command line, or empty if it is not one of ours. */
    static Optional<Behaviour> resolve(String line, String hostName, String user, HostProfile p) {
        Optional<List<String>> split = CommandWords.split(line.strip());
        if (split.isEmpty()) {
            return line.indexOf(';') >= 0 ? CommandSequence.resolve(line, l -> resolve(l, hostName, user, p))
                    : Optional.empty();
        }
        return Optional.ofNullable(words(split.get(), hostName, user, p));
    }

    /** Names {@link #words} answers, for {@code command -v NAME}. */
    static final java.util.Set<String> NAMES = java.util.Set.of("true", ":", "false", "exit", "echo", "printf",
            "hostname", "whoami", "id", "uname", "uptime", "df", "sleep", "cat", "export", "timeout", "tail");

    private static Behaviour words(List<String> w, String hostName, String user, HostProfile p) {
        List<String> args = w.subList(1, w.size());
        return switch (w.get(0)) {
            case "true", ":" -> Behaviour.reply("", "", 0);
            case "false" -> Behaviour.reply("", "", 1);
            case "exit" -> exit(args);
            case "echo" -> echo(args);
            case "printf" -> args.isEmpty() ? null : Behaviour.print(Printf.format(args.get(0), args.subList(1, args.size())));
            case "hostname" -> args.isEmpty() || args.equals(List.of("-s")) ? Behaviour.print(hostName + "\n") : null;
            case "whoami" -> args.isEmpty() ? Behaviour.print(user + "\n") : null;
            case "id" -> id(args, user);
            case "uname" -> uname(args, hostName, p);
            case "uptime" -> args.isEmpty() ? Behaviour.print(uptime(p)) : null;
            case "df" -> args.equals(List.of("-P", "/")) ? Behaviour.print(df(p))
                    : args.equals(List.of("-P")) ? Behaviour.print(new ProcModel(hostName, p).dfAll()) : null;
            case "sleep" -> sleep(args);
            case "cat" -> args.isEmpty() ? Builtins::cat : catFiles(args, hostName, p);
            // the metrics probe's shape: export LC_ALL=C; tail -n +1 /proc/...; timeout 5 df -P
            case "export" -> args.stream().allMatch(a -> a.matches("[A-Za-z_][A-Za-z0-9_]*=[^=]*"))
                    ? Behaviour.reply("", "", 0) : null;
            case "timeout" -> args.size() > 1 && args.get(0).matches("\\d+") ? words(args.subList(1, args.size()),
                    hostName, user, p) : null;
            case "tail" -> args.size() > 2 && args.subList(0, 2).equals(List.of("-n", "+1")) ? tail(args.subList(2,
                    args.size()), new ProcModel(hostName, p)) : null;
            default -> null;
        };
    }

    /** {@code tail -n +1 FILE...}: every file whole, each under a "==> FILE <==" header as tail prints it. */
    private static Behaviour tail(List<String> paths, ProcModel proc) {
        StringBuilder out = new StringBuilder();
        for (String path : paths) {
            String content = proc.file(path);
            if (content == null) {
                return null;
            }
            out.append(out.isEmpty() ? "" : "\n").append("==> ").append(path).append(" <==\n").append(content);
        }
        return Behaviour.print(out.toString());
    }

    private static Behaviour exit(List<String> args) {
        if (args.isEmpty()) {
            return Behaviour.reply("", "", 0);
        }
        try {
            return Behaviour.reply("", "", Integer.parseInt(args.get(0)) & 0xff);
        } catch (NumberFormatException e) {
            return Behaviour.reply("", "sh: 1: exit: Illegal number: " + args.get(0) + "\n", 2);
        }
    }

    private static Behaviour echo(List<String> args) {
        boolean newline = args.isEmpty() || !args.get(0).equals("-n");
        List<String> words = newline ? args : args.subList(1, args.size());
        return Behaviour.print(String.join(" ", words) + (newline ? "\n" : ""));
    }

    private static Behaviour id(List<String> args, String user) {
        if (args.equals(List.of("-un")) || args.equals(List.of("-u", "-n"))) {
            return Behaviour.print(user + "\n");
        }
        if (args.equals(List.of("-u"))) {
            return Behaviour.print(("root".equals(user) ? "0" : "1000") + "\n");
        }
        return null;
    }

    private static Behaviour uname(List<String> args, String hostName, HostProfile p) {
        if (args.size() > 1) {
            return null;
        }
        String flag = args.isEmpty() ? "-s" : args.get(0);
        return switch (flag) {
            case "-s" -> Behaviour.print("Linux\n");
            case "-r" -> Behaviour.print(p.kernelRelease() + "\n");
            case "-n" -> Behaviour.print(hostName + "\n");
            case "-m" -> Behaviour.print("x86_64\n");
            case "-v" -> Behaviour.print(p.kernelVersion() + "\n");
            case "-a" -> Behaviour.print("Linux " + hostName + " " + p.kernelRelease() + " " + p.kernelVersion()
                    + " x86_64 GNU/Linux\n");
            default -> null;
        };
    }

    /** Clock shown to the minute, so hosts with one profile print identical lines. */
    static String uptime(HostProfile p) {
        Duration up = p.uptime();
        long days = up.toDays();
        String clock = String.format("%2d:%02d", up.toHoursPart(), up.toMinutesPart());
        String since = days > 0 ? days + (days == 1 ? " day, " : " days, ") + clock : clock;
        String now = LocalTime.now().withSecond(0).withNano(0).format(CLOCK);
        return " " + now + " up " + since + ",  0 users,  load average: " + p.loadAverage() + "\n";
    }

    static String df(HostProfile p) {
        long avail = p.diskKib() - p.diskUsedKib() - p.diskKib() / 20;
        long capacity = (p.diskUsedKib() * 100 + (p.diskUsedKib() + avail) - 1) / (p.diskUsedKib() + avail);
        return "Filesystem     1024-blocks    Used Available Capacity Mounted on\n"
                + String.format("/dev/vda1      %11d %7d %9d %7d%% /%n", p.diskKib(), p.diskUsedKib(), avail, capacity);
    }

    private static Behaviour sleep(List<String> args) {
        if (args.size() != 1) {
            return null;
        }
        double seconds;
        try {
            seconds = Double.parseDouble(args.get(0));
        } catch (NumberFormatException e) {
            return null;
        }
        long millis = (long) (seconds * 1000);
        return (in, out, err) -> {
            out.flush(); // what earlier commands of the line printed leaves now, as from a real shell
            err.flush();
            Thread.sleep(millis);
            return 0;
        };
    }

    /** The few files a fake host has: /etc/hostname, /etc/os-release and the /proc files of {@link ProcModel}. */
    private static Behaviour catFiles(List<String> paths, String hostName, HostProfile p) {
        StringBuilder out = new StringBuilder();
        for (String path : paths) {
            String content = switch (path) {
                case "/etc/hostname" -> hostName + "\n";
                case "/etc/os-release" -> OS_RELEASE;
                case "/proc/loadavg" -> p.loadAverage().replace(",", "") + " 1/187 4242\n";
                default -> new ProcModel(hostName, p).file(path);
            };
            if (content == null) {
                return Behaviour.reply(out.toString(), "cat: " + path + ": No such file or directory\n", 1);
            }
            out.append(content);
        }
        return Behaviour.print(out.toString());
    }

    private static final String OS_RELEASE = """
            PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
            NAME="Debian GNU/Linux"
            VERSION_ID="12"
            VERSION="12 (bookworm)"
            VERSION_CODENAME=bookworm
            ID=debian
            """;

    private static int cat(java.io.InputStream in, java.io.OutputStream out, java.io.OutputStream err)
            throws java.io.IOException {
        byte[] buffer = new byte[8192];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            out.write(buffer, 0, n);
            out.flush();
        }
        return 0;
    }
}
