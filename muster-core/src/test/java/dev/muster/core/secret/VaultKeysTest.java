package dev.muster.core.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.muster.core.InputException;
import dev.muster.core.inventory.Where;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class VaultKeysTest {
    static final Where AT = new Where("inv.yml", 3, 14);

    @TempDir
    Path dir;

    private Path privateFile(String name, String content) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    private static VaultKeys keys(String... labelAndPassword) {
        List<VaultKeys.Key> keys = new java.util.ArrayList<>();
        for (int i = 0; i < labelAndPassword.length; i += 2) {
            keys.add(VaultKeys.key(labelAndPassword[i], "test " + labelAndPassword[i],
                    labelAndPassword[i + 1].getBytes(StandardCharsets.UTF_8)));
        }
        return new VaultKeys(keys);
    }

    @Test
    void theKeyLabelledWithThePayloadsVaultIdDecryptsAndAnyOtherMayToo() {
        VaultKeys keys = keys("dev", "nope", "prod", "correct horse");
        assertThat(keys.decryptText(VaultTest.ANSIBLE_1_2, AT, "db_password")).isEqualTo("pässwörd ✓");
        // as Ansible: a payload of vault id "default" is tried with every key
        assertThat(keys.decryptText(VaultTest.ANSIBLE_1_1, AT, "db_password")).isEqualTo("s3cr3t");
    }

    @Test
    void noPasswordWrongPasswordUnknownIdAndAlteredPayloadNameTheFileLineAndVaultId() {
        assertThatThrownBy(() -> VaultKeys.none().decrypt(VaultTest.ANSIBLE_1_2, AT, "db_password"))
                .isInstanceOf(InputException.class)
                .hasMessage("inv.yml:3:14: db_password is vault-encrypted (vault id 'prod') but no vault password was "
                        + "given: use --vault-password-file FILE, --vault-id prod@FILE, --ask-vault-pass, or set "
                        + "MUSTER_VAULT_PASSWORD_FILE");
        assertThatThrownBy(() -> keys("prod", "wrong").decrypt(VaultTest.ANSIBLE_1_2, AT, "db_password"))
                .hasMessageStartingWith("inv.yml:3:14: cannot decrypt db_password (vault id 'prod'): wrong password "
                        + "from test prod");
        assertThatThrownBy(() -> keys("dev", "wrong").decrypt(VaultTest.ANSIBLE_1_2, AT, "db_password"))
                .hasMessageContaining("inv.yml:3:14: cannot decrypt db_password (vault id 'prod'): no vault password "
                        + "is given for vault id 'prod' (given: dev)");
        String altered = VaultTest.ANSIBLE_1_2.replace("\n3838", "\n3839");
        assertThatThrownBy(() -> keys("prod", "correct horse").decrypt(altered, AT, "db_password"))
                .hasMessageContaining("vault id 'prod'").hasMessageContaining("HMAC does not match");
        assertThatThrownBy(() -> keys("prod", "x").decrypt("$ANSIBLE_VAULT;1.2;AES256;prod\n61g2\n", AT, "db_password"))
                .hasMessageStartingWith("inv.yml:3:14: db_password (vault id 'prod'): corrupted vault payload");
    }

    @Test
    void aPasswordFileIsReadOnlyWhenNeededAndStrippedAsAnsibleStripsIt() throws Exception {
        Path pw = privateFile("pw", "  correct horse \n\n");
        VaultKeys keys = VaultIds.keys(List.of(), List.of(pw), false, Map.of(), null);
        Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-------"));
        assertThat(keys.decryptText(VaultTest.ANSIBLE_1_1, AT, "x")).isEqualTo("s3cr3t");
        Files.delete(pw);    // read once, then kept in memory for the command
        assertThat(keys.decryptText(VaultTest.ANSIBLE_1_2, AT, "x")).isEqualTo("pässwörd ✓");
    }

    @Test
    void aPasswordFileOthersMayReadIsRefusedAsOpenSshRefusesSuchKeys() throws Exception {
        Path pw = privateFile("pw", "correct horse");
        Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-r-----"));
        VaultKeys keys = VaultIds.keys(List.of("prod@" + pw), List.of(), false, Map.of(), null);
        assertThatThrownBy(() -> keys.decrypt(VaultTest.ANSIBLE_1_2, AT, "db_password"))
                .isInstanceOf(InputException.class)
                .hasMessage("inv.yml:3:14: cannot decrypt db_password (vault id 'prod'): the vault password file " + pw
                        + " is refused: it is readable or writable by group or others (mode 0640); make it private: "
                        + "chmod 600 " + pw);
    }

    @Test
    void anExecutablePrintsThePasswordAndAClientScriptIsToldTheVaultId() throws Exception {
        Path script = dir.resolve("vault-pass-client.sh");
        Files.writeString(script, "#!/bin/sh\n[ \"$1\" = --vault-id ] && [ \"$2\" = prod ] && printf 'correct horse\\r\\n'\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        VaultKeys keys = VaultIds.keys(List.of("prod@" + script), List.of(), false, Map.of(), null);
        assertThat(keys.decryptText(VaultTest.ANSIBLE_1_2, AT, "x")).isEqualTo("pässwörd ✓");
        Path failing = dir.resolve("fail.sh");
        Files.writeString(failing, "#!/bin/sh\nexit 3\n");
        Files.setPosixFilePermissions(failing, PosixFilePermissions.fromString("rwx------"));
        assertThatThrownBy(() -> VaultIds.keys(List.of(failing.toString()), List.of(), false, Map.of(), null)
                .decrypt(VaultTest.ANSIBLE_1_1, AT, "x")).hasMessageContaining("exited with code 3");
        Files.setPosixFilePermissions(failing, PosixFilePermissions.fromString("rwxrwxr-x"));
        assertThatThrownBy(() -> VaultIds.keys(List.of(failing.toString()), List.of(), false, Map.of(), null)
                .decrypt(VaultTest.ANSIBLE_1_1, AT, "x")).hasMessageContaining("writable by group or others");
    }

    @Test
    void theEnvironmentNamesThePasswordFileOnlyWhenTheCommandLineGivesNone() throws Exception {
        Path good = privateFile("good", "correct horse");
        Path bad = privateFile("bad", "wrong");
        Map<String, String> env = Map.of("MUSTER_VAULT_PASSWORD_FILE", good.toString(),
                "ANSIBLE_VAULT_PASSWORD_FILE", bad.toString());
        assertThat(VaultIds.keys(List.of(), List.of(), false, env, null).labels()).containsExactly("default");
        assertThat(VaultIds.keys(List.of(), List.of(), false, env, null).decryptText(VaultTest.ANSIBLE_1_1, AT, "x"))
                .isEqualTo("s3cr3t");
        assertThat(VaultIds.keys(List.of(), List.of(), false, Map.of("ANSIBLE_VAULT_PASSWORD_FILE", good.toString()),
                null).decryptText(VaultTest.ANSIBLE_1_1, AT, "x")).isEqualTo("s3cr3t");
        assertThatThrownBy(() -> VaultIds.keys(List.of(), List.of(bad), false, env, null)
                .decrypt(VaultTest.ANSIBLE_1_1, AT, "x")).hasMessageContaining("wrong password");
        VaultKeys listed = VaultIds.keys(List.of("dev@" + bad), List.of(), false,
                Map.of("ANSIBLE_VAULT_IDENTITY_LIST", "prod@" + good), null);
        assertThat(listed.labels()).containsExactly("prod", "dev");
    }

    @Test
    void aPromptIsAskedOnceAndNoTerminalIsAClearError() {
        AtomicInteger asked = new AtomicInteger();
        VaultKeys keys = VaultIds.keys(List.of("prod@prompt"), List.of(), false, Map.of(), prompt -> {
            asked.incrementAndGet();
            assertThat(prompt).isEqualTo("Vault password (prod): ");
            return " correct horse ".toCharArray();
        });
        assertThat(keys.decryptText(VaultTest.ANSIBLE_1_2, AT, "x")).isEqualTo("pässwörd ✓");
        assertThat(keys.decryptText(VaultTest.ANSIBLE_1_1, AT, "x")).isEqualTo("s3cr3t");
        assertThat(asked).hasValue(1);
        assertThatThrownBy(() -> VaultIds.keys(List.of(), List.of(), true, Map.of(), p -> null)
                .decrypt(VaultTest.ANSIBLE_1_1, AT, "x")).hasMessageContaining("there is no terminal");
    }

    @Test
    void encryptingNeedsOneKeyOrTheVaultIdToUse() {
        assertThatThrownBy(() -> keys("a", "1", "b", "2").encrypt(new byte[] {1}, null))
                .hasMessageContaining("--encrypt-vault-id");
        assertThatThrownBy(() -> keys("a", "1").encrypt(new byte[] {1}, "c"))
                .hasMessageContaining("--encrypt-vault-id c names none of the vault ids given (a)");
        VaultEnvelope sealed = keys("a", "1", "b", "2").encrypt(new byte[] {1}, "b");
        assertThat(sealed.vaultId()).isEqualTo("b");
        assertThat(keys("b", "2").decrypt(sealed.format(), AT, "x")).containsExactly(1);
    }

    @Test
    void systemdCredentialsGiveThePasswordsOfTheirVaultIds() throws Exception {
        Path credentials = java.nio.file.Files.createDirectory(dir.resolve("credentials"));
        Path prod = credentials.resolve("vault-password.prod");
        Files.writeString(prod, "correct horse\n");
        Files.setPosixFilePermissions(prod, PosixFilePermissions.fromString("r--------"));
        Files.writeString(credentials.resolve("other-credential"), "x");
        VaultKeys keys = VaultIds.keys(List.of(), List.of(), false,
                Map.of("CREDENTIALS_DIRECTORY", credentials.toString()), null);
        assertThat(keys.labels()).containsExactly("prod");
        assertThat(keys.decryptText(VaultTest.ANSIBLE_1_2, AT, "x")).isEqualTo("pässwörd ✓");
        Path fallback = credentials.resolve("vault-password");
        Files.writeString(fallback, "correct horse");
        Files.setPosixFilePermissions(fallback, PosixFilePermissions.fromString("rw-r--r--"));
        VaultKeys both = VaultIds.keys(List.of(), List.of(), false, Map.of("CREDENTIALS_DIRECTORY", credentials.toString()),
                null);
        assertThat(both.labels()).containsExactly("default", "prod");
        assertThatThrownBy(() -> both.decrypt(VaultTest.ANSIBLE_1_1, AT, "x"))
                .hasMessageContaining("the vault password file " + fallback + " is refused");
    }

    @Test
    void anEmptyPasswordFileIsRefused() throws Exception {
        Path empty = privateFile("empty", " \n");
        assertThatThrownBy(() -> VaultIds.keys(List.of(), List.of(empty), false, Map.of(), null)
                .decrypt(VaultTest.ANSIBLE_1_1, AT, "x")).hasMessageContaining("is empty");
    }
}
