package fileserver.tools;

import java.nio.charset.StandardCharsets;

/**
 * The lines of {@code bio.txt}: short made-up biographies, one or more sentences a line.
 *
 * <p>Every line starts with its zero-padded number and a space ({@code "0000042 "}), so a
 * lost, repeated or reordered chunk of a transfer shows up in {@code diff} as a break in
 * the numbering. Every sentence names a person with an accented name and most carry other
 * non-ASCII text, from two-byte {@code é} to the four-byte {@code 🎻}, so chunk
 * boundaries fall inside multi-byte characters all the time.
 *
 * <p>Each instance replays the same sequence from a fixed seed.
 */
final class BioText {
    /** Digits in a line number; more are used, unpadded, past line 9,999,999. */
    static final int NUMBER_WIDTH = 7;

    private static final long SEED = 0x5EED_B10L;
    private static final int MIN_BODY_CHARS = 40;
    private static final int BODY_CHARS_SPREAD = 60;
    private static final int ASIDE_ONE_IN = 3;
    private static final String LAST_LINE_TEXT = "End of bio.";

    private static final String[] NAMES = {
        "Amélie", "Jürgen", "Søren", "Zoë", "Håkon", "Chloé", "Björn", "Renée",
        "François", "Łukasz", "Dvořák", "Iñaki", "Mária", "Çelik", "Ødegaard", "Nuño",
    };
    private static final String[] VERBS = {
        "wrote", "studied", "painted", "built", "visited", "taught", "translated",
        "measured", "sketched", "sang about", "photographed", "mapped",
    };
    private static final String[] THINGS = {
        "the old café", "a naïve poem", "the fjord", "«Les Misérables»", "the façade",
        "a résumé", "日本語 grammar", "Ελληνικά verbs", "the Straße signs", "a smörgåsbord",
        "a violin 🎻 recital", "the piñata", "tiny crème brûlée", "the Ångström scale",
    };
    private static final String[] PREPOSITIONS = {
        "in", "near", "after leaving", "before visiting", "far from", "north of",
    };
    private static final String[] PLACES = {
        "Zürich", "Málaga", "Kraków", "São Paulo", "Reykjavík", "Tōkyō (東京)", "Montréal",
        "Göteborg", "Lisbon", "Oslo", "Dublin", "Nice",
    };
    private static final String[] ASIDES = {
        "π ≈ 3.14159", "naïvely", "with «joie de vivre»", "日本語 notes in hand",
        "or so they say", "for 5 € a day", "at −3 °C", "über-carefully",
    };

    private final Lcg random = new Lcg(SEED);

    /** The start of line {@code lineNumber}: its zero-padded number and a space. */
    static String prefix(long lineNumber) {
        String digits = Long.toString(lineNumber);
        return "0".repeat(Math.max(0, NUMBER_WIDTH - digits.length())) + digits + " ";
    }

    /** The next line of text, numbered {@code lineNumber}, as UTF-8 ending in {@code '\n'}. */
    byte[] line(long lineNumber) {
        StringBuilder line = new StringBuilder(256).append(prefix(lineNumber));
        int target = line.length() + MIN_BODY_CHARS + random.nextInt(BODY_CHARS_SPREAD);
        appendSentence(line);
        while (line.length() < target) {
            appendSentence(line.append(' '));
        }
        return line.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A closing line of exactly {@code length} bytes, ending in {@code '\n'}. It is ASCII
     * only, so it can be cut or padded to any length without splitting a character; if
     * {@code length} is too short for the whole number, the number is cut too.
     *
     * @param length at least 1
     */
    static byte[] lastLine(long lineNumber, int length) {
        String text = prefix(lineNumber) + LAST_LINE_TEXT;
        StringBuilder line = new StringBuilder(length);
        line.append(text, 0, Math.min(text.length(), length - 1));
        while (line.length() < length - 1) {
            line.append('.');
        }
        return line.append('\n').toString().getBytes(StandardCharsets.US_ASCII);
    }

    private void appendSentence(StringBuilder line) {
        line.append(pick(NAMES)).append(' ')
                .append(pick(VERBS)).append(' ')
                .append(pick(THINGS)).append(' ')
                .append(pick(PREPOSITIONS)).append(' ')
                .append(pick(PLACES));
        if (random.nextInt(ASIDE_ONE_IN) == 0) {
            line.append(" — ").append(pick(ASIDES));
        }
        line.append('.');
    }

    private String pick(String[] words) {
        return words[random.nextInt(words.length)];
    }
}
