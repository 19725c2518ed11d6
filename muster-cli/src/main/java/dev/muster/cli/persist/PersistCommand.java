package dev.muster.cli.persist;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code muster persist [status|stop]}; the launcher usually answers it without this JVM (PersistClient). */
@Command(name = "persist", mixinStandardHelpOptions = true,
        description = {"Status or stop of the daemon that keeps SSH sessions between commands (on by default for "
                + "commands that contact hosts; one per directory and environment; --no-persist, MUSTER_PERSIST=0 "
                + "or `persist: 0` in muster.yaml turn it off; see docs/runs.md).",
                "status: its pid, commands served, sessions, memory (RSS) and when it exits. stop: close every "
                + "session and exit."})
public final class PersistCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", defaultValue = "status", paramLabel = "status|stop",
            description = "What to do (default: ${DEFAULT-VALUE}).")
    String action;

    @Override
    public Integer call() throws IOException {
        if (!action.equals("status") && !action.equals("stop")) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "expected status or stop, not '" + action + "'");
        }
        return PersistClient.control(PersistClient.socketHere(), action, stream(spec.commandLine().getOut()),
                stream(spec.commandLine().getErr()));
    }

    private static PrintStream stream(PrintWriter w) {
        return new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                w.write(new String(b, off, len, StandardCharsets.UTF_8));
                w.flush();
            }
        }, true, StandardCharsets.UTF_8);
    }
}
