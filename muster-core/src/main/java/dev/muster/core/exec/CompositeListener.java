package dev.muster.core.exec;

import dev.muster.core.inventory.Host;
import java.time.Duration;
import java.util.List;

record CompositeListener(List<RunListener> listeners) implements RunListener {

    @Override
    public void runStarted(int hosts) {
        listeners.forEach(l -> l.runStarted(hosts));
    }

    @Override
    public void hostStarted(Host host, int attempt) {
        listeners.forEach(l -> l.hostStarted(host, attempt));
    }

    @Override
    public void outputLine(Host host, OutputSink.Stream stream, String line) {
        listeners.forEach(l -> l.outputLine(host, stream, line));
    }

    @Override
    public void retrying(Host host, Outcome failed, Duration delay) {
        listeners.forEach(l -> l.retrying(host, failed, delay));
    }

    @Override
    public void hostFinished(Outcome outcome) {
        listeners.forEach(l -> l.hostFinished(outcome));
    }

    @Override
    public void runFinished(RunResult result) {
        listeners.forEach(l -> l.runFinished(result));
    }
}
