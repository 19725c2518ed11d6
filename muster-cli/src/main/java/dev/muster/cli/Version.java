package dev.muster.cli;

/**
 * muster's version. {@code muster --version} runs this class's main, which loads nothing else:
 * no picocli model, no configuration, no engine, no warm-up threads.
 */
public final class Version {
    static final String TEXT = "muster 0.1.0";

    private Version() {
    }

    public static void main(String[] args) {
        System.out.println(TEXT);
    }

    /** True for a command line that only asks for the version. */
    static boolean asked(String[] args) {
        return args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"));
    }
}
