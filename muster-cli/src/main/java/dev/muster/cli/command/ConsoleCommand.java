package dev.muster.cli.command;

import dev.muster.core.store.RunSpec;
import dev.muster.core.store.RunKind;
import dev.muster.cli.output.Terminal;
import dev.muster.core.inventory.Host;
import dev.muster.core.step.CommandStep;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * Reads commands line by line and runs each on the selected hosts over the same pooled
 * sessions: after the first command every one is warm (no new handshakes).
 */
@Command(name = "console", mixinStandardHelpOptions = true,
        description = {"Run commands typed (or piped) line by line on the selected hosts, reusing the SSH "
                + "sessions: only the first command pays for connecting.",
                "Example: printf 'uptime\\ndf -P /\\n' | muster console @web"})
final class ConsoleCommand implements Callable<Integer> {
    @Mixin
    CommonOptions options;

    @Mixin
    SelectorArg target;

    @Override
    public Integer call() throws IOException {
        Terminal term = options.terminal();
        PrintWriter out = term.out();
        int worst = ExitCodes.OK;
        try (Workspace ws = new Workspace(options, term)) {
            ws.prepareTransport();
            List<Host> hosts = ws.select(target.selector);
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            RunLauncher launcher = new RunLauncher(ws);
            while (true) {
                if (term.tty()) {
                    out.print("muster " + target.selector + "> ");
                    out.flush();
                }
                String line = in.readLine();
                if (line == null || line.strip().equals("exit") || line.strip().equals("quit")) {
                    break;
                }
                if (line.isBlank() || line.strip().startsWith("#")) {
                    continue;
                }
                CommandStep step = CommandStep.command(line.strip(), false);
                int exit = launcher.launch(hosts, step, new RunSpec(RunKind.CONSOLE, target.selector, step.describe(),
                        Map.of("command", line.strip(), "sudo", false), null));
                worst = Math.max(worst, exit);
                if (exit == ExitCodes.INTERRUPTED) {
                    break;
                }
            }
        }
        return worst;
    }
}
