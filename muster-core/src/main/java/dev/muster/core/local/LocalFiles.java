package dev.muster.core.local;

import dev.muster.core.exec.FailureKind;
import dev.muster.core.exec.FileTransfer;
import dev.muster.core.exec.StepFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** {@link FileTransfer} on this machine's file system, for the local transport. */
final class LocalFiles implements FileTransfer {

    @Override
    public long upload(String path, InputStream content, int mode, long mtime) throws StepFailure {
        Path p = Path.of(path);
        try {
            Files.deleteIfExists(p);
            Files.createFile(p, PosixFilePermissions.asFileAttribute(perms(0600)));
            long n;
            try (OutputStream out = Files.newOutputStream(p, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                n = content.transferTo(out);
            }
            setAttributes(path, mode, null, null, mtime);
            return n;
        } catch (IOException e) {
            throw failure("write " + path, e);
        }
    }

    @Override
    public byte[] download(String path, int maxBytes) throws StepFailure {
        try (InputStream in = Files.newInputStream(Path.of(path))) {
            return in.readNBytes(maxBytes);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw failure("read " + path, e);
        }
    }

    @Override
    public void mkdir(String path, int mode) throws StepFailure {
        try {
            Files.createDirectory(Path.of(path));
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(Path.of(path), LinkOption.NOFOLLOW_LINKS)) {
                throw failure("create directory " + path, e);
            }
        } catch (IOException e) {
            throw failure("create directory " + path, e);
        }
        setAttributes(path, mode, null, null, null);
    }

    @Override
    public void setAttributes(String path, Integer mode, Integer uid, Integer gid, Long mtime) throws StepFailure {
        Path p = Path.of(path);
        try {
            if (mode != null) {
                Files.setPosixFilePermissions(p, perms(mode));
            }
            if (uid != null) {
                Files.setAttribute(p, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
            }
            if (gid != null) {
                Files.setAttribute(p, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
            }
            if (mtime != null) {
                Files.setLastModifiedTime(p, FileTime.fromMillis(mtime * 1000));
            }
        } catch (IOException | UnsupportedOperationException e) {
            throw new StepFailure(FailureKind.TRANSFER_FAILED, "cannot set attributes of " + path + ": " + e, e);
        }
    }

    @Override
    public void symlink(String link, String target) throws StepFailure {
        try {
            Files.createSymbolicLink(Path.of(link), Path.of(target));
        } catch (IOException e) {
            throw failure("create symlink " + link, e);
        }
    }

    @Override
    public void rename(String from, String to) throws StepFailure {
        try {
            Files.move(Path.of(from), Path.of(to), StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw failure("rename " + from + " atomically", e);
        } catch (IOException e) {
            throw failure("rename " + from + " to " + to, e);
        }
    }

    @Override
    public void remove(List<String> paths) throws StepFailure {
        for (String path : paths) {
            try {
                Files.deleteIfExists(Path.of(path));
            } catch (IOException e) {
                throw failure("remove " + path, e);
            }
        }
    }

    @Override
    public void close() {
    }

    static Set<PosixFilePermission> perms(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.OWNER_READ};
        for (int bit = 0; bit < order.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                set.add(order[bit]);
            }
        }
        return set;
    }

    private static StepFailure failure(String what, IOException e) {
        return new StepFailure(FailureKind.TRANSFER_FAILED, "cannot " + what + ": " + e, e);
    }
}
