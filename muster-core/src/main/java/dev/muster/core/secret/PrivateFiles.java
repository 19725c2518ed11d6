package dev.muster.core.secret;

import dev.muster.core.InputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Reads files that hold secrets (vault passwords, {@code {secret: {file: PATH}}}) and runs the
 * programs that print them. As OpenSSH refuses a private key that group or others may read, a
 * secret file with any group or other permission is refused; an executable password script may be
 * readable by others (it holds no password, it fetches one) but not writable by them.
 */
public final class PrivateFiles {
    /** How long a password script or a secret command may take (it may wait for a pinentry). */
    public static final long COMMAND_LIMIT_SECONDS = 300;

    private static final Set<PosixFilePermission> GROUP_OTHER = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    private static final Set<PosixFilePermission> GROUP_OTHER_WRITE =
            EnumSet.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

    private PrivateFiles() {
    }

    /** Whether the file is one muster would run rather than read (owner-executable regular file). */
    public static boolean isProgram(Path file) {
        return Files.isRegularFile(file) && Files.isExecutable(file);
    }

    /** The bytes of a secret file, after checking that only its owner may read it. */
    public static byte[] read(Path file, String what) {
        if (!Files.isRegularFile(file)) {
            throw new InputException(what + " does not exist");
        }
        checkMode(file, what, GROUP_OTHER, "readable or writable by group or others", "chmod 600 " + file);
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InputException("cannot read " + what + ": " + e.getMessage());
        }
    }

    /**
     * Runs a password program and returns what it printed on standard output. Its standard input
     * and error stay the terminal's, so it can ask (gpg, pass). A non-zero exit is an error.
     */
    public static byte[] run(Path program, List<String> args, String what) {
        checkMode(program, what, GROUP_OTHER_WRITE, "writable by group or others", "chmod go-w " + program);
        List<String> command = new java.util.ArrayList<>();
        command.add(program.toAbsolutePath().toString());
        command.addAll(args);
        return runCommand(command, what);
    }

    /** Runs {@code command} (argv) and returns its standard output; {@code what} names it in errors. */
    public static byte[] runCommand(List<String> command, String what) {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.INHERIT)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            throw new InputException("cannot run " + what + ": " + e.getMessage());
        }
        try (InputStream out = process.getInputStream()) {
            byte[] bytes = readWithin(out, process);
            int exit = process.exitValue();
            if (exit != 0) {
                java.util.Arrays.fill(bytes, (byte) 0);
                throw new InputException(what + " exited with code " + exit);
            }
            return bytes;
        } catch (IOException e) {
            process.destroyForcibly();
            throw new InputException("cannot read the output of " + what + ": " + e.getMessage());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new InputException(what + " was interrupted");
        }
    }

    private static byte[] readWithin(InputStream out, Process process) throws IOException, InterruptedException {
        java.util.concurrent.FutureTask<byte[]> reader = new java.util.concurrent.FutureTask<>(out::readAllBytes);
        Thread.ofVirtual().name("muster-secret-output").start(reader);
        if (!process.waitFor(COMMAND_LIMIT_SECONDS, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new IOException("it did not finish within " + COMMAND_LIMIT_SECONDS + "s");
        }
        try {
            return reader.get(COMMAND_LIMIT_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException(String.valueOf(e.getCause() == null ? e : e.getCause()));
        }
    }

    private static void checkMode(Path file, String what, Set<PosixFilePermission> refused, String problem,
                                  String fix) {
        Set<PosixFilePermission> perms;
        try {
            perms = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException e) {
            return; // no POSIX modes on this file system
        } catch (IOException e) {
            throw new InputException("cannot read the permissions of " + what + ": " + e.getMessage());
        }
        Set<PosixFilePermission> open = EnumSet.noneOf(PosixFilePermission.class);
        open.addAll(perms);
        open.retainAll(refused);
        if (!open.isEmpty()) {
            throw new InputException(what + " is refused: it is " + problem + " (mode "
                    + mode(perms) + "); make it private: " + fix);
        }
    }

    static String mode(Set<PosixFilePermission> perms) {
        int mode = 0;
        for (PosixFilePermission p : perms) {
            mode |= 1 << (8 - p.ordinal());
        }
        return String.format("%04o", mode);
    }
}
