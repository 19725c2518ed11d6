package dev.muster.cli.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.muster.cli.output.Terminal;
import dev.muster.core.inventory.Host;
import dev.muster.core.inventory.HostSet;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "hosts", mixinStandardHelpOptions = true,
        description = "Show which hosts a selector matches, folded (web[01-40]); nothing is contacted.")
final class HostsCommand implements Callable<Integer> {
    @Mixin
    CommonOptions options;

    @Mixin
    SelectorArg.OrAll target;

    @Option(names = {"-l", "--long"}, description = "One host per line with address, user, labels, groups, env.")
    boolean longFormat;

    @Override
    public Integer call() throws Exception {
        Terminal term = options.terminal();
        try (Workspace ws = new Workspace(options, term)) {
            List<Host> hosts = ws.select(target.selector);
            PrintWriter out = term.out();
            if (options.json) {
                out.println(json(hosts));
            } else if (longFormat) {
                for (Host h : hosts) {
                    out.println(describe(h));
                }
            } else {
                HostSet set = HostSet.of(hosts.stream().map(Host::name).toList());
                out.println(set.fold() + " (" + set.size() + ")");
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    private static String describe(Host h) {
        var ssh = h.ssh();
        StringBuilder b = new StringBuilder(h.name()).append("  ");
        if (ssh.user() != null) {
            b.append(ssh.user()).append('@');
        }
        b.append(ssh.address() == null ? h.name() : ssh.address());
        if (ssh.port() > 0) {
            b.append(':').append(ssh.port());
        }
        if (h.environment() != null) {
            b.append("  env=").append(h.environment());
        }
        h.labels().entrySet().stream().filter(e -> !(e.getKey().equals("env") && e.getValue().equals(h.environment())))
                .sorted(java.util.Map.Entry.comparingByKey())
                .forEach(e -> b.append("  ").append(e.getKey()).append('=').append(e.getValue()));
        if (!h.groups().isEmpty()) {
            b.append("  groups=").append(String.join(",", h.groups()));
        }
        if (ssh.proxyJump() != null) {
            b.append("  via=").append(ssh.proxyJump());
        }
        return b.toString();
    }

    private static String json(List<Host> hosts) throws Exception {
        ObjectMapper json = new ObjectMapper();
        ArrayNode arr = json.createArrayNode();
        for (Host h : hosts) {
            ObjectNode n = arr.addObject();
            n.put("name", h.name());
            n.put("address", h.ssh().address());
            n.put("port", h.ssh().portOrDefault());
            n.put("user", h.ssh().user());
            n.put("env", h.environment());
            n.set("labels", json.valueToTree(h.labels()));
            n.set("groups", json.valueToTree(h.groups()));
        }
        return json.writeValueAsString(arr);
    }
}
