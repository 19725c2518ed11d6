package dev.muster.core.secret;

import dev.muster.core.inventory.Where;
import java.nio.file.Path;

/**
 * Where a secret's value comes from. Never the value itself (except {@link Clear}, for tests and
 * tools), so a source can be shown, stored and compared without revealing anything.
 */
public sealed interface SecretSource {
    /** Where the secret was written, for errors. */
    Where where();

    /** Identifies the value within one command: two secrets with the same key share one resolution. */
    String key();

    /** What to call the source in a message, e.g. {@code command `pass show db`}. */
    String describe();

    /** An Ansible Vault payload ({@code !vault |} in YAML). */
    record VaultText(String text, Where where) implements SecretSource {
        @Override
        public String key() {
            return "vault:" + text.replaceAll("\\s+", "");
        }

        @Override
        public String describe() {
            return "the vault-encrypted value";
        }
    }

    /** {@code {secret: {env: NAME}}}: a variable of muster's environment. */
    record Env(String name, Where where) implements SecretSource {
        @Override
        public String key() {
            return "env:" + name;
        }

        @Override
        public String describe() {
            return "environment variable " + name;
        }
    }

    /** {@code {secret: {file: PATH}}}: a private file on the controller (relative to the file naming it). */
    record File(Path path, Where where) implements SecretSource {
        @Override
        public String key() {
            return "file:" + path.toAbsolutePath().normalize();
        }

        @Override
        public String describe() {
            return "secret file " + path;
        }
    }

    /** {@code {secret: {command: "pass show db/prod"}}}: what a command on the controller prints. */
    record Command(String command, Where where) implements SecretSource {
        @Override
        public String key() {
            return "command:" + command;
        }

        @Override
        public String describe() {
            return "command `" + command + "`";
        }
    }
}
