package dev.muster.files.template;

import dev.muster.core.Redactor;
import dev.muster.core.exec.StepFailure;
import dev.muster.core.inventory.Host;
import io.pebbletemplates.pebble.error.PebbleException;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * A parsed template, ready to render for any number of hosts (concurrently too). Built by
 * {@link Templates#load}.
 */
public final class TemplateSource {
    private final String name;
    private final PebbleTemplate template;
    private final SourceNames names;
    private final java.util.Set<String> variableNames;

    TemplateSource(String name, PebbleTemplate template, SourceNames names, java.util.Set<String> variableNames) {
        this.name = name;
        this.template = template;
        this.names = names;
        this.variableNames = variableNames;
    }

    /** Every identifier written in this template and those it includes: the variables it could read. */
    public java.util.Set<String> variableNames() {
        return variableNames;
    }

    /** The template's path as the user wrote it, e.g. {@code templates/nginx.conf.peb}. */
    public String name() {
        return name;
    }

    /**
     * Renders for {@code host} with its variables (see {@link TemplateVariables}). Facts are asked
     * of {@code facts} only if the template reads {@code facts}.
     *
     * @param redactor the inventory's secrets, for {@link RenderedFile#redactedText()}
     * @throws RenderException      undefined variable, unknown filter, ...: nothing may be written
     * @throws StepFailure          gathering facts failed (host unreachable, command failed)
     * @throws InterruptedException interrupted while gathering facts
     */
    public RenderedFile render(Host host, FactSource facts, Redactor redactor)
            throws RenderException, StepFailure, InterruptedException {
        return render(host, facts, redactor, Map.of());
    }

    /** As {@link #render(Host, FactSource, Redactor)}, with a plan's variables under the host's. */
    public RenderedFile render(Host host, FactSource facts, Redactor redactor, Map<String, Object> planVars)
            throws RenderException, StepFailure, InterruptedException {
        return RenderedFile.of(renderText(host.name(), TemplateVariables.forHost(host, facts, planVars)), redactor);
    }

    /** Renders with exactly these variables, for tools and tests; {@code hostName} is for messages. */
    public String renderText(String hostName, Map<String, Object> variables)
            throws RenderException, StepFailure, InterruptedException {
        StringWriter out = new StringWriter();
        try {
            template.evaluate(out, variables);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (FactsFailure e) {
            throw unwrap(e);
        } catch (dev.muster.core.InputException e) {
            throw e;
        } catch (PebbleException e) {
            FactsFailure facts = findFactsFailure(e);
            if (facts != null) {
                throw unwrap(facts);
            }
            dev.muster.core.InputException secret = findInputException(e);
            if (secret != null) {
                throw secret;   // a secret could not be resolved: its own message names where it was written
            }
            throw RenderErrors.of(e, names, name, hostName);
        }
        return out.toString();
    }

    private static dev.muster.core.InputException findInputException(Throwable e) {
        for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof dev.muster.core.InputException input) {
                return input;
            }
        }
        return null;
    }

    private static FactsFailure findFactsFailure(Throwable e) {
        for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof FactsFailure f) {
                return f;
            }
        }
        return null;
    }

    private static StepFailure unwrap(FactsFailure e) throws InterruptedException {
        if (e.getCause() instanceof InterruptedException ie) {
            throw ie;
        }
        return (StepFailure) e.getCause();
    }

    @Override
    public String toString() {
        return "TemplateSource[" + name + "]";
    }
}
