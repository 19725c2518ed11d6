package dev.muster.cli.command;

import dev.muster.core.store.RunSpec;
import dev.muster.core.store.RunKind;
import dev.muster.cli.output.Terminal;
import dev.muster.core.InputException;
import dev.muster.core.exec.Step;
import dev.muster.core.inventory.Host;
import dev.muster.core.step.CommandStep;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a command (or a local script) on every selected host at once.",
                "Example: muster run 'web&env=prod' -- uname -r"})
final class RunCommand implements Callable<Integer> {
    @Mixin
    CommonOptions options;

    @Mixin
    SelectorArg target;

    @Parameters(index = "1..*", paramLabel = "CMD", description = "The command (after --), or the script's arguments.")
    List<String> words = new ArrayList<>();

    @Option(names = "--script", paramLabel = "FILE",
            description = "Run this local script on each host (fed to 'sh -s'; nothing is left on the host).")
    Path script;

    @Option(names = "--sudo", description = "Run through 'sudo -n' (never prompts; needs passwordless sudo).")
    boolean sudo;

    @Mixin
    RelayOptions relay = new RelayOptions();

    @Option(names = "--diff", description = "Show the largest output group in full and every other group as a "
            + "unified diff against it (as clush --diff).")
    boolean diff;

    @Override
    public Integer call() {
        Terminal term = options.terminal();
        Map<String, Object> spec = new LinkedHashMap<>();
        CommandStep step = step(script, words, sudo, spec);
        if (diff && (options.json || options.lines)) {
            throw InputException.option("command line", "--diff compares gathered output: it does not go with "
                    + (options.json ? "--json" : "--lines"));
        }
        try (Workspace ws = new Workspace(options, term)) {
            options.visitsOnce = true;
            ws.prepareTransport();
            List<Host> hosts = ws.select(target.selector);
            ws.relayed(relay, hosts);
            return new RunLauncher(ws).launch(hosts, step,
                    new RunSpec(RunKind.RUN, target.selector, step.describe(), spec, null), diff);
        }
    }

    /** Builds the step from what was typed; also fills {@code spec} so `muster retry` can rebuild it. */
    static CommandStep step(Path script, List<String> words, boolean sudo, Map<String, Object> spec) {
        spec.put("sudo", sudo);
        if (script != null) {
            byte[] content;
            try {
                content = Files.readAllBytes(script);
            } catch (IOException e) {
                throw InputException.option("--script", "cannot read script " + script + ": " + e.getMessage());
            }
            spec.put("script", script.toAbsolutePath().toString());
            spec.put("args", List.copyOf(words));
            return CommandStep.script(script.getFileName().toString(), content, words, sudo);
        }
        if (words.isEmpty()) {
            throw InputException.option("command line",
                    "nothing to run: give a command after '--' (muster run SELECTOR -- CMD) or --script FILE");
        }
        String command = String.join(" ", words);
        spec.put("command", command);
        return CommandStep.command(command, sudo);
    }

    static Step fromSpec(Map<String, Object> spec) {
        boolean sudo = Boolean.TRUE.equals(spec.get("sudo"));
        Object script = spec.get("script");
        @SuppressWarnings("unchecked")
        List<String> args = spec.get("args") instanceof List<?> l ? (List<String>) l : List.of();
        if (script != null) {
            return step(Path.of(script.toString()), args, sudo, new LinkedHashMap<>());
        }
        Object command = spec.get("command");
        if (command == null) {
            throw new InputException("that run recorded no command to retry");
        }
        return step(null, List.of(command.toString()), sudo, new LinkedHashMap<>());
    }
}
