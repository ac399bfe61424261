package fileserver.protocol;

/**
 * What a {@code Range} header asks of a representation of known size, after
 * RFC 9110 section 14.2 has been applied.
 */
public sealed interface RangeSelection {

    /** Send the whole representation with 200: no range, an unknown unit, or several ranges. */
    record Whole() implements RangeSelection {
    }

    /** Send one range with 206. */
    record Partial(ByteRange range) implements RangeSelection {
    }

    /** Answer 416: the range is invalid or lies beyond the end. */
    record Unsatisfiable() implements RangeSelection {
    }
}
