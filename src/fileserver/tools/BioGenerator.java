package fileserver.tools;

import fileserver.cli.Arguments;
import fileserver.cli.ExitCode;
import fileserver.cli.UsageException;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;

/**
 * Writes {@code bio.txt}, the file the server serves in the demo: readable UTF-8 text of
 * an exact size, the same bytes on every run and every JDK (see {@link BioText}).
 *
 * <pre>
 * java -cp build/classes fileserver.tools.BioGenerator [--size BYTES] [--] OUTPUT
 * </pre>
 *
 * <p>The output ends with {@code '\n'} and never cuts a multi-byte character: the last
 * line is ASCII, padded with dots to make the size exact. Outputs too short for one
 * numbered line hold a cut-off number.
 */
public final class BioGenerator {
    /** The size of the committed {@code bio.txt}: 10 MiB, not a multiple of 1000-byte chunks. */
    public static final int DEFAULT_SIZE = 10 * 1024 * 1024;

    private static final String USAGE = """
            Usage: java -cp build/classes fileserver.tools.BioGenerator [--size BYTES] [--] OUTPUT
            Writes OUTPUT: deterministic UTF-8 text of exactly BYTES bytes (default %d),
            every line numbered. OUTPUT is replaced only once the new text is complete.
            """.formatted(DEFAULT_SIZE);

    private BioGenerator() {
    }

    /**
     * The text of a file of {@code size} bytes.
     *
     * @throws IllegalArgumentException if {@code size} is negative
     */
    public static byte[] generate(int size) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(Math.max(0, size));
        try {
            write(size, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("ByteArrayOutputStream does not throw", e);
        }
        return bytes.toByteArray();
    }

    /**
     * Writes the text of a file of {@code size} bytes to {@code out}, line by line; the
     * caller buffers and closes {@code out}.
     *
     * @throws IllegalArgumentException if {@code size} is negative
     */
    public static void write(long size, OutputStream out) throws IOException {
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative: " + size);
        }
        BioText text = new BioText();
        long remaining = size;
        for (long lineNumber = 1; remaining > 0; lineNumber++) {
            byte[] line = text.line(lineNumber);
            // Leave room for a last line that holds at least the next number.
            long roomAfter = remaining - line.length;
            if (roomAfter > BioText.prefix(lineNumber + 1).length()) {
                out.write(line);
                remaining = roomAfter;
            } else {
                out.write(BioText.lastLine(lineNumber, (int) remaining));
                remaining = 0;
            }
        }
    }

    /** Command-line entry point; exits non-zero with a message if the file is not written. */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        ExitCode exit = run(args, out, err);
        if (exit != ExitCode.OK) {
            System.exit(exit.code());
        }
    }

    /** Runs the command line {@code args}, printing to {@code out} and {@code err}. */
    static ExitCode run(String[] args, PrintWriter out, PrintWriter err) {
        if (Arguments.wantsHelp(args)) {
            out.print(USAGE);
            out.flush();
            return ExitCode.OK;
        }
        Path output;
        int size;
        try {
            rejectShortOptions(args);
            Arguments arguments = Arguments.parse(args, Set.of("--size"), Set.of("--help"));
            if (arguments.positionals().size() != 1) {
                throw new UsageException("expected one OUTPUT file, got " + arguments.positionals().size());
            }
            output = Path.of(arguments.positionals().get(0));
            size = arguments.integer("--size", DEFAULT_SIZE, 0, Integer.MAX_VALUE);
        } catch (UsageException e) {
            err.println("BioGenerator: " + e.getMessage());
            err.print(USAGE);
            err.flush();
            return ExitCode.USAGE;
        }
        try {
            writeFile(output, size);
        } catch (IOException e) {
            err.println("BioGenerator: cannot write " + output + ": " + e);
            return ExitCode.LOCAL_IO;
        }
        out.println("wrote " + size + " bytes to " + output);
        return ExitCode.OK;
    }

    /**
     * Fails on an argument such as {@code -x} before {@code --}: {@link Arguments} takes it
     * for the OUTPUT file, and a typo would write 10 MiB to a file named {@code -x}. After
     * {@code --}, such a name is taken as asked.
     */
    private static void rejectShortOptions(String[] args) throws UsageException {
        for (int i = 0; i < args.length && !args[i].equals("--"); i++) {
            if (args[i].equals("--size")) {
                i++; // its value, which may be negative and is checked as a number
            } else if (args[i].startsWith("-") && !args[i].startsWith("--")) {
                throw new UsageException("unknown option " + args[i]);
            }
        }
    }

    /** Writes a sibling temporary file and moves it into place, so no reader sees half a file. */
    private static void writeFile(Path output, int size) throws IOException {
        Path temporary = output.resolveSibling(output.getFileName() + ".tmp");
        try {
            try (OutputStream stream = new BufferedOutputStream(Files.newOutputStream(temporary))) {
                write(size, stream);
            }
            Files.move(temporary, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
