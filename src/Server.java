import fileserver.cli.ExitCode;
import fileserver.server.ServerMain;

/**
 * The file server's entry point: {@code java -cp build/classes Server --help}.
 * Everything it does is in {@link fileserver.server}.
 */
public final class Server {
    private Server() {
    }

    public static void main(String[] args) {
        ExitCode code = ServerMain.start(args, System.out, System.err);
        if (code != ExitCode.OK) {
            System.exit(code.code());
        }
    }
}
