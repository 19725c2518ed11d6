package dev.muster.files;

import dev.muster.core.exec.FailureKind;
import java.util.Optional;

/**
 * The exit statuses that the shell scripts a push runs on a host use to say which stage stopped
 * them. The scripts are written with {@link #exit()} and their status is read back with
 * {@link #of}, so both sides name a stage through this one table.
 */
enum ScriptExit {
    /** The prepare script could not {@code cd} into the push's top directory. */
    CANNOT_ENTER(3, FailureKind.COMMAND_FAILED),
    /** An uploaded file's SHA-256 did not match: nothing was replaced. */
    NOT_VERIFIED(4, FailureKind.TRANSFER_FAILED),
    /** {@code chown} of the uploads (or of other paths) failed. */
    CHOWN_FAILED(5, FailureKind.COMMAND_FAILED),
    /** A backup link ({@code NAME.~STAMP~}) could not be made. */
    BACKUP_FAILED(6, FailureKind.COMMAND_FAILED),
    /** The {@code --validate} command refused an uploaded file. */
    NOT_VALID(7, FailureKind.VALIDATION_FAILED),
    /** A rename into place failed; the files before it are in place. */
    RENAME_FAILED(8, FailureKind.COMMAND_FAILED),
    /** The listing's waiting shell could not read the script it was handed: nothing of it ran. */
    SHELL_UNUSABLE(9, FailureKind.COMMAND_FAILED),
    /** The host's tar could not unpack the stream: the same files go over SFTP instead. */
    TAR_UNUSABLE(10, FailureKind.COMMAND_FAILED);

    private final int code;
    private final FailureKind kind;

    ScriptExit(int code, FailureKind kind) {
        this.code = code;
        this.kind = kind;
    }

    /** The exit status. */
    int code() {
        return code;
    }

    /** How a host that stopped here failed. */
    FailureKind kind() {
        return kind;
    }

    /** The shell words that end a script with this status. */
    String exit() {
        return "exit " + code;
    }

    /** The stage a script's exit status names, if it names one (0, a signal or another status do not). */
    static Optional<ScriptExit> of(Integer status) {
        if (status == null) {
            return Optional.empty();
        }
        for (ScriptExit e : values()) {
            if (e.code == status) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
