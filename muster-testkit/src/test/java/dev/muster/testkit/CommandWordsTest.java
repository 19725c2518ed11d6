package dev.muster.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class CommandWordsTest {

    @Test
    void splitsOnBlanksHonouringQuotesAndBackslashes() {
        assertThat(CommandWords.split("echo  'a  b' \"c \\\"d\\\"\" e\\ f")).contains(List.of("echo", "a  b", "c \"d\"", "e f"));
    }

    @Test
    void leavesAnythingNeedingAShellToTheShell() {
        for (String line : List.of("echo a | tr a b", "ls > x", "a; b", "echo $HOME", "echo \"$HOME\"", "ls *.txt",
                "FOO=1 env", "echo `id`", "echo 'unclosed")) {
            assertThat(CommandWords.split(line)).as(line).isEmpty();
        }
    }

    @Test
    void blankLineHasNoWords() {
        assertThat(CommandWords.split("   ")).isEmpty();
    }
}
