package dev.muster.core.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class VaultTest {
    /** Written by ansible-vault 2.14 (encrypt_string, password "correct horse"). */
    static final String ANSIBLE_1_1 = """
            $ANSIBLE_VAULT;1.1;AES256
            61346230626437356132353263306339663965326263666239623263656538393037376133313735
            6133306338323533636132396134393861666434326662310a633039616230353566656265663563
            39376664306632393334353264613931653366363131306366653235303136663731353232666634
            3862333662653937660a613434656539346466363534646332373862353462623135316331666162
            3534
            """;
    static final String ANSIBLE_1_2 = """
            $ANSIBLE_VAULT;1.2;AES256;prod
            34373963656562323339666163386537323136346433393464643664383832363966656331336665
            3839616431343732643236386235666633656631346362650a353531306232646661316537306631
            61343866326331663961336263383538326161666433626564316365336165323831643662373531
            6531333334333834630a386632343533393337663935666562633231396165663830343531373134
            3838
            """;
    static final byte[] PASSWORD = "correct horse".getBytes(StandardCharsets.UTF_8);

    @Test
    void decryptsWhatAnsibleVaultWroteInBothFormats() {
        VaultEnvelope v11 = VaultEnvelope.parse(ANSIBLE_1_1);
        assertThat(v11.version()).isEqualTo("1.1");
        assertThat(v11.vaultId()).isEqualTo("default");
        assertThat(new String(Vault.decrypt(v11, PASSWORD).orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("s3cr3t");
        VaultEnvelope v12 = VaultEnvelope.parse(ANSIBLE_1_2);
        assertThat(v12.vaultId()).isEqualTo("prod");
        assertThat(new String(Vault.decrypt(v12, PASSWORD).orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("pässwörd ✓");
    }

    @Test
    void theEnvelopeReadsTheSameWhenIndentedAsAfterAVaultTag() {
        String indented = ANSIBLE_1_1.lines().map(l -> "          " + l).reduce("", (a, b) -> a + b + "\n");
        assertThat(Vault.decrypt(VaultEnvelope.parse(indented), PASSWORD)).isPresent();
    }

    @Test
    void formatIsWhatItParsedInLinesOfEighty() {
        VaultEnvelope envelope = VaultEnvelope.parse(ANSIBLE_1_2);
        assertThat(envelope.format()).isEqualTo(ANSIBLE_1_2);
        assertThat(VaultEnvelope.parse(ANSIBLE_1_1).format()).isEqualTo(ANSIBLE_1_1);
    }

    @Test
    void aWrongPasswordOrAnAlteredPayloadFailsTheHmac() {
        assertThat(Vault.decrypt(VaultEnvelope.parse(ANSIBLE_1_1), "correct horsf".getBytes(StandardCharsets.UTF_8)))
                .isEmpty();
        VaultEnvelope good = VaultEnvelope.parse(ANSIBLE_1_1);
        byte[] ciphertext = good.ciphertext().clone();
        ciphertext[0] ^= 1;
        VaultEnvelope altered = new VaultEnvelope(good.version(), good.vaultId(), good.salt(), good.hmac(), ciphertext);
        assertThat(Vault.decrypt(VaultEnvelope.parse(altered.format()), PASSWORD)).isEmpty();
    }

    @Test
    void roundTripsGeneratedValuesAndPasswords() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        for (int i = 0; i < 20; i++) {
            byte[] plain = new byte[random.nextInt(i == 0 ? 1 : 300)];
            random.nextBytes(plain);
            byte[] password = new byte[1 + random.nextInt(64)];
            random.nextBytes(password);
            String id = random.nextBoolean() ? "default" : "id" + random.nextInt(5);
            VaultEnvelope sealed = VaultEnvelope.parse(Vault.encrypt(plain, password, id).format());
            assertThat(sealed.vaultId()).as("seed %d", seed).isEqualTo(id);
            assertThat(sealed.version()).as("seed %d", seed).isEqualTo(id.equals("default") ? "1.1" : "1.2");
            assertThat(Vault.decrypt(sealed, password)).as("seed %d", seed).hasValueSatisfying(
                    p -> assertThat(p).isEqualTo(plain));
        }
    }

    @Test
    void keyDerivationIsPbkdf2HmacSha256AsTheJdkComputesIt() throws Exception {
        byte[] salt = HexFormat.of().parseHex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
        for (String password : new String[] {"pw", "correct horse", "pässwörd ✓ 秘密"}) {
            SecretKeyFactory f = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
            byte[] expected = f.generateSecret(new PBEKeySpec(password.toCharArray(), salt, 10_000, 80 * 8)).getEncoded();
            assertThat(Vault.derive(password.getBytes(StandardCharsets.UTF_8), salt)).isEqualTo(expected);
        }
    }

    @Test
    void malformedPayloadsSayWhatIsWrongAndKeepTheVaultId() {
        assertThatThrownBy(() -> VaultEnvelope.parse("$ANSIBLE_VAULT;1.2;AES256;prod\nzz\n"))
                .isInstanceOf(VaultFormatException.class).hasMessageContaining("not hexadecimal")
                .satisfies(e -> assertThat(((VaultFormatException) e).vaultId()).isEqualTo("prod"));
        assertThatThrownBy(() -> VaultEnvelope.parse("$ANSIBLE_VAULT;1.1;AES256\nabc\n"))
                .hasMessageContaining("odd number of hex digits");
        assertThatThrownBy(() -> VaultEnvelope.parse("$ANSIBLE_VAULT;1.3;AES256\n6162\n"))
                .hasMessageContaining("unsupported vault format version 1.3");
        assertThatThrownBy(() -> VaultEnvelope.parse("$ANSIBLE_VAULT;1.1;AES128\n6162\n"))
                .hasMessageContaining("unsupported vault cipher AES128");
        String truncated = ANSIBLE_1_1.substring(0, ANSIBLE_1_1.length() - 10) + "\n";
        assertThatThrownBy(() -> VaultEnvelope.parse(truncated)).hasMessageContaining("corrupted vault payload");
        assertThatThrownBy(() -> VaultEnvelope.parse("hello")).hasMessageContaining("not an Ansible Vault header");
    }

    @Test
    void anEmptyPasswordIsRefusedAsAnsibleRefusesIt() {
        assertThatThrownBy(() -> Vault.encrypt(new byte[] {1}, new byte[0], null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
