package dev.muster.server.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReportRenderingTest {
    private static final String HOSTILE = "<script>alert('x')</script> & \"quoted\"";

    @Test
    void hostOutputIsEscapedInTheHtmlPage() {
        Report r = Reports.of("r1", List.of(new HostResult("web<1>", List.of(new CheckResult("log app.log",
                CheckStatus.FAIL, HOSTILE, HOSTILE)))), new Changes("r0", List.of(new Change("web<1>", "log app.log",
                CheckStatus.PASS, CheckStatus.FAIL, HOSTILE)), List.of(), List.of()));

        String html = ReportHtml.render(r);

        assertThat(html).doesNotContain("<script>").doesNotContain("web<1>")
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;")
                .contains("web&lt;1&gt;").contains("New failures (1)").contains("class=\"badge fail\"")
                .doesNotContain("<link").doesNotContain("src=");
    }

    @Test
    void theFirstReportSaysSoAndCountsHosts() {
        Report r = Reports.of("r1", List.of(new HostResult("web1", List.of(new CheckResult("s", CheckStatus.PASS,
                "active", "")))), Changes.none());
        assertThat(ReportHtml.render(r)).contains("first report of this inspection").contains("1 hosts")
                .contains("1 passing");
    }

    @Test
    void jsonHasTheDocumentedSchemaAndReadsBack() {
        Report r = Reports.withNewFailure("r1", "96% used");
        String json = ReportJson.write(r, false);
        assertThat(json).startsWith("{\"schema\":\"muster.report/1\",\"id\":\"r1\",\"inspection\":\"nightly\","
                        + "\"started_at\":\"2026-11-27T10:00:00Z\",\"finished_at\":\"2026-11-27T10:00:03Z\","
                        + "\"status\":\"fail\",\"summary\":{\"hosts\":2,\"checks\":{\"pass\":1,\"warn\":0,\"fail\":1},"
                        + "\"hosts_by_status\":{\"pass\":1,\"warn\":0,\"fail\":1}},\"hosts\":[{\"host\":\"web1\","
                        + "\"status\":\"fail\",\"checks\":[{\"check\":\"disk_used_percent /\",\"status\":\"fail\","
                        + "\"value\":\"96\",\"message\":\"96% used\"}]}")
                .contains("\"changes\":{\"previous_report\":\"r0\",\"new_failures\":[{\"host\":\"web1\","
                        + "\"check\":\"disk_used_percent /\",\"previous\":\"pass\",\"status\":\"fail\"");
        assertThat(ReportJson.read(json)).isEqualTo(r);
    }
}
