package dev.muster.core.step;

import dev.muster.core.exec.ExecRequest;
import dev.muster.core.exec.ExecResult;
import dev.muster.core.exec.Status;
import dev.muster.core.exec.Step;
import dev.muster.core.exec.StepContext;
import dev.muster.core.exec.StepFailure;
import dev.muster.core.exec.StepResult;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Runs a command line, or a local script fed to the remote shell on standard input, optionally
 * through {@code sudo -n} (never prompting: a password prompt on 500 hosts is a hang).
 */
public final class CommandStep implements Step {
    private final String command;
    private final byte[] script;
    private final String scriptName;
    private final List<String> scriptArgs;
    private final boolean sudo;
    private final int maxCapture;

    private CommandStep(String command, byte[] script, String scriptName, List<String> scriptArgs, boolean sudo,
                        int maxCapture) {
        this.command = command;
        this.script = script;
        this.scriptName = scriptName;
        this.scriptArgs = List.copyOf(scriptArgs);
        this.sudo = sudo;
        this.maxCapture = maxCapture;
    }

    /** A command line given by the user, run by the remote user's shell as written. */
    public static CommandStep command(String command, boolean sudo) {
        Objects.requireNonNull(command, "command");
        return new CommandStep(command, null, null, List.of(), sudo, 0);
    }

    /** A local script's content, run with {@code sh -s} so nothing is left on the host. */
    public static CommandStep script(String name, byte[] content, List<String> args, boolean sudo) {
        return new CommandStep(null, content.clone(), name, args, sudo, 0);
    }

    public CommandStep withMaxCapture(int bytes) {
        return new CommandStep(command, script, scriptName, scriptArgs, sudo, bytes);
    }

    /** The exact command line sent to the host. */
    public String remoteCommand() {
        if (script != null) {
            String args = scriptArgs.stream().map(Shell::quote).collect(Collectors.joining(" "));
            String sh = "sh -s" + (args.isEmpty() ? "" : " -- " + args);
            return sudo ? "sudo -n " + sh : sh;
        }
        return sudo ? "sudo -n -- sh -c " + Shell.quote(command) : command;
    }

    @Override
    public StepResult run(StepContext context) throws StepFailure, InterruptedException {
        ExecRequest request = new ExecRequest(remoteCommand(), script, context.remaining(), context.sink(),
                maxCapture);
        ExecResult result = context.connection().exec(request);
        return StepResult.of(result, Status.OK);
    }

    @Override
    public String describe() {
        String what = script != null ? "script " + scriptName
                + (scriptArgs.isEmpty() ? "" : " " + String.join(" ", scriptArgs)) : command;
        return sudo ? "sudo " + what : what;
    }

}
