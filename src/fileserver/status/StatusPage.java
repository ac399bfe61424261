package fileserver.status;

/** STUB: replaced by the status helper. The status page: HTML, CSS and JavaScript, read from status.html beside this class. */
public final class StatusPage {
    public static final String CONTENT_TYPE = "text/html; charset=utf-8";

    private StatusPage() {
    }

    public static String html() {
        return "<!doctype html><title>status</title>";
    }
}
