package fileserver.status;

/** STUB: replaced by the status helper. Renders a snapshot in the Prometheus text format 0.0.4. */
public final class PrometheusText {
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private PrometheusText() {
    }

    public static String render(StatusSnapshot snapshot) {
        return "";
    }
}
