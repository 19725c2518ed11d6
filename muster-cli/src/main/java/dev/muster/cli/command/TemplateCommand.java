package dev.muster.cli.command;

import dev.muster.core.store.RunSpec;
import dev.muster.core.store.RunKind;
import dev.muster.cli.output.Terminal;
import dev.muster.core.Redactor;
import dev.muster.core.inventory.Host;
import dev.muster.files.Owner;
import dev.muster.files.SyncOptions;
import dev.muster.files.SyncStep;
import dev.muster.files.TemplateStep;
import dev.muster.files.template.Templates;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "template", mixinStandardHelpOptions = true,
        description = {"Render a Pebble template for every selected host and install the result where it differs.",
                "Undefined variables are errors; secret lines never appear in diffs or output.",
                "Example: muster template templates/nginx.conf.peb /etc/nginx/nginx.conf @web --diff \\",
                "           --validate 'nginx -t -c {}' --mode 0644 --owner root:root --on-change 'systemctl reload nginx'"})
final class TemplateCommand implements Callable<Integer> {
    @Mixin
    CommonOptions options;

    @Parameters(index = "0", paramLabel = "TEMPLATE", description = "The Pebble template file.")
    Path template;

    @Parameters(index = "1", paramLabel = "DEST", description = "Absolute path of the file on the hosts.")
    String dest;

    @Parameters(index = "2", paramLabel = "SELECTOR", description = SelectorArg.HELP)
    String selector;

    @Mixin
    SyncFlags flags;

    @Mixin
    RelayOptions relay = new RelayOptions();

    @Override
    public Integer call() {
        Terminal term = options.terminal();
        try (Workspace ws = new Workspace(options, term)) {
            Map<String, Object> recorded = new LinkedHashMap<>();
            SyncStep step = step(recorded, List.of(), ws.redactor());
            options.visitsOnce = true;
            ws.prepareTransport();
            List<Host> hosts = ws.select(selector);
            ws.relayed(relay, hosts);
            return new RunLauncher(ws).launch(hosts, step,
                    new RunSpec(RunKind.TEMPLATE, selector, step.describe(), recorded, null));
        }
    }

    /** Parses the template up front (syntax errors: exit 2, nothing runs) and fills {@code recorded} for retry. */
    SyncStep step(Map<String, Object> recorded, Collection<String> owing, Redactor redactor) {
        SyncOptions opts = new SyncOptions(false, -1, flags.backup, flags.dryRun, flags.diff,
                SyncFlags.mode("--mode", flags.mode), null, Owner.parse(flags.owner, flags.group), true,
                flags.validate(), flags.onChange);
        var source = Templates.load(template);
        recorded.put("template", template.toAbsolutePath().toString());
        recorded.put("dest", dest);
        flags.record(recorded);
        return TemplateStep.step(source, dest, opts, redactor).owing(owing);
    }

    static SyncStep fromSpec(Map<String, Object> spec, Collection<String> owing, Redactor redactor) {
        TemplateCommand c = new TemplateCommand();
        c.template = Path.of(String.valueOf(spec.get("template")));
        c.dest = String.valueOf(spec.get("dest"));
        c.flags = SyncFlags.fromSpec(spec);
        return c.step(new LinkedHashMap<>(), owing, redactor);
    }
}
