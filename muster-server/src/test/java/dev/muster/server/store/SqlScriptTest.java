package dev.muster.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlScriptTest {

    @Test
    void splitsOnSemicolonsAndDropsEmptyStatements() {
        assertThat(SqlScript.split("CREATE TABLE a (x INT);\n;\n  CREATE TABLE b (y INT)  ;"))
                .containsExactly("CREATE TABLE a (x INT)", "CREATE TABLE b (y INT)");
    }

    @Test
    void semicolonsInsideStringsAndIdentifiersDoNotSplit() {
        assertThat(SqlScript.split("INSERT INTO t VALUES ('a;b', 'it''s; fine'); SELECT \"odd;name\" FROM t"))
                .containsExactly("INSERT INTO t VALUES ('a;b', 'it''s; fine')", "SELECT \"odd;name\" FROM t");
    }

    @Test
    void semicolonsInsideCommentsDoNotSplitAndCommentOnlyPartsAreDropped() {
        assertThat(SqlScript.split("-- first; still a comment\nSELECT 1; /* a; b */ SELECT 2;\n-- trailing; note\n"))
                .containsExactly("-- first; still a comment\nSELECT 1", "/* a; b */ SELECT 2");
    }

    @Test
    void dollarQuotedBodiesStayWhole() {
        String fn = "CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  RAISE EXCEPTION 'no; %', 1;\n"
                + "END;\n$$";
        String tagged = "DO $body$ BEGIN PERFORM 1; END $body$";
        assertThat(SqlScript.split(fn + ";\n" + tagged + "; SELECT $1"))
                .containsExactly(fn, tagged, "SELECT $1");
    }

    @Test
    void sqliteTriggerBodiesStayWhole() {
        String trigger = "CREATE TRIGGER t BEFORE UPDATE ON audit\nBEGIN\n  SELECT CASE WHEN 1 THEN RAISE(ABORT, 'x') END;\n"
                + "  SELECT 2;\nEND";
        assertThat(SqlScript.split(trigger + ";\nCREATE TEMP TRIGGER u AFTER INSERT ON a BEGIN SELECT 1; END; SELECT 3"))
                .containsExactly(trigger, "CREATE TEMP TRIGGER u AFTER INSERT ON a BEGIN SELECT 1; END", "SELECT 3");
    }

    @Test
    void beginOutsideATriggerIsAnOrdinaryWord() {
        assertThat(SqlScript.split("BEGIN; SELECT 1; COMMIT;")).containsExactly("BEGIN", "SELECT 1", "COMMIT");
    }

    @Test
    void anUnterminatedStringRunsToTheEnd() {
        assertThat(SqlScript.split("SELECT 'open; still")).containsExactly("SELECT 'open; still");
    }

    @Test
    void bundledMigrationsSplitIntoTheirStatements() {
        assertThat(SqlScript.split(Migration.bundled(Dialect.SQLITE).getFirst().sql()))
                .anySatisfy(s -> assertThat(s).startsWith("CREATE TRIGGER audit_no_update").endsWith("END"))
                .noneSatisfy(s -> assertThat(s).isEqualTo("END"));
        assertThat(SqlScript.split(Migration.bundled(Dialect.POSTGRESQL).getFirst().sql()))
                .anySatisfy(s -> assertThat(s).startsWith("CREATE FUNCTION audit_is_append_only").endsWith("$$"));
    }
}
