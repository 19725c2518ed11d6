package dev.muster.cli.command;

import dev.muster.core.inventory.HostSet;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "hostset", mixinStandardHelpOptions = true,
        description = {"Fold, expand or count host sets in ClusterShell's notation, as nodeset -f, -e and -c do; "
                + "the sets are the arguments, else the words of standard input. Nothing is contacted.",
                "Example: muster hostset -e 'web[01-03].dc1,db[1-2]'"})
public final class HostsetCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @ArgGroup(exclusive = true)
    Action action = new Action();

    static final class Action {
        @Option(names = {"-f", "--fold"}, description = "Print the folded set (the default), as nodeset -f.")
        boolean fold;

        @Option(names = {"-e", "--expand"}, description = "Print every name, as nodeset -e.")
        boolean expand;

        @Option(names = {"-c", "--count"}, description = "Print how many names, as nodeset -c.")
        boolean count;
    }

    @Option(names = {"-S", "--separator"}, paramLabel = "SEP", defaultValue = " ",
            description = "Between expanded names (\\n for one per line). Default: a space.")
    String separator;

    /** {@code out} is the process's standard output, so names may go to it as raw bytes. */
    private boolean outIsStdout;

    @Parameters(paramLabel = "SET", arity = "0..*", description = "Host sets, e.g. web[01-20],db1 (unioned).")
    List<String> sets = new ArrayList<>();

    /**
     * The command without picocli, for {@code -f}, {@code -e}, {@code -c}, {@code -S SEP} and sets;
     * null when the arguments need the full parser (help, long options, anything else).
     * {@code outIsStdout}: {@code out} writes to System.out (expanded names then go out as bytes).
     */
    public static Integer fast(String[] args, PrintWriter out, PrintWriter err, boolean outIsStdout) {
        HostsetCommand c = new HostsetCommand();
        c.outIsStdout = outIsStdout;
        c.separator = " ";
        int actions = 0;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "-f" -> {
                    c.action.fold = true;
                    actions++;
                }
                case "-e" -> {
                    c.action.expand = true;
                    actions++;
                }
                case "-c" -> {
                    c.action.count = true;
                    actions++;
                }
                case "-S" -> {
                    if (++i >= args.length) {
                        return null;
                    }
                    c.separator = args[i];
                }
                default -> {
                    if (args[i].startsWith("-")) {
                        return null;
                    }
                    c.sets.add(args[i]);
                }
            }
        }
        if (actions > 1) {
            return null; // picocli explains that they exclude each other
        }
        try {
            return c.run(out);
        } catch (dev.muster.core.MusterException e) {
            err.println("muster: " + e.getMessage());
            return e.exitCode();
        } catch (IOException e) {
            err.println("muster: cannot read standard input: " + e.getMessage());
            return ExitCodes.RUN_BROKE;
        }
    }

    @Override
    public Integer call() throws IOException {
        return run(spec.commandLine().getOut());
    }

    private int run(PrintWriter out) throws IOException {
        if (sets.size() == 1 && !action.fold) {
            // one simple range (node[000001-100000]): counted or written without a String per name
            String sep = separator.replace("\\n", "\n").replace("\\t", "\t");
            if (action.count && HostSet.countSimple(sets.get(0)) >= 0) {
                out.println(HostSet.countSimple(sets.get(0)));
                out.flush();
                return ExitCodes.OK;
            }
            if (action.expand && outIsStdout && ascii(sep)) {
                out.flush();
                if (HostSet.writeSimple(sets.get(0), sep.getBytes(StandardCharsets.US_ASCII), System.out)) {
                    System.out.flush();
                    return ExitCodes.OK;
                }
            }
        }
        List<String> words = sets.isEmpty() ? stdinWords() : sets;
        List<String> names = new ArrayList<>(words.size());
        for (String word : words) {
            if (word.indexOf('[') < 0 && word.indexOf(',') < 0 && word.indexOf(']') < 0) {
                names.add(word); // a plain name: no parsing needed
            } else {
                names.addAll(HostSet.parse(word).names()); // bad input: host set:1:COL, exit 2
            }
        }
        HostSet set = HostSet.of(names);
        if (action.count) {
            out.println(set.size());
        } else if (action.expand) {
            String sep = separator.replace("\\n", "\n").replace("\\t", "\t");
            if (!outIsStdout || !writeAscii(set.names(), sep, out)) {
                out.println(String.join(sep, set.names()));
            }
        } else {
            out.println(set.fold());
        }
        out.flush();
        return ExitCodes.OK;
    }

    /**
     * The names and separators as one block of bytes, when all are ASCII (host names nearly
     * always are): a hundred thousand names go out without building and encoding one big string.
     */
    private static boolean writeAscii(List<String> names, String sep, PrintWriter out) throws IOException {
        long total = 1;
        for (String name : names) {
            total += name.length() + sep.length();
        }
        if (total > Integer.MAX_VALUE - 16 || !ascii(sep)) {
            return false;
        }
        byte[] bytes = new byte[(int) total];
        int at = 0;
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (i > 0) {
                at = copy(sep, bytes, at);
            }
            if (!ascii(name)) {
                return false;
            }
            at = copy(name, bytes, at);
        }
        bytes[at++] = '\n';
        out.flush();
        System.out.write(bytes, 0, at);
        System.out.flush();
        return true;
    }

    private static boolean ascii(String s) {
        for (int k = 0; k < s.length(); k++) {
            if (s.charAt(k) > 127) {
                return false;
            }
        }
        return true;
    }

    @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int): the ASCII copy it is
    private static int copy(String s, byte[] into, int at) {
        s.getBytes(0, s.length(), into, at);
        return at + s.length();
    }

    private static List<String> stdinWords() throws IOException {
        List<String> words = new ArrayList<>();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8), 1 << 16);
        for (String line; (line = in.readLine()) != null; ) {
            int k = 0;
            int n = line.length();
            while (k < n) {
                while (k < n && Character.isWhitespace(line.charAt(k))) {
                    k++;
                }
                int start = k;
                while (k < n && !Character.isWhitespace(line.charAt(k))) {
                    k++;
                }
                if (k > start) {
                    words.add(line.substring(start, k));
                }
            }
        }
        return words;
    }
}
