package dev.muster.probe.logs;

import dev.muster.core.inventory.HostSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds a search's results so 500 hosts read as a few lines: identical matching lines (same file,
 * same text) under the set of hosts that have them, and hosts with the same counts together.
 */
public final class GrepReport {
    private GrepReport() {
    }

    /** A matching line and the hosts where it was found ({@code occurrences} counts repeats too). */
    public record LineGroup(HostSet hosts, String file, String text, int occurrences) {
    }

    /** Hosts with the same result: state, matches, files with matches, files searched, errors. */
    public record CountGroup(HostSet hosts, HostMatches.State state, int matches, int filesMatched,
                             int filesSearched, List<String> errors, String message) {
    }

    /** Lines in the order they were first seen, hosts taken in the order given. */
    public static List<LineGroup> lines(List<HostMatches> results) {
        Map<List<String>, List<String>> hosts = new LinkedHashMap<>();
        Map<List<String>, Integer> counts = new LinkedHashMap<>();
        for (HostMatches h : results) {
            for (Match m : h.matches()) {
                List<String> key = List.of(m.file(), m.text());
                List<String> names = hosts.computeIfAbsent(key, k -> new ArrayList<>());
                if (names.isEmpty() || !names.getLast().equals(h.host())) {
                    names.add(h.host());
                }
                counts.merge(key, 1, Integer::sum);
            }
        }
        List<LineGroup> out = new ArrayList<>(hosts.size());
        hosts.forEach((k, names) -> out.add(new LineGroup(HostSet.of(names), k.get(0), k.get(1), counts.get(k))));
        return out;
    }

    /** Per-host counts, folded; matched hosts first, then no match, then failures. */
    public static List<CountGroup> counts(List<HostMatches> results) {
        Map<List<Object>, List<String>> groups = new LinkedHashMap<>();
        List<HostMatches> sorted = new ArrayList<>(results);
        sorted.sort(java.util.Comparator.comparing(HostMatches::state));
        for (HostMatches h : sorted) {
            List<Object> key = List.of(h.state(), h.matches().size(), h.filesMatched(), h.filesSearched(),
                    h.errors(), h.message());
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(h.host());
        }
        List<CountGroup> out = new ArrayList<>(groups.size());
        groups.forEach((k, names) -> {
            @SuppressWarnings("unchecked")
            List<String> errors = (List<String>) k.get(4);
            out.add(new CountGroup(HostSet.of(names), (HostMatches.State) k.get(0), (Integer) k.get(1),
                    (Integer) k.get(2), (Integer) k.get(3), errors, (String) k.get(5)));
        });
        return out;
    }
}
