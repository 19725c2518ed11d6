package dev.muster.cli;

import dev.muster.testkit.Fleet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs muster command lines pointed at a fleet (fake or real) and a private run store. */
public record FleetCli(Fleet fleet, Path store) {

    public CliResult muster(String... args) {
        return CliResult.run(args(args));
    }

    /** The command line with the fleet's inventory, known_hosts, key and the store added. */
    public List<String> args(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        int split = all.indexOf("--");
        List<String> common = List.of("--inventory", fleet.inventory().toString(), "--known-hosts",
                fleet.knownHosts().toString(), "--identity", fleet.clientKey().privateKeyFile().toString(),
                "--store", store.toString());
        if (all.getFirst().equals("hosts")) {
            common = common.subList(0, 2);
        }
        all.addAll(split < 0 ? all.size() : split, common);
        return all;
    }
}
