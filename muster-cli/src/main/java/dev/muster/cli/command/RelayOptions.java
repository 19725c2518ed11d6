package dev.muster.cli.command;

import dev.muster.core.InputException;
import dev.muster.core.relay.RelayTransport;
import picocli.CommandLine.Option;

/** Relay options of the commands that go through relays (run, push, template, apply, rollback); see docs/relays.md. */
final class RelayOptions {
    @Option(names = "--via", paramLabel = "RELAY",
            description = "Reach every selected host (but RELAY itself) through RELAY, a host of the inventory, "
                    + "instead of the inventory's relays: rules.")
    String via;

    @Option(names = "--relay-fallback", paramLabel = "MODE", defaultValue = "none",
            description = "When a relay cannot be reached: 'none' (its hosts are unreachable via it) or 'direct' "
                    + "(reach them directly). Default: ${DEFAULT-VALUE}.")
    String fallback;

    @Option(names = "--no-relays", description = "Ignore the inventory's relays: rules; reach every host directly.")
    boolean noRelays;

    RelayTransport.Fallback fallback() {
        return switch (fallback) {
            case "none" -> RelayTransport.Fallback.NONE;
            case "direct" -> RelayTransport.Fallback.DIRECT;
            default -> throw InputException.option("--relay-fallback", "expected 'none' or 'direct', got '"
                    + fallback + "'");
        };
    }

    void check() {
        fallback();
        if (noRelays && via != null) {
            throw InputException.option("--via", "--via and --no-relays contradict each other");
        }
    }
}
