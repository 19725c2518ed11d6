package dev.muster.files;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** rsync 3.2's itemized output (--out-format='%i %n%L', --omit-dir-times), captured from a real run. */
class ItemizedTest {
    @Test
    void createdUpdatedDeletedAndNoticesAreTold() {
        Itemized i = Itemized.parse("""
                cd+++++++++ ./
                >f+++++++++ blob.bin
                cd+++++++++ css/
                >f+++++++++ css/app.css
                cL+++++++++ start.html -> index.html
                *deleting   stray.txt
                >f.st...... index.html
                .f...p..... robots.txt
                sending incremental file list
                """);
        assertThat(i.created()).isEqualTo(5);
        assertThat(i.updated()).isEqualTo(2);
        assertThat(i.deleted()).isEqualTo(1);
        assertThat(i.summary()).isEqualTo("5 created, 2 updated, 1 deleted");
        assertThat(i.report()).contains("    + start.html -> index.html\n", "    - stray.txt\n", "    ~ index.html\n");
    }

    @Test
    void noItemizedLineIsUpToDate() {
        assertThat(Itemized.parse("").changed()).isFalse();
        assertThat(Itemized.parse("sending incremental file list\n").changed()).isFalse();
    }

    @Test
    void excludePatternsWithAnInnerSlashAreAnchoredAtTheTop() {
        assertThat(RelayCopy.rsyncPattern("*.log")).isEqualTo("*.log");
        assertThat(RelayCopy.rsyncPattern("logs/")).isEqualTo("logs/");
        assertThat(RelayCopy.rsyncPattern("cache/tmp")).isEqualTo("/cache/tmp");
        assertThat(RelayCopy.parent("/srv/www/")).isEqualTo("/srv");
        assertThat(RelayCopy.parent("/srv/app/releases/v2.partial")).isEqualTo("/srv/app/releases");
        assertThat(RelayCopy.parent("/srv/")).isEqualTo("/");
    }
}
