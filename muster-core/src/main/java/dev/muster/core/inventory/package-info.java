/**
 * The fleet as users describe it: {@link dev.muster.core.inventory.HostSet} (folded host
 * lists like {@code web[01-20]}), {@link dev.muster.core.inventory.InventoryLoader} (muster
 * YAML, Ansible INI/YAML, ssh_config), {@link dev.muster.core.inventory.Inventory} (resolved
 * hosts, groups, environments, secrets), {@link dev.muster.core.inventory.Selector} (which
 * hosts a command targets) and {@link dev.muster.core.inventory.SshConfig}.
 */
package dev.muster.core.inventory;
