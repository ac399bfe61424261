import fileserver.cli.ExitCode;
import fileserver.client.ClientMain;

/**
 * The client's entry point: {@code java -cp build/classes Client <id> --help}.
 * Everything it does is in {@link fileserver.client}.
 */
public final class Client {
    private Client() {
    }

    public static void main(String[] args) {
        ExitCode code = ClientMain.run(args, System.out, System.err);
        if (code != ExitCode.OK) {
            System.exit(code.code());
        }
    }
}
