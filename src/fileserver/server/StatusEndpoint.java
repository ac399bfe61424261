package fileserver.server;

import fileserver.protocol.HttpRequest;
import fileserver.protocol.RequestTarget;
import fileserver.status.PrometheusText;
import fileserver.status.StatusAccess;
import fileserver.status.StatusJson;
import fileserver.status.StatusPage;
import fileserver.status.StatusSnapshot;
import java.net.InetAddress;
import java.net.ProtocolException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Answers the requests for the server's own state: {@value #PAGE} (the live page),
 * {@value #DATA} (the data it polls) and {@value #METRICS} (for Prometheus), with GET or
 * HEAD, from the peers that {@code --status-from} allows. Everything else, these paths
 * from anyone else included, is {@link FileEndpoint}'s, which answers an unknown path
 * with 404: to a peer the rule leaves out, these paths do not exist.
 */
final class StatusEndpoint {
    static final String PAGE = "/status";
    static final String DATA = "/status.json";
    static final String METRICS = "/metrics";

    private final StatusAccess access;
    private final Supplier<StatusSnapshot> snapshots;

    /** @param snapshots takes the server's state at the moment of each request */
    StatusEndpoint(StatusAccess access, Supplier<StatusSnapshot> snapshots) {
        this.access = access;
        this.snapshots = snapshots;
    }

    /** True if {@code request} from {@code peer} asks for the server's state, and {@code peer} may see it. */
    boolean answers(HttpRequest request, InetAddress peer) {
        // Origin form only: an absolute-form target is FileEndpoint's, which checks its authority.
        return request.target().startsWith("/") && (request.method().equals("GET") || request.isHead())
                && path(request).isPresent() && access.allows(peer);
    }

    /** The reply to a request that {@link #answers} claims: the state, taken now. */
    Reply respond(HttpRequest request) {
        String path = path(request).orElseThrow();
        if (path.equals(PAGE)) {
            return FileEndpoint.document(StatusPage.CONTENT_TYPE, StatusPage.html());
        }
        StatusSnapshot snapshot = snapshots.get();
        return path.equals(DATA) ? FileEndpoint.document(StatusJson.CONTENT_TYPE, StatusJson.render(snapshot))
                : FileEndpoint.document(PrometheusText.CONTENT_TYPE, PrometheusText.render(snapshot));
    }

    /** The request's path if it is one of the three, else empty. */
    private static Optional<String> path(HttpRequest request) {
        try {
            String path = RequestTarget.path(request.target());
            return switch (path) {
                case PAGE, DATA, METRICS -> Optional.of(path);
                default -> Optional.empty();
            };
        } catch (ProtocolException e) {
            return Optional.empty();
        }
    }
}
