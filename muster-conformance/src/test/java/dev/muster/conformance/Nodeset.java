package dev.muster.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.muster.testkit.ReferenceTool;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * ClusterShell's nodeset as an oracle: single questions through the {@code nodeset} command,
 * batches through one process of the same Python and ClusterShell that {@code nodeset} runs
 * ({@code nodeset_batch.py}), since a process per question would take minutes.
 */
final class Nodeset {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What nodeset said about one host set: a fold, the names and their count, or an error. */
    record Answer(String fold, List<String> expand, int count, String error) {
        boolean failed() {
            return error != null;
        }

        @Override
        public String toString() {
            return failed() ? "error: " + error : "fold " + fold + " · count " + count + " · expand " + brief(expand);
        }
    }

    /** At most 12 names and how many more, for failure messages. */
    static String brief(List<String> names) {
        return names.size() <= 12 ? names.toString()
                : names.subList(0, 12).toString().replace("]", ", ... " + (names.size() - 12) + " more]");
    }

    private final ReferenceTool tool;

    private Nodeset(ReferenceTool tool) {
        this.tool = tool;
    }

    static Nodeset require() {
        return new Nodeset(ReferenceTool.require("nodeset", "clustershell"));
    }

    /** {@code nodeset -f/-e/-c ARG}: one process each. */
    String cli(String option, String set) {
        ReferenceTool.Result r = tool.run(null, "", option, set);
        return r.exit() == 0 ? r.out().strip() : "error: " + r.err().strip();
    }

    List<Answer> ask(List<String> sets) throws IOException {
        StringBuilder in = new StringBuilder();
        for (String set : sets) {
            in.append(JSON.writeValueAsString(set)).append('\n');
        }
        Path script = Files.createTempFile("nodeset_batch", ".py");
        try (InputStream res = Nodeset.class.getResourceAsStream("nodeset_batch.py")) {
            Files.write(script, res.readAllBytes());
        }
        try {
            ReferenceTool.Result r = ReferenceTool.exec(List.of(python(), script.toString()), null, in.toString());
            if (r.exit() != 0) {
                throw new IllegalStateException("nodeset_batch.py failed: " + r.err());
            }
            List<Answer> answers = new ArrayList<>();
            for (String line : r.out().split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode a = JSON.readTree(line);
                if (a.has("error")) {
                    answers.add(new Answer(null, List.of(), 0, a.get("error").asText()));
                } else {
                    List<String> names = new ArrayList<>();
                    a.get("expand").forEach(n -> names.add(n.asText()));
                    answers.add(new Answer(a.get("fold").asText(), names, a.get("count").asInt(), null));
                }
            }
            if (answers.size() != sets.size()) {
                throw new IllegalStateException("nodeset_batch.py answered " + answers.size() + " of " + sets.size());
            }
            return answers;
        } finally {
            Files.deleteIfExists(script);
        }
    }

    /** The interpreter nodeset itself runs on (its #! line), so the batch sees the same ClusterShell. */
    private String python() throws IOException {
        String first = Files.readString(tool.path().toRealPath(), StandardCharsets.UTF_8).lines().findFirst().orElse("");
        if (first.startsWith("#!")) {
            String[] words = first.substring(2).strip().split("\\s+");
            return words[0].endsWith("env") && words.length > 1 ? words[1] : words[0];
        }
        return "python3";
    }
}
