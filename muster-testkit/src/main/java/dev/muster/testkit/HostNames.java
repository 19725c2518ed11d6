package dev.muster.testkit;

/** Names for a fleet's numbered hosts: web01..web20 (folding them is core's HostSet's job). */
final class HostNames {
    private HostNames() {
    }

    /** Zero-padded number: pad(3, 20) is "03". */
    static String pad(int number, int count) {
        int width = Math.max(2, String.valueOf(count).length());
        return String.format("%0" + width + "d", number);
    }
}
