package dev.muster.core.strategy;

/** Asked before a batch starts: null to start it, or why it may not start now (see {@link BatchRunner#hold}). */
@FunctionalInterface
public interface BatchHold {
    BatchHold NONE = batch -> null;

    String hold(Batch batch) throws InterruptedException;
}
