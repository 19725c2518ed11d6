import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassFileVersion;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Build step, run by the JDK's source launcher after the shaded jar is packaged (JDK 24+):
 * rewrites the jar's pre-Java-6 class files (picocli's and a few others, compiled for Java 5) as
 * Java 8 class files with stack map frames, the code otherwise unchanged.
 *
 * <p>Why: the JDK's AOT cache and CDS archives skip every class that needs the old type-inferring
 * verifier, so each command loaded, parsed and verified ~180 picocli classes from the jar, about
 * 50 ms of every start-up here. A class whose rewrite does not pass the ClassFile API's verifier
 * keeps its original bytes.
 *
 * <p>Usage: {@code java UpgradeClassFiles.java JAR} (rewrites JAR in place).
 */
public final class UpgradeClassFiles {
    /** Class files older than this need the old verifier (JVMS 4.10). */
    static final int FIRST_WITH_STACK_MAPS = 50;
    static final int TARGET_MAJOR = 52;

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: java UpgradeClassFiles.java JAR");
            System.exit(2);
        }
        Path jar = Path.of(args[0]);
        Path tmp = jar.resolveSibling(jar.getFileName() + ".upgrading");
        List<String> kept = new ArrayList<>();
        int upgraded;
        try (URLClassLoader classes = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            ClassFile cf = ClassFile.of(ClassFile.StackMapsOption.GENERATE_STACK_MAPS,
                    ClassFile.ClassHierarchyResolverOption.of(ClassHierarchyResolver.defaultResolver()
                            .orElse(ClassHierarchyResolver.ofResourceParsing(classes)).cached()));
            upgraded = copy(jar, tmp, cf, kept);
        }
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING);
        if (!kept.isEmpty()) { // the build goes on: these classes still work, only start-up pays
            System.err.println("[WARNING] upgraded " + upgraded + " old class files in " + jar.getFileName()
                    + "; kept as they were (their rewrite did not verify): " + kept);
        }
    }

    /** Copies every entry, in order, upgrading old class files; returns how many were upgraded. */
    private static int copy(Path from, Path to, ClassFile cf, List<String> kept) throws IOException {
        int upgraded = 0;
        try (InputStream raw = Files.newInputStream(from); ZipInputStream in = new ZipInputStream(raw);
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(to))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                byte[] data = in.readAllBytes();
                int major = e.getName().endsWith(".class") ? major(data) : -1;
                if (major > 0 && major < FIRST_WITH_STACK_MAPS) {
                    byte[] newer = upgrade(cf, data);
                    if (newer == null) {
                        kept.add(e.getName());
                    } else {
                        data = newer;
                        upgraded++;
                    }
                }
                ZipEntry copy = new ZipEntry(e.getName());
                copy.setTime(e.getTime());
                out.putNextEntry(copy);
                out.write(data);
                out.closeEntry();
            }
        }
        return upgraded;
    }

    /** The class re-emitted at {@link #TARGET_MAJOR} with stack maps, or null if that fails to verify. */
    static byte[] upgrade(ClassFile cf, byte[] old) {
        try {
            byte[] newer = cf.transformClass(cf.parse(old),
                    ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL).andThen((b, el) -> {
                        if (el instanceof ClassFileVersion) {
                            b.withVersion(TARGET_MAJOR, 0);
                        } else {
                            b.with(el);
                        }
                    }));
            return cf.verify(newer).isEmpty() ? newer : null;
        } catch (IllegalArgumentException | IllegalStateException cannotRewrite) {
            return null; // e.g. jsr/ret subroutines, which stack maps cannot describe
        }
    }

    /** The class file's major version, or -1 if {@code data} is not a class file. */
    static int major(byte[] data) {
        if (data.length < 8 || (data[0] & 0xff) != 0xca || (data[1] & 0xff) != 0xfe
                || (data[2] & 0xff) != 0xba || (data[3] & 0xff) != 0xbe) {
            return -1;
        }
        return (data[6] & 0xff) << 8 | (data[7] & 0xff);
    }
}
