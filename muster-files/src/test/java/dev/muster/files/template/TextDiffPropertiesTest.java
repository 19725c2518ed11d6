package dev.muster.files.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** For any two texts, applying the diff to the old one gives the new one. */
class TextDiffPropertiesTest {

    @Test
    void applyingTheDiffToOldGivesNew() {
        qt().withExamples(500).forAll(texts(), texts(), integers().between(0, 4)).checkAssert((oldText, newText, context) -> {
            String diff = TextDiff.unified(oldText, newText, "old", "new", context);
            assertThat(UnifiedPatch.apply(oldText, diff)).isEqualTo(newText);
            assertThat(diff.isEmpty()).isEqualTo(oldText.equals(newText));
        });
    }

    @Test
    void aTextComparedWithItselfHasNoDiff() {
        qt().withExamples(200).forAll(texts())
                .checkAssert(text -> assertThat(TextDiff.unified(text, text, "a", "b", 3)).isEmpty());
    }

    @Test
    void hunkLineCountsMatchTheTexts() {
        qt().withExamples(300).forAll(texts(), texts()).checkAssert((oldText, newText) -> {
            String diff = TextDiff.unified(oldText, newText, "old", "new", 3);
            long removed = diff.lines().skip(2).filter(l -> l.startsWith("-")).count();
            long added = diff.lines().skip(2).filter(l -> l.startsWith("+")).count();
            int oldLines = TextDiff.lines(oldText).size();
            int newLines = TextDiff.lines(newText).size();
            assertThat(oldLines - removed).isEqualTo(newLines - added);
        });
    }

    /** Up to 25 lines from a small alphabet (so lines repeat), with or without a final newline. */
    private static Gen<String> texts() {
        Gen<String> line = Generate.pick(List.of("a", "b", "c", "", "listen 80;", "x y", "b\r"));
        return lists().of(line).ofSizeBetween(0, 25).zip(booleans().all(),
                (lines, finalNewline) -> lines.isEmpty() ? "" : String.join("\n", lines) + (finalNewline ? "\n" : ""));
    }
}
