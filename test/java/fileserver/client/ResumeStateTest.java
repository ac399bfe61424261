package fileserver.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fileserver.cli.ExitCode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResumeStateTest {
    @TempDir
    Path dir;
    private Path file;
    private Path validator;
    private ResumeState state;

    @BeforeEach
    void paths() {
        file = dir.resolve("received_bio_1.txt");
        validator = dir.resolve("received_bio_1.txt.etag");
        state = new ResumeState(file, validator);
    }

    @Test
    void resumesAPartialFileWithAStrongValidator() throws Exception {
        Files.writeString(file, "abcde");
        Files.writeString(validator, "\"v1\"\n");

        assertEquals(new ResumeState.Partial(5, "\"v1\""), state.partial());
    }

    @Test
    void startsOverWithoutAFileOrValidatorOrWithAnEmptyFileOrAWeakValidator() throws Exception {
        assertEquals(ResumeState.Partial.NONE, state.partial());
        Files.writeString(file, "abcde");
        assertEquals(ResumeState.Partial.NONE, state.partial());
        Files.writeString(validator, "W/\"v1\"\n");
        assertEquals(ResumeState.Partial.NONE, state.partial());
        Files.writeString(validator, "\"v1\"\n");
        Files.writeString(file, "");
        assertEquals(ResumeState.Partial.NONE, state.partial());
        assertEquals(new ResumeState.Partial(0, ""), ResumeState.Partial.NONE);
    }

    @Test
    void failsWithALocalErrorWhenTheValidatorCannotBeRead() throws IOException {
        Files.writeString(file, "abcde");
        Files.createDirectory(validator);

        DownloadFailure e = assertThrows(DownloadFailure.class, () -> state.partial());
        assertEquals(ExitCode.LOCAL_IO, e.exitCode());
        assertTrue(e.getMessage().startsWith("cannot read " + file + ": "), e.getMessage());
    }

    @Test
    void remembersOnlyAStrongEntityTag() throws Exception {
        state.remember(Optional.of("\"v2\""));
        assertEquals("\"v2\"\n", Files.readString(validator));

        state.remember(Optional.of("W/\"v3\""));
        assertFalse(Files.exists(validator));

        Files.writeString(validator, "\"v2\"\n");
        state.remember(Optional.empty());
        assertFalse(Files.exists(validator));
    }

    @Test
    void namesTheValidatorItCannotWrite() {
        ResumeState nowhere = new ResumeState(file, dir.resolve("missing").resolve("x.etag"));

        LocalIoException e = assertThrows(LocalIoException.class, () -> nowhere.remember(Optional.of("\"v\"")));
        assertTrue(e.getMessage().startsWith("cannot write " + dir.resolve("missing").resolve("x.etag") + ": "),
                e.getMessage());
    }

    @Test
    void forgetsTheValidator() throws Exception {
        Files.writeString(validator, "\"v2\"\n");

        state.forget();
        state.forget();

        assertFalse(Files.exists(validator));
    }

    @Test
    void namesTheValidatorItCannotDelete() throws IOException {
        Files.createDirectory(validator);
        Files.writeString(validator.resolve("x"), "x");

        LocalIoException e = assertThrows(LocalIoException.class, () -> state.forget());
        assertTrue(e.getMessage().startsWith("cannot delete " + validator + ": "), e.getMessage());
        assertThrows(LocalIoException.class, () -> state.remember(Optional.empty()));
    }

    @ParameterizedTest(name = "first {0} bytes")
    @ValueSource(ints = {0, 1, 65535, 65536, 65537, 150_000, 200_000})
    void digestsThePartialFilesFirstBytes(int bytes) throws Exception {
        byte[] content = new byte[200_000];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 31 + i / 256);
        }
        Files.write(file, content);

        MessageDigest digest = state.digestOfPartial(bytes);

        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(Arrays.copyOf(content, bytes)), digest.digest());
    }

    @Test
    void saysWhenThePartialFileIsShorterThanExpected() throws IOException {
        Files.writeString(file, "abc");

        LocalIoException e = assertThrows(LocalIoException.class, () -> state.digestOfPartial(4));
        assertEquals("cannot read " + file + ": it shrank while being read", e.getMessage());
    }

    @Test
    void opensTheFileEmptiedOrForAppending() throws Exception {
        Files.writeString(file, "abc");
        try (OutputStream out = state.open(true)) {
            state.append(out, "defgh".getBytes(StandardCharsets.US_ASCII), 2);
        }
        assertEquals("abcde", Files.readString(file));

        try (OutputStream out = state.open(false)) {
            state.append(out, "xyz".getBytes(StandardCharsets.US_ASCII), 3);
        }
        assertEquals("xyz", Files.readString(file));
    }

    @Test
    void namesTheReceivedFileWhenItCannotBeOpenedOrWritten() throws IOException {
        Files.createDirectory(file);

        LocalIoException open = assertThrows(LocalIoException.class, () -> state.open(false));
        assertTrue(open.getMessage().startsWith("cannot write " + file + ": "), open.getMessage());
        LocalIoException read = assertThrows(LocalIoException.class, () -> state.digestOfPartial(1));
        assertTrue(read.getMessage().startsWith("cannot read " + file + ": "), read.getMessage());

        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("disk full");
            }
        };
        LocalIoException write = assertThrows(LocalIoException.class, () -> state.append(broken, new byte[1], 1));
        assertEquals("cannot write " + file + ": disk full", write.getMessage());
    }
}
