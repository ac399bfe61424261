package fileserver.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StatusPageTest {
    private static final String PAGE = StatusPage.html();

    @Test
    void theResourceLoadsOnceAsTheWholePage() {
        assertTrue(PAGE.startsWith("<!doctype html>\n"), PAGE.substring(0, Math.min(40, PAGE.length())));
        assertTrue(PAGE.endsWith("</html>\n"));
        assertTrue(PAGE.contains("<title>fileserver — live status</title>"), "read as UTF-8, the dash intact");
        assertSame(PAGE, StatusPage.html());
    }

    @ParameterizedTest
    @ValueSource(strings = {"<tbody id=\"in-flight\">", "<tbody id=\"recent\">", "<dl id=\"totals\">",
        "<dl id=\"server\">", "<span id=\"updated\">", "<p id=\"error\" hidden>"})
    void hasTheContractsElements(String element) {
        assertTrue(PAGE.contains(element), element);
    }

    @ParameterizedTest
    @ValueSource(strings = {"el(\"tr\", \"transfer\")", "el(\"td\", \"id\", t.clientId)", "el(\"td\", \"peer\", t.peer)",
        "el(\"td\", \"progress\")", "el(\"progress\")", "el(\"span\", \"percent\"", "el(\"td\", \"rate\"",
        "el(\"td\", \"elapsed\"", "el(\"tr\", \"finished\")", "el(\"td\", \"outcome\", f.outcome)"})
    void buildsTheContractsRowsAndCells(String code) {
        assertTrue(PAGE.contains(code), code);
    }

    @Test
    void setsTextNeverMarkup() {
        String lower = PAGE.toLowerCase(Locale.ROOT);
        for (String sink : new String[] {"innerhtml", "outerhtml", "insertadjacenthtml", "document.write", "eval("}) {
            assertFalse(lower.contains(sink), sink);
        }
        assertTrue(PAGE.contains("node.textContent = String(text);"));
    }

    @Test
    void fetchesNothingButItsOwnServersJson() {
        String lower = PAGE.toLowerCase(Locale.ROOT);
        assertFalse(lower.contains("http://"));
        assertFalse(lower.contains("https://"));
        assertFalse(lower.contains("//cdn"));
        assertEquals(1, lower.split("<link", -1).length - 1, "one link");
        assertTrue(PAGE.contains("<link rel=\"icon\" href=\"data:,\">"), "an empty icon, so no /favicon.ico request");
        assertFalse(lower.contains("<script src"));
        assertFalse(lower.contains("@import"));
        assertEquals(1, PAGE.split("fetch\\(", -1).length - 1, "one fetch call");
    }

    @Test
    void pollsStatusJsonEveryHalfSecondOneAtATime() {
        assertTrue(PAGE.contains("fetch(\"/status.json\", { cache: \"no-store\""));
        assertTrue(PAGE.contains("const POLL_MS = 500;"));
        assertTrue(PAGE.contains("await poll();"));
        assertFalse(PAGE.contains("setInterval"), "a slow poll must not overlap the next");
    }

    @Test
    void saysHowItUpdates() {
        assertTrue(PAGE.contains("<footer>updates every 0.5 s by polling /status.json; /metrics for Prometheus</footer>"));
    }

    @Test
    void isServedAsUtf8Html() {
        assertEquals("text/html; charset=utf-8", StatusPage.CONTENT_TYPE);
    }
}
