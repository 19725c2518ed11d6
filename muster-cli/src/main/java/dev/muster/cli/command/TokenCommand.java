package dev.muster.cli.command;

import dev.muster.server.auth.Role;
import dev.muster.server.store.ApiTokens;
import dev.muster.server.store.Store;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code muster token create}: an API token for the server, written to its store directly. */
@Command(name = "token", mixinStandardHelpOptions = true, description = "Manage the server's API tokens.",
        subcommands = TokenCommand.Create.class)
final class TokenCommand extends CommandGroup {

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Issue a token acting as OWNER (default: NAME) holding ROLE in ENV; it is printed once.",
                    "The role is the token's own: OWNER's grants are not changed.",
                    "Example: muster token create ci-staging --role operator --env staging"})
    static final class Create extends ServerStoreCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "What the token is for.")
        String name;

        @Option(names = "--role", defaultValue = "viewer", paramLabel = "ROLE",
                description = "viewer, operator or admin (default ${DEFAULT-VALUE}).")
        String role;

        @Option(names = "--env", defaultValue = "*", paramLabel = "ENV",
                description = "The environments the role holds in, comma-separated; '*' for all (default).")
        String environment;

        @Option(names = "--owner", paramLabel = "OWNER", description = "Who the token acts as (default: NAME).")
        String owner;

        @Option(names = "--expires", paramLabel = "DURATION", converter = DurationConverter.class,
                description = "Valid for this long (e.g. 90d, 12h); default: until revoked.")
        java.time.Duration expires;

        @Override
        public Integer call() {
            Role r = Role.parse(role);
            String subject = owner == null ? name : owner;
            java.time.Instant until = expires == null ? null : java.time.Instant.now().plus(expires);
            java.util.Map<String, String> grants = new java.util.TreeMap<>();
            for (String env : environment.split(",")) {
                if (!env.strip().matches("\\*|[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
                    throw dev.muster.core.InputException.option("--env",
                            "an environment is '*' or letters, digits, '.', '_' or '-', got '" + env.strip() + "'");
                }
                grants.put(env.strip(), r.key());
            }
            ApiTokens.Issued issued;
            try (Store store = stores.open()) {
                issued = store.tokens().issue(name, subject, until, grants);
                store.audit().append(ServerStores.actor(), "token.create", "token " + name + " for " + subject, "ok",
                        r.key() + " in " + String.join(",", grants.keySet()));
            }
            PrintWriter out = out();
            out.println("token " + issued.token().id() + " for " + subject + " (" + r.key() + " in "
                    + String.join(",", grants.keySet())
                    + (until == null ? "" : ", expires " + until) + "); shown only this once:");
            out.println(issued.plain());
            return ExitCodes.OK;
        }
    }
}
