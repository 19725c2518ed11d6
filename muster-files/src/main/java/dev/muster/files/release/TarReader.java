package dev.muster.files.release;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Unpacks a release artifact (tar, optionally gzip-compressed) into a directory on the controller:
 * ustar headers with their name prefix, GNU long names ('L', 'K'), pax path and linkpath ('x');
 * regular files, directories, symbolic links and hard links (copied). Absolute names, names with a
 * {@code ..} component and entries that would be written through a symbolic link are refused, so an
 * archive can never write outside the directory.
 */
final class TarReader {
    private static final int BLOCK = 512;
    private static final long MAX_META = 1 << 20;

    /** A problem with the archive itself; the message says which entry and why. */
    static final class BadArchive extends IOException {
        BadArchive(String message) {
            super(message);
        }
    }

    private final InputStream in;
    private final Path top;
    private String longName;
    private String longLink;
    private String paxPath;
    private String paxLink;
    /** Directory modes, applied once everything is unpacked (a read-only directory must still be filled). */
    private final java.util.Map<Path, Integer> dirModes = new java.util.TreeMap<>(java.util.Comparator.reverseOrder());

    private TarReader(InputStream in, Path top) {
        this.in = in;
        this.top = top;
    }

    /** Unpacks {@code archive} (gzip detected by its magic bytes) into the existing directory {@code into}. */
    static void unpack(Path archive, Path into) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive), 1 << 16)) {
            raw.mark(2);
            boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
            raw.reset();
            InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw;
            TarReader reader = new TarReader(in, into.toAbsolutePath().normalize());
            reader.readAll();
            for (var dir : reader.dirModes.entrySet()) {   // deepest first
                Files.setPosixFilePermissions(dir.getKey(), permissions(dir.getValue()));
            }
        }
    }

    private void readAll() throws IOException {
        byte[] header = new byte[BLOCK];
        while (true) {
            if (!fill(header)) {
                return;   // end of stream without the two zero blocks: accepted, like GNU tar
            }
            if (allZero(header)) {
                return;
            }
            checkSum(header);
            entry(header);
        }
    }

    private void entry(byte[] h) throws IOException {
        char type = (char) h[156];
        long size = number(h, 124, 12);
        switch (type) {
            case 'L' -> longName = cString(meta(size));
            case 'K' -> longLink = cString(meta(size));
            case 'x' -> pax(meta(size));
            case 'g' -> skip(size);
            default -> member(h, type, size);
        }
    }

    private void member(byte[] h, char type, long size) throws IOException {
        String name = paxPath != null ? paxPath : longName != null ? longName : ustarName(h);
        String link = paxLink != null ? paxLink : longLink != null ? longLink : text(h, 157, 100);
        longName = longLink = paxPath = paxLink = null;
        String relative = safeName(name);
        int mode = (int) number(h, 100, 8) & 0777;
        long mtime = number(h, 136, 12);
        if (relative.isEmpty()) {
            skip(type == '0' || type == 0 ? size : 0);
            return;   // "./" itself
        }
        Path target = resolve(relative, name);
        switch (type) {
            case '0', 0, '7' -> {
                prepare(target);
                try (OutputStream out = Files.newOutputStream(target)) {
                    copy(size, out);
                }
                finish(target, mode, mtime);
            }
            case '5' -> {
                if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                    prepare(target);
                    Files.createDirectory(target);
                }
                Files.setPosixFilePermissions(target, permissions(mode | 0700));
                dirModes.put(target, mode);
            }
            case '2' -> {
                prepare(target);
                Files.createSymbolicLink(target, Path.of(link));
            }
            case '1' -> {
                Path source = resolve(safeName(link), link);
                if (!Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
                    throw new BadArchive(name + ": hard link to '" + link + "', which is not a file unpacked before it");
                }
                prepare(target);
                Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
            }
            default -> throw new BadArchive(name + ": unsupported entry type '" + type
                    + "' (only files, directories and links)");
        }
    }

    /** The relative path of an entry name, refusing anything that could leave the directory. */
    static String safeName(String name) throws BadArchive {
        if (name.startsWith("/")) {
            throw new BadArchive(name + ": absolute path in the archive");
        }
        StringBuilder out = new StringBuilder();
        for (String part : name.split("/")) {
            if (part.equals("..")) {
                throw new BadArchive(name + ": path with '..' in the archive");
            }
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.indexOf('\0') >= 0 || part.indexOf('\n') >= 0) {
                throw new BadArchive(name + ": control character in a path");
            }
            out.append(out.isEmpty() ? "" : "/").append(part);
        }
        return out.toString();
    }

    /** The path under the top, after checking that no directory on the way is a symbolic link. */
    private Path resolve(String relative, String name) throws BadArchive {
        Path target = top.resolve(relative).normalize();
        if (!target.startsWith(top)) {
            throw new BadArchive(name + ": path leaves the unpack directory");
        }
        for (Path p = target.getParent(); p != null && !p.equals(top); p = p.getParent()) {
            if (Files.isSymbolicLink(p)) {
                throw new BadArchive(name + ": path goes through the symbolic link " + top.relativize(p));
            }
        }
        return target;
    }

    /** Creates missing parents and removes a file or link already there (a later entry wins). */
    private static void prepare(Path target) throws IOException {
        Files.createDirectories(target.getParent());
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new BadArchive(target.getFileName() + ": a directory of that name was unpacked before");
        }
        Files.deleteIfExists(target);
    }

    private static void finish(Path file, int mode, long mtime) throws IOException {
        Files.setPosixFilePermissions(file, permissions(mode));
        Files.setLastModifiedTime(file, FileTime.from(mtime, java.util.concurrent.TimeUnit.SECONDS));
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = PosixFilePermission.values();   // OWNER_READ .. OTHERS_EXECUTE
        for (int i = 0; i < 9; i++) {
            if ((mode & (0400 >> i)) != 0) {
                set.add(bits[i]);
            }
        }
        return set;
    }

    /** Records "LEN key=value\n", LEN counting the record's bytes; muster reads path and linkpath. */
    private void pax(byte[] data) throws BadArchive {
        int at = 0;
        while (at < data.length && data[at] != 0) {
            int space = at;
            while (space < data.length && data[space] != ' ') {
                space++;
            }
            int length;
            try {
                length = Integer.parseInt(new String(data, at, space - at, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                throw new BadArchive("malformed pax header");
            }
            if (length <= space - at + 1 || at + length > data.length) {
                throw new BadArchive("malformed pax header");
            }
            String kv = new String(data, space + 1, at + length - space - 2, StandardCharsets.UTF_8);
            int eq = kv.indexOf('=');
            if (eq > 0 && kv.startsWith("path=")) {
                paxPath = kv.substring(eq + 1);
            } else if (eq > 0 && kv.startsWith("linkpath=")) {
                paxLink = kv.substring(eq + 1);
            }
            at += length;
        }
    }

    private static String ustarName(byte[] h) {
        String name = text(h, 0, 100);
        boolean ustar = h[257] == 'u' && h[258] == 's' && h[259] == 't' && h[260] == 'a' && h[261] == 'r';
        String prefix = ustar ? text(h, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static String text(byte[] h, int off, int len) {
        int end = off;
        while (end < off + len && h[end] != 0) {
            end++;
        }
        return new String(h, off, end - off, StandardCharsets.UTF_8);
    }

    private static String cString(byte[] data) {
        int end = 0;
        while (end < data.length && data[end] != 0) {
            end++;
        }
        return new String(data, 0, end, StandardCharsets.UTF_8);
    }

    /** An octal field, or GNU base-256 when its first byte has the high bit set. */
    static long number(byte[] h, int off, int len) throws BadArchive {
        if ((h[off] & 0x80) != 0) {
            long v = h[off] & 0x7f;
            for (int i = off + 1; i < off + len; i++) {
                v = (v << 8) | (h[i] & 0xff);
            }
            return v;
        }
        int i = off;
        while (i < off + len && h[i] == ' ') {
            i++;
        }
        long v = 0;
        for (; i < off + len && h[i] != 0 && h[i] != ' '; i++) {
            if (h[i] < '0' || h[i] > '7') {
                throw new BadArchive("not a tar archive (bad number in a header)");
            }
            v = (v << 3) + (h[i] - '0');
        }
        return v;
    }

    private static void checkSum(byte[] h) throws BadArchive {
        long want = number(h, 148, 8);
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : (h[i] & 0xff);
        }
        if (sum != want) {
            throw new BadArchive("not a tar archive (header checksum mismatch)");
        }
    }

    private byte[] meta(long size) throws IOException {
        if (size > MAX_META) {
            throw new BadArchive("extended header larger than 1 MiB");
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream((int) size);
        copy(size, out);
        return out.toByteArray();
    }

    private void copy(long size, OutputStream out) throws IOException {
        byte[] buf = new byte[1 << 16];
        long left = size;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new EOFException("the archive ends inside an entry");
            }
            out.write(buf, 0, n);
            left -= n;
        }
        in.skipNBytes(padding(size));
    }

    private void skip(long size) throws IOException {
        in.skipNBytes(size + padding(size));
    }

    private static long padding(long size) {
        long rem = size % BLOCK;
        return rem == 0 ? 0 : BLOCK - rem;
    }

    private boolean fill(byte[] block) throws IOException {
        int n = in.readNBytes(block, 0, BLOCK);
        if (n == 0) {
            return false;
        }
        if (n < BLOCK) {
            throw new EOFException("the archive ends inside a header");
        }
        return true;
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }
}
