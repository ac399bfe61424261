package fileserver.tools;

/**
 * A 64-bit linear congruential generator with Knuth's MMIX constants.
 *
 * <p>{@code java.util.Random} would be just as reproducible: its Javadoc requires every
 * Java implementation to use exactly its algorithm, "for the sake of absolute portability
 * of Java code". It is not used because it is a different generator (48 bits, other
 * constants): the committed {@code bio.txt} was made with this one, and a test checks
 * that regenerating it gives the same bytes, which switching would break for no gain.
 */
final class Lcg {
    private static final long MULTIPLIER = 6364136223846793005L;
    private static final long INCREMENT = 1442695040888963407L;

    private long state;

    Lcg(long seed) {
        this.state = seed;
    }

    /**
     * The next value in {@code [0, bound)}. Uses the high bits, which in an LCG with a
     * power-of-two modulus are far better mixed than the low ones.
     */
    int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        state = state * MULTIPLIER + INCREMENT;
        return (int) ((state >>> 33) % bound);
    }
}
