package fileserver.status;

/** STUB: replaced by the status helper. Renders a snapshot as the JSON the status page polls. */
public final class StatusJson {
    public static final String CONTENT_TYPE = "application/json";

    private StatusJson() {
    }

    public static String render(StatusSnapshot snapshot) {
        return "{}";
    }
}
