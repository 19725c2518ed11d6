package dev.muster.cli.vault;

import dev.muster.cli.command.CommandGroup;
import picocli.CommandLine.Command;

/** {@code muster vault ...}: Ansible Vault without Ansible. */
@Command(name = "vault", mixinStandardHelpOptions = true,
        subcommands = {VaultEncryptStringCommand.class, VaultEncryptCommand.class, VaultDecryptCommand.class,
                VaultViewCommand.class, VaultEditCommand.class, VaultRekeyCommand.class},
        description = {"Encrypt and decrypt secrets with Ansible Vault (formats 1.1 and 1.2), compatible both ways "
                + "with ansible-vault.",
                "Passwords: --vault-password-file FILE, --vault-id LABEL@FILE|prompt, --ask-vault-pass, "
                        + "$MUSTER_VAULT_PASSWORD_FILE or $ANSIBLE_VAULT_PASSWORD_FILE."})
public final class VaultCommand extends CommandGroup {
}
