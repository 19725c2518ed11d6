package dev.muster.core.relay;

import dev.muster.core.inventory.Where;

/**
 * One entry of an inventory's {@code relays:} section: the hosts a selector names are reached
 * through the relay host {@code relay}, whose ssh client logs in to them with {@code identityFile}
 * (a path on the relay; null for the relay user's own default keys).
 */
public record RelayRule(String relay, String selector, String identityFile, Where where) {
}
