package dev.muster.files.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The facts parser on captured output, and on hosts that lack os-release, ip and friends. */
class FactsTest {

    private static String fixture(String name) throws Exception {
        try (InputStream in = FactsTest.class.getResourceAsStream("/facts/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void parsesOutputCapturedOnDebian12() throws Exception {
        Facts facts = Facts.parse(fixture("debian12-captured.txt"));
        assertThat(facts.hostname()).isEqualTo("vm");
        assertThat(facts.kernel()).isEqualTo("6.18.44-fc-v595");
        assertThat(facts.cpus()).isEqualTo(2);
        assertThat(facts.memoryKib()).isEqualTo(24684096L);
        assertThat(facts.address()).isEqualTo("192.0.2.2");
        assertThat(facts.osRelease()).containsEntry("ID", "debian").containsEntry("VERSION_ID", "12")
                .containsEntry("PRETTY_NAME", "Debian GNU/Linux 12 (bookworm)");
        Map<String, Object> map = facts.toMap();
        assertThat(map).containsEntry("memory_mb", 24105L).containsEntry("cpus", 2);
        @SuppressWarnings("unchecked")
        Map<String, Object> os = (Map<String, Object>) map.get("os");
        assertThat(os).containsEntry("id", "debian").containsEntry("version_codename", "bookworm");
    }

    @Test
    void missingSectionsLeaveFactsEmptyInsteadOfFailing() throws Exception {
        Facts facts = Facts.parse(fixture("minimal-handwritten.txt"));
        assertThat(facts.hostname()).isEqualTo("box");
        assertThat(facts.cpus()).isZero();
        assertThat(facts.memoryKib()).isEqualTo(502116L);
        assertThat(facts.address()).isEmpty();
        assertThat(facts.osRelease()).isEmpty();
        @SuppressWarnings("unchecked")
        Map<String, Object> os = (Map<String, Object>) facts.toMap().get("os");
        assertThat(os).containsEntry("id", "").containsEntry("version_id", "").containsEntry("pretty_name", "");
    }

    @Test
    void garbageOrNothingGivesEmptyFacts() {
        Facts facts = Facts.parse("sh: 1: syntax error\n");
        assertThat(facts.hostname()).isEmpty();
        assertThat(facts.kernel()).isEmpty();
        assertThat(Facts.parse("").toMap()).containsKeys("hostname", "os", "kernel", "cpus", "memory_mb", "address");
    }

    @Test
    void addressFallsBackToTheFirstOfHostnameDashI() {
        Facts facts = Facts.parse("::route::\n::addresses::\n10.1.2.3 172.17.0.1 \n");
        assertThat(facts.address()).isEqualTo("10.1.2.3");
    }

    @Test
    void osReleaseValuesAreUnquotedAsTheShellWould() {
        Facts facts = Facts.parse("::os-release::\n# comment\nNAME='Alpine Linux'\nPRETTY_NAME=\"say \\\"hi\\\" \\$x\"\n"
                + "ID=alpine\nbroken line\n");
        assertThat(facts.osRelease()).containsEntry("NAME", "Alpine Linux").containsEntry("PRETTY_NAME", "say \"hi\" $x")
                .containsEntry("ID", "alpine").hasSize(3);
    }
}
