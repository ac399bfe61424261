package fileserver.status;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The status page: one hand-written file of HTML, CSS and plain JavaScript, the resource
 * {@code status.html} beside this class (the Makefile copies it into the classes and the
 * jar). It polls {@code /status.json} twice a second and builds its rows with
 * {@code textContent}, so a peer-supplied client id stays text. Read once, on first use.
 */
public final class StatusPage {
    public static final String CONTENT_TYPE = "text/html; charset=utf-8";

    private StatusPage() {
    }

    /** The page's HTML. */
    public static String html() {
        return Resource.HTML;
    }

    /** Holds the text, loaded when {@link #html()} is first called (the holder idiom). */
    private static final class Resource {
        static final String HTML = load("status.html");

        private static String load(String name) {
            try (InputStream in = StatusPage.class.getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException(name + " is missing beside " + StatusPage.class.getName()
                            + ": the build did not copy it from src/");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + name + " beside " + StatusPage.class.getName(), e);
            }
        }
    }
}
