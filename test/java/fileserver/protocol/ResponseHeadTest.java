package fileserver.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResponseHeadTest {

    @Test
    void writesTheStatusLineAndFieldsInOrderWithCrlf() {
        ResponseHead head = ResponseHead.builder(Status.PARTIAL_CONTENT)
                .header("Content-Length", 6285760L)
                .header("X", "\u00e9")
                .build();

        assertEquals(List.of(new HeaderField("Content-Length", "6285760"), new HeaderField("X", "\u00e9")), head.fields());
        assertEquals("HTTP/1.1 206 Partial Content\r\nContent-Length: 6285760\r\nX: \u00e9\r\n\r\n",
                new String(head.toBytes(), StandardCharsets.ISO_8859_1));
        assertEquals(head.toBytes().length, "HTTP/1.1 206 Partial Content\r\nContent-Length: 6285760\r\nX: e\r\n\r\n".length());
    }

    @Test
    void writesAHeadWithoutFields() {
        assertEquals("HTTP/1.1 200 OK\r\n\r\n",
                new String(ResponseHead.builder(Status.OK).build().toBytes(), StandardCharsets.ISO_8859_1));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            OK                              | 200 | OK
            PARTIAL_CONTENT                 | 206 | Partial Content
            BAD_REQUEST                     | 400 | Bad Request
            RANGE_NOT_SATISFIABLE           | 416 | Range Not Satisfiable
            MISDIRECTED_REQUEST             | 421 | Misdirected Request
            HTTP_VERSION_NOT_SUPPORTED      | 505 | HTTP Version Not Supported
            """)
    void statusesCarryTheirCodeAndReasonPhrase(Status status, int code, String reason) {
        assertEquals(code, status.code());
        assertEquals(reason, status.reason());
        assertEquals(code + " " + reason, status.toString());
    }
}
