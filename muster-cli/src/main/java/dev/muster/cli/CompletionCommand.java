package dev.muster.cli;

import dev.muster.cli.command.ExitCodes;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code muster completion bash}: prints a shell completion script for every command and option
 * (picocli's AutoComplete). zsh loads the same script through bashcompinit.
 */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print a shell completion script for muster's commands and options.",
                "bash: source <(muster completion bash), or save it as "
                        + "~/.local/share/bash-completion/completions/muster.",
                "zsh: autoload -U +X bashcompinit && bashcompinit; source <(muster completion zsh)."})
final class CompletionCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SHELL", defaultValue = "bash", description = "bash or zsh. Default: ${DEFAULT-VALUE}.")
    String shell;

    @picocli.CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (!shell.equals("bash") && !shell.equals("zsh")) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "unknown shell '" + shell + "': expected bash or zsh");
        }
        spec.commandLine().getOut().print(AutoComplete.bash("muster", MusterCommand.full()));
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
