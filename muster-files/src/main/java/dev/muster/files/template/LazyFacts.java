package dev.muster.files.template;

import dev.muster.core.exec.StepFailure;
import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;

/**
 * The {@code facts} variable: a map that gathers the host's facts on its first use, so a template
 * that never reads {@code facts} never contacts the host.
 */
final class LazyFacts extends AbstractMap<String, Object> {
    private final FactSource source;
    private Map<String, Object> facts;

    LazyFacts(FactSource source) {
        this.source = source;
    }

    boolean gathered() {
        return facts != null;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return facts().entrySet();
    }

    @Override
    public boolean containsKey(Object key) {
        return facts().containsKey(key);
    }

    @Override
    public Object get(Object key) {
        return facts().get(key);
    }

    private synchronized Map<String, Object> facts() {
        if (facts == null) {
            try {
                facts = source.gather().toMap();
            } catch (StepFailure e) {
                throw new FactsFailure(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FactsFailure(e);
            }
        }
        return facts;
    }
}
