package dev.muster.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The audit log, API tokens and users, on every backend. */
abstract class AccessContract extends StoreTestBase {

    @Test
    void auditEntriesAreAppendedAndReadNewestFirst() {
        AuditEntry first = store.audit().append("alice", "run.start", "@web", "ok", null);
        clock.advance(Duration.ofSeconds(1));
        AuditEntry second = store.audit().append("bob", "schedule.save", "nightly", "denied", "role viewer");
        assertThat(second.id()).isGreaterThan(first.id());
        assertThat(store.audit().recent(10)).containsExactly(second, first);
        assertThat(store.audit().before(second.id(), 10)).containsExactly(first);
    }

    @Test
    void auditCannotBeChangedOrDeleted() {
        store.audit().append("alice", "run.start", "@web", "ok", null);
        assertThatThrownBy(() -> sql("UPDATE audit SET result = 'forged'")).isInstanceOf(SQLException.class)
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> sql("DELETE FROM audit")).isInstanceOf(SQLException.class)
                .hasMessageContaining("append-only");
        assertThat(store.audit().recent(10)).singleElement().extracting(AuditEntry::result).isEqualTo("ok");
        assertThat(Arrays.stream(AuditLog.class.getDeclaredMethods()).filter(m -> Modifier.isPublic(m.getModifiers()))
                .map(Method::getName)).containsOnly("append", "recent", "before");
    }

    @Test
    void issuedTokenVerifiesAndItsSecretIsNeverStored() throws SQLException {
        ApiTokens.Issued issued = store.tokens().issue("ci", "alice", null, java.util.Map.of("*", "viewer"));
        assertThat(store.tokens().verify(issued.plain())).contains(issued.token());
        assertThat(issued.token().grants()).containsExactly(java.util.Map.entry("*", "viewer"));
        assertThat(issued.toString()).doesNotContain(issued.plain());
        String secret = issued.plain().substring(issued.plain().lastIndexOf('_') + 1);
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM api_tokens")) {
            while (rs.next()) {
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    assertThat(String.valueOf(rs.getString(i))).doesNotContain(secret);
                }
            }
        }
    }

    @Test
    void tokensIssuedBeforeVersion5KeepTheRolesTheirOwnerHeldAtTheUpgrade() throws SQLException {
        Database old = newDatabase(tmp.resolve("old"));
        java.util.List<Migration> all = Migration.bundled(old.dialect());
        new Migrator(new Jdbc(old), all.stream().filter(m -> m.version() < 5).toList(), clock).migrate();
        String salt = "00".repeat(16);
        String secret = "A".repeat(43);
        try (Connection c = old.connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO api_tokens (id, name, owner, salt, hash, created_at) VALUES ('0123456789abcdef', "
                    + "'ci', 'carol', '" + salt + "', '"
                    + RandomSecrets.sha256(java.util.HexFormat.of().parseHex(salt), secret) + "', 0)");
            s.execute("INSERT INTO grants (subject, environment, role, created_at) VALUES ('carol', 'staging', "
                    + "'operator', 0)");
        }
        Store upgraded = Store.open(old, clock, RunOutput.DEFAULT_CHUNK_CHARS, TEST_ITERATIONS);
        upgraded.grants().grant("carol", "staging", "viewer"); // later changes to the owner leave the token alone
        assertThat(upgraded.tokens().verify("mst_0123456789abcdef_" + secret)).hasValueSatisfying(t ->
                assertThat(t.grants()).containsExactly(java.util.Map.entry("staging", "operator")));
    }

    @Test
    void wrongRevokedOrExpiredTokensAreRejected() {
        ApiTokens.Issued issued = store.tokens().issue("ci", "alice", clock.instant().plus(Duration.ofDays(1)),
                java.util.Map.of("staging", "operator"));
        String plain = issued.plain();
        char last = plain.charAt(plain.length() - 1);
        assertThat(store.tokens().verify(plain.substring(0, plain.length() - 1) + (last == 'A' ? 'B' : 'A')))
                .isEmpty();
        assertThat(store.tokens().verify("not a token")).isEmpty();
        assertThat(store.tokens().verify(null)).isEmpty();

        clock.advance(Duration.ofDays(2));
        assertThat(store.tokens().verify(plain)).isEmpty();

        ApiTokens.Issued other = store.tokens().issue("laptop", "bob", null, java.util.Map.of("*", "viewer"));
        assertThat(store.tokens().revoke(other.token().id())).isTrue();
        assertThat(store.tokens().revoke(other.token().id())).isFalse();
        assertThat(store.tokens().verify(other.plain())).isEmpty();
        assertThat(store.tokens().list()).extracting(ApiToken::name).containsExactly("ci", "laptop");
    }

    @Test
    void userPasswordsAreHashedAndChecked() throws SQLException {
        store.users().setPassword("alice", "correct horse".toCharArray());
        assertThat(store.users().verify("alice", "correct horse".toCharArray())).isTrue();
        assertThat(store.users().verify("alice", "wrong".toCharArray())).isFalse();
        assertThat(store.users().verify("nobody", "correct horse".toCharArray())).isFalse();
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT password_hash FROM users")) {
            rs.next();
            assertThat(rs.getString(1)).startsWith("pbkdf2-sha256$" + TEST_ITERATIONS + "$")
                    .doesNotContain("correct horse");
        }
        assertThat(store.users().disable("alice")).isTrue();
        assertThat(store.users().verify("alice", "correct horse".toCharArray())).isFalse();
    }

    @Test
    void checkingAnUnknownUserCostsTheSameKeyDerivationAsARealOne() {
        store.users().setPassword("alice", "correct horse".toCharArray());
        long before = store.users().derivations();
        store.users().verify("alice", "wrong".toCharArray());
        long real = store.users().derivations() - before;
        store.users().verify("nobody", "wrong".toCharArray());
        store.users().disable("alice");
        store.users().verify("alice", "wrong".toCharArray());
        assertThat(real).isEqualTo(1);
        assertThat(store.users().derivations() - before).isEqualTo(3);
    }
}
