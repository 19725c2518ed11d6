import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Copies a jar without the native libraries of other platforms (dist/build.sh, for the
 * linux-x64 archive): sqlite-jdbc, zstd, lz4, snappy and jline ship theirs for every OS and CPU,
 * about 25 MB of a 61 MB jar. Keeps every other entry, in order, with its time.
 * Usage: java StripNatives.java IN.jar OUT.jar
 */
public class StripNatives {
    private static final Pattern NATIVE = Pattern.compile(".*\\.(so|dll|dylib|jnilib)$");
    private static final Pattern KEEP = Pattern.compile("(?i).*linux[^/]*/(x86_64|amd64)/[^/]+$");

    public static void main(String[] args) throws IOException {
        int dropped = 0;
        try (ZipFile in = new ZipFile(args[0]);
                OutputStream file = Files.newOutputStream(Path.of(args[1]));
                ZipOutputStream out = new ZipOutputStream(file)) {
            for (Enumeration<? extends ZipEntry> e = in.entries(); e.hasMoreElements();) {
                ZipEntry entry = e.nextElement();
                String name = entry.getName();
                if (NATIVE.matcher(name.toLowerCase(Locale.ROOT)).matches() && !KEEP.matcher(name).matches()) {
                    dropped++;
                    continue;
                }
                ZipEntry copy = new ZipEntry(name);
                copy.setTime(entry.getTime());
                out.putNextEntry(copy);
                try (InputStream data = in.getInputStream(entry)) {
                    data.transferTo(out);
                }
                out.closeEntry();
            }
        }
        System.out.println("StripNatives: left out " + dropped + " native libraries of other platforms");
    }
}
