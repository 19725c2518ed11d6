package dev.muster.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.core.InputException;
import dev.muster.core.inventory.HostSet;
import dev.muster.testkit.Seeds;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * muster's host sets against ClusterShell's nodeset: expansion ({@code -e}), count ({@code -c})
 * and folding ({@code -f}) over generated expressions and name lists, 600 cases per seed.
 * Names with one numbered run fold to exactly nodeset's text; names with several fold to text
 * that nodeset expands to the same names, in no more comma-separated blocks than nodeset's.
 */
@Timeout(300)
class HostSetConformanceTest {
    private static final int CASES_PER_KIND = 300;
    private static Nodeset nodeset;

    @BeforeAll
    static void findNodeset() {
        nodeset = Nodeset.require();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource(Seeds.FIXED_AND_RANDOM)
    void generatedExpressionsExpandCountAndFoldAsNodesetDoes(long seed) throws Exception {
        HostSetCases cases = new HostSetCases(seed);
        List<String> sets = new ArrayList<>();
        for (int i = 0; i < CASES_PER_KIND; i++) {
            sets.add(cases.expression());
        }
        compare(sets, seed);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource(Seeds.FIXED_AND_RANDOM)
    void generatedNameListsFoldAsNodesetDoes(long seed) throws Exception {
        HostSetCases cases = new HostSetCases(seed);
        List<String> sets = new ArrayList<>();
        for (int i = 0; i < CASES_PER_KIND; i++) {
            sets.add(cases.names());
        }
        compare(sets, seed);
    }

    @Test
    void theNodesetCommandAgreesWithTheBatchAndWithMuster() throws Exception {
        List<String> sets = List.of("web[1-3].dc1.example.com", "rack[1-2]node[1-3]", "node[1-9/2]",
                "node[1-5],node[3-7]", "node01,node1,node2,node10", "node[09-11]", "a1b,a2,a10");
        List<Nodeset.Answer> batch = nodeset.ask(sets);
        for (int i = 0; i < sets.size(); i++) {
            String set = sets.get(i);
            HostSet muster = HostSet.parse(set);
            assertThat(nodeset.cli("-f", set)).as("nodeset -f %s", set).isEqualTo(batch.get(i).fold()).isEqualTo(muster.fold());
            assertThat(nodeset.cli("-e", set)).as("nodeset -e %s", set).isEqualTo(String.join(" ", batch.get(i).expand()))
                    .isEqualTo(String.join(" ", muster.names()));
            assertThat(nodeset.cli("-c", set)).as("nodeset -c %s", set).isEqualTo(Integer.toString(muster.size()));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"node[01-100]", "node[1-010]", "n[5/2]", "n[1-5/0]", "n[]", "n[1,,2]", "n[3-1]", "n1]",
        "n[1-2", "n[1-2][3-4]", "a]b", "n[1-x]"})
    void whatNodesetRefusesMusterRefusesWithItsColumn(String set) throws Exception {
        Nodeset.Answer reference = nodeset.ask(List.of(set)).get(0);
        assertThat(reference.failed()).as("nodeset refuses %s", set).isTrue();
        try {
            HostSet.parse(set);
            throw new AssertionError("muster accepted " + set + "; nodeset said " + reference.error());
        } catch (InputException e) {
            assertThat(e.getMessage()).matches("host set:1:\\d+: .+");
        }
    }

    private static void compare(List<String> sets, long seed) throws Exception {
        List<Nodeset.Answer> answers = nodeset.ask(sets);
        List<String> musterFolds = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < sets.size(); i++) {
            String set = sets.get(i);
            Nodeset.Answer reference = answers.get(i);
            String problem = compareOne(set, reference, musterFolds);
            if (problem != null) {
                failures.add(problem + "\n    case:    " + set + "\n    nodeset: " + reference + "\n");
            }
        }
        List<Nodeset.Answer> reexpanded = nodeset.ask(musterFolds);
        for (int i = 0; i < musterFolds.size(); i++) {
            String fold = musterFolds.get(i);
            List<String> names = HostSet.parse(fold).names();
            List<String> back = new ArrayList<>(reexpanded.get(i).expand());
            back.sort(HostSet.NAME_ORDER);
            if (!back.equals(names)) {
                failures.add("nodeset expands muster's fold to other names\n    muster fold: " + fold
                        + "\n    nodeset -e:  " + reexpanded.get(i) + "\n");
            }
        }
        assertThat(failures).as("%d divergences from nodeset, %s:%n%s", failures.size(), Seeds.replay(seed),
                String.join("\n", failures.subList(0, Math.min(10, failures.size())))).isEmpty();
    }

    /** One case; a multi-run fold is queued in {@code multiRunFolds} for nodeset to expand back. */
    private static String compareOne(String set, Nodeset.Answer reference, List<String> multiRunFolds) {
        HostSet muster;
        try {
            muster = HostSet.parse(set);
        } catch (InputException e) {
            return reference.failed() ? null : "muster refuses what nodeset reads: " + e.getMessage();
        }
        if (reference.failed()) {
            return "muster reads what nodeset refuses: " + muster.fold();
        }
        if (muster.size() != reference.count()) {
            return "count: muster " + muster.size();
        }
        List<String> sorted = new ArrayList<>(reference.expand());
        sorted.sort(HostSet.NAME_ORDER);
        if (!muster.names().equals(sorted)) {
            return "expand: muster " + Nodeset.brief(muster.names());
        }
        boolean oneRun = muster.names().stream().allMatch(n -> numberedRuns(n) <= 1);
        if (oneRun) {
            if (!muster.names().equals(reference.expand())) {
                return "expand order: muster " + Nodeset.brief(muster.names());
            }
            if (!muster.fold().equals(reference.fold())) {
                return "fold: muster " + muster.fold();
            }
        } else if (blocks(muster.fold()) > blocks(reference.fold())) {
            return "fold has more blocks than nodeset's: muster " + muster.fold();
        } else {
            multiRunFolds.add(muster.fold());
        }
        return null;
    }

    private static int numberedRuns(String name) {
        int runs = 0;
        for (int k = 0; k < name.length(); k++) {
            if (Character.isDigit(name.charAt(k)) && (k == 0 || !Character.isDigit(name.charAt(k - 1)))) {
                runs++;
            }
        }
        return runs;
    }

    /** Comma-separated blocks outside brackets. */
    static int blocks(String fold) {
        int blocks = fold.isEmpty() ? 0 : 1;
        int depth = 0;
        for (char c : fold.toCharArray()) {
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
            } else if (c == ',' && depth == 0) {
                blocks++;
            }
        }
        return blocks;
    }
}
