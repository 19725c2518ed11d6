package dev.muster.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.cli.CliResult;
import dev.muster.server.store.Database;
import dev.muster.server.store.Grants;
import dev.muster.server.store.Store;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** muster token create writes a working token, holding its own role, to the server's store. */
class TokenCommandTest {
    @TempDir
    Path data;

    @Test
    void aTokenIsPrintedOnceAndHoldsItsOwnRoleWithoutChangingTheOwnersGrants() {
        try (Store before = Store.open(Database.sqlite(data), Clock.systemUTC())) {
            before.grants().grant("ci-staging", "*", "admin");
        }
        CliResult r = CliResult.run(List.of("token", "create", "ci-staging", "--role", "operator", "--env",
                "staging,qa", "--data", data.toString()));
        assertThat(r.exit()).as(r.err()).isZero();
        String token = r.outLines().getLast();
        assertThat(token).startsWith("mst_");
        Store store = Store.open(Database.sqlite(data), Clock.systemUTC());
        assertThat(store.tokens().verify(token)).hasValueSatisfying(t -> {
            assertThat(t.owner()).isEqualTo("ci-staging");
            assertThat(t.grants()).containsExactly(java.util.Map.entry("qa", "operator"),
                    java.util.Map.entry("staging", "operator"));
        });
        assertThat(store.grants().of("ci-staging")).containsExactly(new Grants.Grant("ci-staging", "*", "admin"));
        assertThat(store.audit().recent(1).getFirst().action()).isEqualTo("token.create");
    }

    @Test
    void anUnknownRoleExitsTwo() {
        CliResult r = CliResult.run(List.of("token", "create", "x", "--role", "god", "--data", data.toString()));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("expected viewer, operator or admin");
    }

    @Test
    void aTokenMayExpire() {
        CliResult r = CliResult.run(List.of("token", "create", "short", "--expires", "1s", "--data", data.toString()));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains(", expires 20");
        String token = r.outLines().getLast();
        Store store = Store.open(Database.sqlite(data), Clock.offset(Clock.systemUTC(), java.time.Duration.ofMinutes(1)));
        assertThat(store.tokens().verify(token)).isEmpty();
        assertThat(CliResult.run(List.of("token", "create", "x", "--expires", "soon", "--data", data.toString())).exit())
                .isEqualTo(2);
    }
}
