package dev.muster.core.inventory;

import dev.muster.core.InputException;
import dev.muster.core.RunException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Ansible's {@code group_vars/} and {@code host_vars/} directories, found as Ansible finds them:
 * for a group or host NAME, {@code group_vars/NAME} (a file, or a directory read recursively:
 * files in name order, no hidden files, no backups ending in {@code ~}, only names without an
 * extension or ending in .yml, .yaml or .json), else the first of {@code NAME.yml},
 * {@code NAME.yaml}, {@code NAME.json}. Each file is a YAML (or JSON) mapping of variables;
 * later files replace earlier keys. Names that are no group or host of the inventory are left alone.
 */
final class VarsDirs {
    private static final List<String> EXTENSIONS = List.of(".yml", ".yaml", ".json");

    private VarsDirs() {
    }

    /**
     * Loads the directories beside each inventory file (in order: a later directory wins), then
     * those of {@code playDir} (--vars-dir), into the draft's layers.
     */
    static void load(Draft draft, List<Path> inventoryDirs, Path playDir) {
        Set<String> groupNames = new LinkedHashSet<>(List.of(Inventory.ALL, Inventory.UNGROUPED));
        groupNames.addAll(draft.groups.keySet());
        for (Path dir : new LinkedHashSet<>(inventoryDirs)) {
            read(dir.resolve("group_vars"), groupNames, draft, draft.inventoryGroupFiles);
            read(dir.resolve("host_vars"), draft.hosts.keySet(), draft, draft.inventoryHostFiles);
        }
        if (playDir != null) {
            if (!Files.isDirectory(playDir)) {
                throw new RunException("no vars directory: " + playDir + " is not a directory");
            }
            read(playDir.resolve("group_vars"), groupNames, draft, draft.playGroupFiles);
            read(playDir.resolve("host_vars"), draft.hosts.keySet(), draft, draft.playHostFiles);
        }
    }

    private static void read(Path dir, Set<String> names, Draft draft, Map<String, Map<String, Object>> into) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        Map<String, List<String>> candidates = new HashMap<>();
        for (Path entry : list(dir)) {
            String file = entry.getFileName().toString();
            String name = file;
            for (String ext : EXTENSIONS) {
                if (file.endsWith(ext)) {
                    name = file.substring(0, file.length() - ext.length());
                }
            }
            candidates.computeIfAbsent(name, k -> new ArrayList<>()).add(file);
        }
        for (Map.Entry<String, List<String>> candidate : candidates.entrySet()) {
            if (!names.contains(candidate.getKey())) {
                continue;
            }
            Path chosen = choose(dir, candidate.getKey(), candidate.getValue());
            List<Path> files = Files.isDirectory(chosen) ? walk(chosen) : List.of(chosen);
            Map<String, Object> vars = into.computeIfAbsent(candidate.getKey(), k -> new LinkedHashMap<>());
            for (Path file : files) {
                vars.putAll(readFile(file, draft));
            }
        }
    }

    /** NAME itself (file or directory) first, then NAME.yml, .yaml, .json. */
    private static Path choose(Path dir, String name, List<String> files) {
        if (files.contains(name)) {
            return dir.resolve(name);
        }
        for (String ext : EXTENSIONS) {
            if (files.contains(name + ext)) {
                return dir.resolve(name + ext);
            }
        }
        throw new IllegalStateException("no file for " + name);
    }

    /** A directory's vars files, depth first, entries in name order. */
    private static List<Path> walk(Path dir) {
        List<Path> out = new ArrayList<>();
        for (Path entry : list(dir)) {
            String name = entry.getFileName().toString();
            if (name.startsWith(".") || name.endsWith("~")) {
                continue;
            }
            String ext = extension(name);
            if (Files.isDirectory(entry) && ext.isEmpty()) {
                out.addAll(walk(entry));
            } else if (Files.isRegularFile(entry) && (ext.isEmpty() || EXTENSIONS.contains(ext))) {
                out.add(entry);
            }
        }
        return out;
    }

    /** As Python's os.path.splitext: the last dot not leading the name. */
    private static String extension(String name) {
        int lead = 0;
        while (lead < name.length() && name.charAt(lead) == '.') {
            lead++;
        }
        int dot = name.lastIndexOf('.');
        return dot > lead ? name.substring(dot) : "";
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new RunException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> readFile(Path file, Draft draft) {
        String text;
        try {
            text = Files.readString(file);
        } catch (CharacterCodingException e) {
            throw InputException.in(file, "not a text file (expected UTF-8)", e);
        } catch (IOException e) {
            throw new RunException("cannot read " + file + ": " + e.getMessage(), e);
        }
        // a vars file may be vault-encrypted as a whole (ansible-vault encrypt group_vars/all/vault.yml):
        // decrypted here, and every string value in it is then secret
        boolean encrypted = dev.muster.core.secret.VaultFiles.isVault(text);
        text = dev.muster.core.secret.VaultFiles.text(file.toString(), text, draft.secrets.keys());
        YamlNode root = YamlTree.read(file.toString(), text);
        if (root == null) {
            return Map.of();
        }
        Path baseDir = draft.baseDir;
        draft.baseDir = file.toAbsolutePath().getParent();
        draft.encryptedFile = encrypted;
        try {
            Map<String, Object> vars = YamlValues.vars(root, "a vars file", draft);
            YamlNode.Mapping mapping = YamlValues.mapping(root, "a vars file");
            vars.forEach((key, value) -> AnsibleVars.check(key, value, mapping.entries().get(key).value().where()));
            return vars;
        } finally {
            draft.encryptedFile = false;
            draft.baseDir = baseDir;
        }
    }
}
