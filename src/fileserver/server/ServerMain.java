package fileserver.server;

import fileserver.cli.Arguments;
import fileserver.cli.ExitCode;
import fileserver.cli.UsageException;
import fileserver.protocol.HostPort;
import fileserver.snapshot.SnapshotSource;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/** Runs the server from the command line until SIGTERM or Ctrl-C. */
public final class ServerMain {
    private ServerMain() {
    }

    /**
     * Starts the server and returns, leaving it running on its own threads; returns a
     * non-zero exit code, having printed one line saying why, if it cannot start.
     */
    public static ExitCode start(String[] args, PrintStream out, PrintStream err) {
        if (Arguments.wantsHelp(args)) {
            out.print(ServerCommand.USAGE);
            return ExitCode.OK;
        }
        ServerConfig config;
        try {
            config = ServerCommand.parse(args);
        } catch (UsageException e) {
            err.println("server: " + e.getMessage());
            err.print(ServerCommand.USAGE);
            return ExitCode.USAGE;
        }
        SnapshotSource files;
        try {
            files = new SnapshotSource(config.file());
        } catch (NoSuchFileException e) {
            err.println("server: cannot serve " + config.file() + ": file not found");
            return ExitCode.LOCAL_IO;
        } catch (AccessDeniedException e) {
            err.println("server: cannot serve " + config.file() + ": permission denied");
            return ExitCode.LOCAL_IO;
        } catch (IOException e) {
            err.println("server: cannot serve " + config.file() + ": " + e.getMessage());
            return ExitCode.LOCAL_IO;
        }
        TransferLog log = new TransferLog(out);
        FileServer server = new FileServer(config, files, log);
        try {
            server.start();
        } catch (IOException e) {
            server.close();
            err.println("server: cannot listen on " + HostPort.of(config.bindAddress(), config.port()) + ": "
                    + e.getMessage());
            return ExitCode.NETWORK;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server, config, log, out), "shutdown"));
        return ExitCode.OK;
    }

    /**
     * Runs on SIGTERM or SIGINT. The JVM would then exit with 128 + the signal number;
     * halting with 0 tells a supervisor that this was the orderly stop it asked for. That
     * holds even when the grace period ran out and transfers were cut: the stop still did
     * what was asked, in the time promised, and a non-zero status would make every stop
     * with one stuck client look like a server failure. What was cut is in the log instead:
     * a line for each connection, and a last line that says "shut down cleanly" only if
     * nothing was cut. Nothing else in the server calls System.exit once it runs, so no
     * other exit status is overridden here.
     */
    private static void stop(FileServer server, ServerConfig config, TransferLog log, PrintStream out) {
        log.stopped("signal received, letting transfers in flight finish");
        server.close();
        int cut = server.cutByShutdown();
        if (cut == 0) {
            log.stopped("shut down cleanly");
        } else {
            log.stopped("grace period of " + LogText.seconds(config.shutdownGrace()) + " over, cut " + cut
                    + (cut == 1 ? " connection" : " connections"));
        }
        out.flush();
        Runtime.getRuntime().halt(ExitCode.OK.code());
    }
}
