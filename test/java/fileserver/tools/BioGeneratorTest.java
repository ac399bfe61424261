package fileserver.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import fileserver.cli.ExitCode;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(60)
class BioGeneratorTest {
    /** The server's default chunk size, which the default file size must not be a multiple of. */
    private static final int CHUNK_SIZE = 1000;

    private static byte[] fullText;

    @BeforeAll
    static void generateDefaultSize() {
        fullText = BioGenerator.generate(BioGenerator.DEFAULT_SIZE);
    }

    @Test
    void committedBioTxtIsTheGeneratedText() throws IOException {
        Path root = Path.of(System.getProperty("project.root", System.getProperty("user.dir")));
        byte[] committed = Files.readAllBytes(root.resolve("bio.txt"));
        int mismatch = Arrays.mismatch(fullText, committed);
        assertEquals(-1, mismatch, () -> "bio.txt (" + committed.length + " bytes) differs from the "
                + "generated text at byte " + mismatch + "; regenerate it with 'make bio'");
    }

    @Test
    void generatingTwiceGivesTheSameBytes() {
        assertArrayEquals(fullText, BioGenerator.generate(BioGenerator.DEFAULT_SIZE));
    }

    @Test
    void defaultSizeIsTenMebibytesAndNotAWholeNumberOfChunks() {
        assertEquals(10_485_760, fullText.length);
        assertNotEquals(0, BioGenerator.DEFAULT_SIZE % CHUNK_SIZE);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 8, 9, 10, 999, 1000, 1001, 65537})
    void outputHasExactlyTheRequestedSize(int size) {
        assertEquals(size, BioGenerator.generate(size).length);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 999, 1000, 1001, 65537, BioGenerator.DEFAULT_SIZE})
    void outputIsValidUtf8EndingInNewline(int size) {
        byte[] text = BioGenerator.generate(size);
        decodeStrictly(text);
        assertEquals('\n', text[text.length - 1]);
    }

    @ParameterizedTest
    @ValueSource(ints = {9, 999, 1000, 1001, 65537, BioGenerator.DEFAULT_SIZE})
    void everyLineBeginsWithItsLineNumber(int size) {
        List<String> lines = decodeStrictly(BioGenerator.generate(size)).lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String expected = String.format(Locale.ROOT, "%07d ", i + 1);
            if (!lines.get(i).startsWith(expected)) {
                fail("line " + (i + 1) + " of " + size + " bytes does not begin with '" + expected
                        + "': " + lines.get(i));
            }
        }
    }

    @Test
    void nearlyEveryLineHoldsMultiByteCharacters() {
        List<String> lines = decodeStrictly(fullText).lines().toList();
        long withMultiByte = lines.stream()
                .filter(line -> line.getBytes(StandardCharsets.UTF_8).length > line.length())
                .count();
        // Every line but the ASCII-padded last one.
        assertEquals(lines.size() - 1, withMultiByte);
        assertTrue(fullText.length > lines.size() * 60L, "lines are readable sentences, not stubs");
    }

    @Test
    void fourByteCharactersAreIncluded() {
        assertTrue(decodeStrictly(fullText).codePoints().anyMatch(Character::isSupplementaryCodePoint));
    }

    @Test
    void commandLineWritesTheRequestedSize(@TempDir Path directory) throws IOException {
        Path output = directory.resolve("bio.txt");
        StringWriter err = new StringWriter();
        ExitCode exit = BioGenerator.run(new String[] {"--size", "1001", output.toString()},
                new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertEquals(ExitCode.OK, exit, err::toString);
        assertArrayEquals(BioGenerator.generate(1001), Files.readAllBytes(output));
    }

    @Test
    void commandLineWithoutOutputIsAUsageError() {
        StringWriter err = new StringWriter();
        ExitCode exit = BioGenerator.run(new String[] {"--size", "10"},
                new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertEquals(ExitCode.USAGE, exit);
        assertTrue(err.toString().contains("Usage:"), err::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-h", "--help"})
    void helpPrintsTheUsageAndExits0WritingNothing(String flag) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ExitCode exit = BioGenerator.run(new String[] {flag}, new PrintWriter(out), new PrintWriter(err));
        assertEquals(ExitCode.OK, exit, err::toString);
        assertTrue(out.toString().startsWith("Usage: "), out::toString);
        assertEquals("", err.toString());
        assertFalse(Files.exists(Path.of(flag)), "wrote a file named " + flag);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-x", "-", "-size"})
    void anyOtherDashArgumentIsAUsageErrorNamingIt(String option, @TempDir Path directory) {
        Path output = directory.resolve("bio.txt");
        StringWriter err = new StringWriter();
        ExitCode exit = BioGenerator.run(new String[] {option, output.toString()},
                new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertEquals(ExitCode.USAGE, exit, err::toString);
        assertTrue(err.toString().startsWith("BioGenerator: unknown option " + option + "\nUsage: "), err::toString);
        assertFalse(Files.exists(output));
        assertFalse(Files.exists(Path.of(option)), "wrote a file named " + option);
    }

    @Test
    void aNegativeSizeIsNamedAsASizeNotAsAnOption(@TempDir Path directory) {
        StringWriter err = new StringWriter();
        ExitCode exit = BioGenerator.run(new String[] {"--size", "-1", directory.resolve("bio.txt").toString()},
                new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertEquals(ExitCode.USAGE, exit);
        assertTrue(err.toString().startsWith("BioGenerator: --size must be between 0 and "), err::toString);
    }

    private static String decodeStrictly(byte[] text) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(text))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new AssertionError("not valid UTF-8: " + e, e);
        }
    }
}
