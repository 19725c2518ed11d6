package dev.muster.files.template;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** For any two texts, applying the diff to the old one gives the new one. */
class TextDiffPropertiesTest {

    @Property(tries = 500)
    void applyingTheDiffToOldGivesNew(@ForAll("texts") String oldText, @ForAll("texts") String newText,
                                      @ForAll @IntRange(min = 0, max = 4) int context) {
        String diff = TextDiff.unified(oldText, newText, "old", "new", context);
        assertThat(UnifiedPatch.apply(oldText, diff)).isEqualTo(newText);
        assertThat(diff.isEmpty()).isEqualTo(oldText.equals(newText));
    }

    @Property(tries = 200)
    void aTextComparedWithItselfHasNoDiff(@ForAll("texts") String text) {
        assertThat(TextDiff.unified(text, text, "a", "b", 3)).isEmpty();
    }

    @Property(tries = 300)
    void hunkLineCountsMatchTheTexts(@ForAll("texts") String oldText, @ForAll("texts") String newText) {
        String diff = TextDiff.unified(oldText, newText, "old", "new", 3);
        long removed = diff.lines().skip(2).filter(l -> l.startsWith("-")).count();
        long added = diff.lines().skip(2).filter(l -> l.startsWith("+")).count();
        int oldLines = TextDiff.lines(oldText).size();
        int newLines = TextDiff.lines(newText).size();
        assertThat(oldLines - removed).isEqualTo(newLines - added);
    }

    @Provide
    Arbitrary<String> texts() {
        Arbitrary<String> line = Arbitraries.of("a", "b", "c", "", "listen 80;", "x y", "b\r");
        return Combinators.combine(line.list().ofMaxSize(25), Arbitraries.of(true, false))
                .as((lines, finalNewline) -> lines.isEmpty() ? "" : String.join("\n", lines) + (finalNewline ? "\n" : ""));
    }
}
