package dev.muster.core.store;

import java.util.Objects;

/**
 * One line of a plan run's journal: what {@code muster apply --resume} reads to skip the work that
 * was done and redo what was in flight when the run stopped.
 *
 * @param mark   what happened
 * @param batch  1-based batch number
 * @param step   0-based index of the step in the plan (-1 for batch and handler marks)
 * @param host   the host, or empty for batch marks
 * @param status the outcome's status key for {@link Mark#DONE} ("ok", "changed", "failed"...), else empty
 * @param name   the handler's name for handler marks, else empty
 * @param output what a step with {@code register} printed (already redacted), else empty
 */
public record StepMark(Mark mark, int batch, int step, String host, String status, String name, String output) {

    public enum Mark {
        /** The step started on the host. */
        STARTED,
        /** The step finished on the host with {@code status}. */
        DONE,
        /** A step that changed the host notified handler {@code name}; it is owed until HANDLER_DONE. */
        HANDLER_OWED,
        /** Handler {@code name} ran successfully on the host. */
        HANDLER_DONE,
        /** Every step and gate of the batch passed. */
        BATCH_DONE
    }

    public StepMark {
        Objects.requireNonNull(mark, "mark");
        host = host == null ? "" : host;
        status = status == null ? "" : status;
        name = name == null ? "" : name;
        output = output == null ? "" : output;
    }

    public static StepMark started(int batch, int step, String host) {
        return new StepMark(Mark.STARTED, batch, step, host, "", "", "");
    }

    public static StepMark done(int batch, int step, String host, String status, String output) {
        return new StepMark(Mark.DONE, batch, step, host, status, "", output);
    }

    public static StepMark handler(Mark mark, int batch, String host, String name) {
        return new StepMark(mark, batch, -1, host, "", name, "");
    }

    public static StepMark batchDone(int batch) {
        return new StepMark(Mark.BATCH_DONE, batch, -1, "", "", "", "");
    }
}
