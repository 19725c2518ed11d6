package dev.muster.core.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.muster.core.InputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SelectorTest {
    private final Inventory inventory = fleet();

    private static Inventory fleet() {
        List<Host> hosts = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            String name = HostRanges.pad(i, 2);
            hosts.add(host("web" + name, Map.of("role", "web", "dc", i <= 3 ? "fra1" : "ams1"), "prod"));
        }
        hosts.add(host("db1", Map.of("role", "db", "dc", "fra2"), "prod"));
        hosts.add(host("db2", Map.of("role", "db"), "dev"));
        hosts.add(host("bastion", Map.of(), null));
        return Inventory.of(hosts, Map.of(
                "web", HostSet.parse("web[01-05]"),
                "db", HostSet.parse("db[1-2]"),
                "frontend", HostSet.parse("web[01-02]")));
    }

    private static Host host(String name, Map<String, String> labels, String env) {
        return new Host(name, SshOptions.of(name, 0), labels, List.of(), env, Map.of());
    }

    private String select(String text) {
        return Selector.parse(text).evaluate(inventory).fold();
    }

    @Test
    void allSelectsEveryHost() {
        assertThat(select("all")).isEqualTo("bastion,db[1-2],web[01-05]");
    }

    @Test
    void bareWordMatchesHostOrGroup() {
        assertThat(select("db1")).isEqualTo("db1");
        assertThat(select("frontend")).isEqualTo("web[01-02]");
    }

    @Test
    void bareWordThatIsBothHostAndGroupMatchesBoth() {
        Inventory both = Inventory.of(List.of(host("db", Map.of(), null), host("db7", Map.of(), null)),
                Map.of("db", HostSet.of("db7")));
        assertThat(Selector.parse("db").evaluate(both).fold()).isEqualTo("db,db7");
    }

    @Test
    void globMatchesHostsAndGroups() {
        assertThat(select("web0?")).isEqualTo("web[01-05]");
        assertThat(select("front*")).isEqualTo("web[01-02]");
        assertThat(select("zz*")).isEmpty();
    }

    @Test
    void rangeExpandsToNames() {
        assertThat(select("web[02-03],db[1-2]")).isEqualTo("db[1-2],web[02-03]");
    }

    @Test
    void groupWithAt() {
        assertThat(select("@web")).isEqualTo("web[01-05]");
    }

    @Test
    void labelsWithGlobValuesAndNegation() {
        assertThat(select("dc=fra*")).isEqualTo("db1,web[01-03]");
        assertThat(select("role!=web")).isEqualTo("bastion,db[1-2]");
    }

    @Test
    void envIsALabel() {
        assertThat(select("env=prod")).isEqualTo("db1,web[01-05]");
        assertThat(select("env=dev")).isEqualTo("db2");
    }

    @Test
    void notBindsTighterThanAndWhichBindsTighterThanUnion() {
        assertThat(select("db1,@web&dc=ams1")).isEqualTo("db1,web[04-05]");
        assertThat(select("(db1,@web)&dc=ams1")).isEqualTo("web[04-05]");
        assertThat(select("@web&!dc=ams1")).isEqualTo("web[01-03]");
        assertThat(select("!!db1")).isEqualTo("db1");
    }

    @Test
    void negatedUnionItemsAreSubtractedAnsibleStyle() {
        assertThat(select("@web,!web03")).isEqualTo("web[01-02,04-05]");
        assertThat(select("!web03,@web,db1")).isEqualTo("db1,web[01-02,04-05]");
        assertThat(select("!@web,!db1")).isEqualTo("bastion,db2");
    }

    @Test
    void whitespaceAroundOperatorsIsAllowed() {
        assertThat(select(" @web & dc = fra1 , db1 ")).isEqualTo("db1,web[01-03]");
    }

    @Test
    void textIsKept() {
        assertThat(Selector.parse("@web&env=prod").text()).isEqualTo("@web&env=prod");
    }

    @Test
    void misplacedParenNamesColumn() {
        assertThatThrownBy(() -> Selector.parse("@web&(),db1"))
                .isInstanceOf(InputException.class)
                .hasMessage("selector:1:7: expected a host name, @group, label or '(' but found ')'");
    }

    @Test
    void unclosedParenNamesTheEnd() {
        assertThatThrownBy(() -> Selector.parse("(web01,db1"))
                .hasMessage("selector:1:11: expected ')' but found the end");
    }

    @Test
    void emptySelectorIsRejected() {
        assertThatThrownBy(() -> Selector.parse(""))
                .hasMessage("selector:1:1: expected a host name, @group, label or '(' but found the end");
    }

    @Test
    void danglingOperatorIsRejected() {
        assertThatThrownBy(() -> Selector.parse("web01&"))
                .hasMessage("selector:1:7: expected a host name, @group, label or '(' but found the end");
        assertThatThrownBy(() -> Selector.parse("role="))
                .hasMessage("selector:1:6: expected a label value after '=' but found the end");
    }

    @Test
    void trailingJunkIsRejected() {
        assertThatThrownBy(() -> Selector.parse("web01)"))
                .hasMessage("selector:1:6: expected ',', '&' or the end but found ')'");
    }

    @Test
    void badRangeInSelectorNamesColumnInSelector() {
        assertThatThrownBy(() -> Selector.parse("db1,web[3-1]"))
                .hasMessage("selector:1:9: range 3-1 ends before it starts");
    }

    @Test
    void unknownGroupSuggestsCloseNames() {
        assertThatThrownBy(() -> Selector.parse("db1,@wbe").evaluate(inventory))
                .hasMessage("selector:1:6: no group named 'wbe'; did you mean web?");
    }

    @Test
    void unknownBareWordIsRejected() {
        assertThatThrownBy(() -> Selector.parse("x").evaluate(inventory))
                .hasMessage("selector:1:1: no host or group named 'x'");
        assertThatThrownBy(() -> Selector.parse("web01,web07").evaluate(inventory))
                .hasMessageStartingWith("selector:1:7: no host or group named 'web07'; did you mean web01");
    }

    @Test
    void rangeWithMissingNamesIsRejected() {
        assertThatThrownBy(() -> Selector.parse("web[04-09]").evaluate(inventory))
                .hasMessage("selector:1:1: no host or group named web[06-09] (4 names of 'web[04-09]')");
    }

    @Test
    void inventorySelectReturnsHostsInNameOrder() {
        assertThat(inventory.select("db*,bastion")).extracting(Host::name).containsExactly("bastion", "db1", "db2");
    }

    @Test
    void ansibleColonListsIntersectionsAndExclusions() {
        Inventory inv = ansibleStyle();
        assertThat(Selector.parse("web:db").evaluate(inv).fold()).isEqualTo("db[1-2],web[01-04]");
        assertThat(Selector.parse("web:&prod").evaluate(inv).fold()).isEqualTo("web[01-02]");
        assertThat(Selector.parse("&prod:web").evaluate(inv).fold()).isEqualTo("web[01-02]");
        assertThat(Selector.parse("web:!web02").evaluate(inv).fold()).isEqualTo("web[01,03-04]");
        assertThat(Selector.parse("web,&prod,!web01").evaluate(inv).fold()).isEqualTo("web02");
    }

    @Test
    void ansibleSubscriptsAndRegexes() {
        Inventory inv = ansibleStyle();
        assertThat(Selector.parse("web[0]").evaluate(inv).fold()).isEqualTo("web01");
        assertThat(Selector.parse("web[-1]").evaluate(inv).fold()).isEqualTo("web04");
        assertThat(Selector.parse("web[1:2]").evaluate(inv).fold()).isEqualTo("web[02-03]");
        assertThat(Selector.parse("web[2:]").evaluate(inv).fold()).isEqualTo("web[03-04]");
        assertThat(Selector.parse("~web0[12]").evaluate(inv).fold()).isEqualTo("web[01-02]");
        assertThat(Selector.parse("web0[1]").evaluate(inv).fold()).isEqualTo("web01"); // muster's range: web01 exists
        assertThatThrownBy(() -> Selector.parse("web[7]").evaluate(inv))
                .hasMessage("selector:1:1: no host at index 7 of web (4 hosts: web[01-04])");
    }

    @Test
    void subscriptsCountAGroupInNameOrderWhereAnsibleCountsItInFileOrder() {
        Inventory inv = new InventoryLoader().loadText("hosts.ini", "[web]\nweb2\nweb1\nweb3\n");
        assertThat(Selector.parse("web[0]").evaluate(inv).fold()).isEqualTo("web1"); // ansible: web2
        assertThat(Selector.parse("web[0:1]").evaluate(inv).fold()).isEqualTo("web[1-2]"); // ansible: web2, web1
    }

    private static Inventory ansibleStyle() {
        return new InventoryLoader().loadText("hosts.ini", "[web]\nweb[01:04]\n[db]\ndb[1:2]\n[prod]\nweb0[1:2]\ndb1\n");
    }
}
