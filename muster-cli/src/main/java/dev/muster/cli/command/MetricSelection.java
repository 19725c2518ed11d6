package dev.muster.cli.command;

import dev.muster.core.InputException;
import dev.muster.probe.metrics.MetricColumn;
import dev.muster.probe.metrics.MetricFilter;
import picocli.CommandLine.Option;

/**
 * {@code --sort} and {@code --where} for the commands that show host metrics (metrics, top),
 * declared once; each command gives its own default order.
 */
final class MetricSelection {
    @Option(names = "--sort", paramLabel = "COLUMN",
            description = "Sort by a column, highest first (cpu, load, mem, swap, disk, rx, tx, read, write, "
                    + "iops, uptime), or by host name (host). Default: ${DEFAULT-VALUE}.")
    String sort;

    @Option(names = "--where", paramLabel = "EXPR",
            description = "Only hosts where every comparison holds, e.g. 'cpu>80&mem>=50' (> >= < <= = !=).")
    String where;

    /** {@code sortByDefault}: the column (or {@code host}) used without --sort. */
    MetricSelection(String sortByDefault) {
        this.sort = sortByDefault;
    }

    /** The column to sort by, highest first; null sorts by host name. Unknown columns are bad input. */
    MetricColumn sortBy() {
        if (sort.equalsIgnoreCase("host") || sort.equalsIgnoreCase("name")) {
            return null;
        }
        MetricColumn c = MetricColumn.byKey(sort);
        if (c == null) {
            throw InputException.option("--sort", "unknown column '" + sort + "': expected host, "
                    + MetricColumn.keys());
        }
        return c;
    }

    /** The --where filter, or null without one; a malformed one is bad input. */
    MetricFilter filter() {
        return where == null ? null : MetricFilter.parse(where);
    }
}
