package dev.muster.files.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import org.junit.jupiter.api.Test;

/** Unified diffs as {@code diff -u} prints them (expected outputs checked against GNU diff). */
class TextDiffTest {
    private static final String OLD = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\n";

    @Test
    void equalTextsGiveNoDiff() {
        assertThat(TextDiff.unified(OLD, OLD, "a", "b", 3)).isEmpty();
        assertThat(TextDiff.unified("", "", "a", "b", 3)).isEmpty();
    }

    @Test
    void distantChangesMakeSeparateHunksAndAMissingFinalNewlineIsMarked() {
        String diff = TextDiff.unified(OLD, "a\nB\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl", "o.txt", "n.txt", 3);
        assertThat(diff).isEqualTo("""
                --- o.txt
                +++ n.txt
                @@ -1,5 +1,5 @@
                 a
                -b
                +B
                 c
                 d
                 e
                @@ -9,3 +9,4 @@
                 i
                 j
                 k
                +l
                \\ No newline at end of file
                """);
    }

    @Test
    void removingEverythingIsOneHunkEndingAtLineZero() {
        String diff = TextDiff.unified(OLD, "", "o", "n", 3);
        assertThat(diff).startsWith("--- o\n+++ n\n@@ -1,11 +0,0 @@\n-a\n-b\n");
    }

    @Test
    void closeChangesShareAHunk() {
        String diff = TextDiff.unified(OLD, "a\nB\nc\nd\ne\nf\nG\nh\ni\nj\nk\n", "o", "n", 3);
        assertThat(diff.lines().filter(l -> l.startsWith("@@")).toList()).containsExactly("@@ -1,10 +1,10 @@");
    }

    @Test
    void zeroContextShowsOnlyChangedLines() {
        String diff = TextDiff.unified("a\nb\nc\n", "a\nx\nc\n", "o", "n", 0);
        assertThat(diff).isEqualTo("--- o\n+++ n\n@@ -2 +2 @@\n-b\n+x\n");
    }

    @Test
    void crlfLinesKeepTheirCarriageReturn() {
        String diff = TextDiff.unified("a\r\nb\r\n", "a\r\nc\r\n", "o", "n", 1);
        assertThat(diff).isEqualTo("--- o\n+++ n\n@@ -1,2 +1,2 @@\n a\r\n-b\r\n+c\r\n");
    }

    @Test
    void largeUnrelatedFilesStillDiffCorrectly() {
        StringBuilder a = new StringBuilder();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            a.append("old ").append(i).append('\n');
            b.append("new ").append(i).append('\n');
        }
        String diff = TextDiff.unified(a.toString(), b.toString(), "o", "n", 3);
        assertThat(UnifiedPatch.apply(a.toString(), diff)).isEqualTo(b.toString());
        assertThat(diff).startsWith("--- o\n+++ n\n@@ -1,3000 +1,3000 @@\n");
    }

    @Test
    void fewChangesInAThousandsOfLinesFileGiveSmallHunks() {
        String a = String.join("", Collections.nCopies(4000, "same\n")) + "tail\n";
        String b = "head\n" + String.join("", Collections.nCopies(4000, "same\n")) + "tail!\n";
        String diff = TextDiff.unified(a, b, "o", "n", 3);
        assertThat(diff.lines().filter(l -> l.startsWith("+") || l.startsWith("-")).count()).isEqualTo(5);
        assertThat(UnifiedPatch.apply(a, diff)).isEqualTo(b);
    }

    @Test
    void binaryMeansANulByteInTheFirst8KiB() {
        assertThat(TextDiff.isBinary("plain text\n".getBytes())).isFalse();
        assertThat(TextDiff.isBinary(new byte[] {'a', 0, 'b'})).isTrue();
        byte[] late = new byte[9000];
        java.util.Arrays.fill(late, (byte) 'a');
        late[8500] = 0;
        assertThat(TextDiff.isBinary(late)).isFalse();
        assertThat(TextDiff.isBinary(new byte[0])).isFalse();
    }
}
