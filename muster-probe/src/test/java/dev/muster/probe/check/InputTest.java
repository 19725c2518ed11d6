package dev.muster.probe.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.muster.core.InputException;
import dev.muster.core.inventory.Host;
import dev.muster.core.inventory.SshOptions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Status sets, URL templates and header matches are checked before anything runs. */
class InputTest {
    private static final Host WEB = new Host("web01", SshOptions.of("10.0.0.7", 2222), Map.of("dc", "fra"),
            List.of("web"), "prod", Map.of("http_port", 8080));

    @Test
    void statusSetsTakeCodesClassesAndRanges() {
        StatusSet s = StatusSet.parse("200,204, 3xx,401-403");
        assertThat(s.contains(200)).isTrue();
        assertThat(s.contains(204)).isTrue();
        assertThat(s.contains(301)).isTrue();
        assertThat(s.contains(402)).isTrue();
        assertThat(s.contains(201)).isFalse();
        assertThat(s.contains(404)).isFalse();
    }

    @Test
    void badStatusSpecsSayWhatWasExpected() {
        assertThatThrownBy(() -> StatusSet.parse("200,ok")).isInstanceOf(InputException.class)
                .hasMessage("--expect: 'ok' is not an HTTP status: expected e.g. 200, 200,204, 2xx or 200-299 "
                        + "(statuses 100-599)");
        assertThatThrownBy(() -> StatusSet.parse("700")).hasMessageContaining("100-599, found 700");
        assertThatThrownBy(() -> StatusSet.parse("7xx")).isInstanceOf(InputException.class);
    }

    @Test
    void templatesFillHostFieldsLabelsAndVariables() {
        UrlTemplate t = UrlTemplate.parse("http://{address}:{http_port}/h?n={name}&p={port}&e={env}&dc={label.dc}",
                "--http");
        assertThat(t.render(WEB)).isEqualTo("http://10.0.0.7:8080/h?n=web01&p=2222&e=prod&dc=fra");
        assertThat(t.renderUrl(WEB).getHost()).isEqualTo("10.0.0.7");
    }

    @Test
    void unknownFieldsAndBadBracesAreBadInput() {
        assertThatThrownBy(() -> UrlTemplate.parse("http://{address:80/", "--http"))
                .hasMessage("--http:1:8: '{' is not closed in 'http://{address:80/'");
        assertThatThrownBy(() -> UrlTemplate.parse("http://x}/", "--http")).hasMessageContaining("without a matching");
        assertThatThrownBy(() -> UrlTemplate.parse("http://{ad dress}/", "--http"))
                .hasMessageContaining("expected a field name");
        assertThatThrownBy(() -> UrlTemplate.parse("http://{adress}/", "--http").render(WEB))
                .isInstanceOf(InputException.class)
                .hasMessage("--http: unknown field {adress} for host web01: expected name, address, port, env, "
                        + "label.KEY or one of its variables (http_port)");
    }

    @Test
    void aTemplateThatIsNotAnHttpUrlIsBadInput() {
        assertThatThrownBy(() -> UrlTemplate.parse("ftp://{address}/", "--http").renderUrl(WEB))
                .hasMessageContaining("expected an http:// or https:// URL with a host, found 'ftp://10.0.0.7/'");
        assertThatThrownBy(() -> UrlTemplate.parse("{address}:80", "--http").renderUrl(WEB))
                .isInstanceOf(InputException.class);
    }

    @Test
    void headerMatchesNeedANameAndAValidRegex() {
        assertThat(HeaderMatch.parse("Content-Type: json").name()).isEqualTo("Content-Type");
        assertThatThrownBy(() -> HeaderMatch.parse("nocolon")).hasMessageContaining("expected NAME:VALUE");
        assertThatThrownBy(() -> HeaderMatch.parse("X-A:[")).hasMessageContaining("bad regular expression");
    }

    @Test
    void rawResponsesSkipInterimStatusesAndReadHeaders() {
        HttpAnswer a = HttpAnswer.parseRaw("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\nX-A: 1\r\n"
                + "x-a: 2\r\n\r\n");
        assertThat(a.status()).isEqualTo(204);
        assertThat(a.header("X-A")).containsExactly("1", "2");
        assertThat(HttpAnswer.parseRaw("garbage")).isNull();
        assertThat(HttpAnswer.parseRaw("HTTP/1.0 abc\r\n")).isNull();
    }
}
