package dev.muster.cli.command;

import dev.muster.cli.output.Terminal;
import dev.muster.core.InputException;
import dev.muster.core.exec.Connection;
import dev.muster.core.exec.StepFailure;
import dev.muster.core.inventory.Host;
import dev.muster.files.template.FactSource;
import dev.muster.files.template.Facts;
import dev.muster.files.template.RenderException;
import dev.muster.files.template.RenderedFile;
import dev.muster.files.template.SecretLines;
import dev.muster.files.template.TemplateSource;
import dev.muster.files.template.Templates;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "render", mixinStandardHelpOptions = true,
        description = {"Render a template for one host and print it, as it would be written there. "
                + "Lines holding secret values are printed as " + SecretLines.REDACTED + ".",
                "The host is contacted only when the template reads facts."})
final class RenderCommand implements Callable<Integer> {
    @Mixin
    CommonOptions options;

    @Parameters(index = "0", paramLabel = "TEMPLATE", description = "Pebble template file (see docs/files.md).")
    Path template;

    @Option(names = "--host", required = true, paramLabel = "NAME", description = "Inventory host to render for.")
    String hostName;

    @Override
    public Integer call() throws Exception {
        Terminal term = options.terminal();
        TemplateSource source = Templates.load(template);
        try (Workspace ws = new Workspace(options, term)) {
            Host host = ws.inventory().host(hostName)
                    .map(h -> ws.withOverrides(List.of(h)).getFirst())
                    .orElseThrow(() -> InputException.option("--host",
                            "no host named '" + hostName + "' in the inventory"));
            dev.muster.core.secret.SecretResolver.preflight(List.of(host), source.variableNames()::contains);
            RenderedFile file;
            try {
                file = source.render(host, facts(ws, host), ws.redactor());
            } catch (RenderException e) {
                // A preview is for one host: what would fail that host is bad input here.
                throw new InputException(e.template(), e.line(), 0, e.reason() + " for host " + e.host(), e);
            } catch (StepFailure e) {
                term.err().println("muster: " + host.name() + ": cannot gather facts (" + e.kind().description()
                        + "): " + ws.redactor().redact(e.getMessage()));
                term.err().flush();
                return ExitCodes.HOSTS_FAILED;
            }
            print(term.out(), file.redactedText());
            return ExitCodes.OK;
        }
    }

    /** Connects (through the pooled SSH transport) only if the template reads facts. */
    private FactSource facts(Workspace ws, Host host) {
        return () -> {
            try (Connection connection = ws.transport().connect(host)) {
                return Facts.gather(connection, options.timeoutOrNull());
            }
        };
    }

    private static void print(PrintWriter out, String text) {
        out.print(text);
        if (!text.isEmpty() && !text.endsWith("\n")) {
            out.println();
        }
        out.flush();
    }
}
