package io.ledgergossip.testing;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded mutation fuzzer for the decoders that read hostile bytes: each input is either random
 * bytes or a valid sample with bit flips, boundary bytes, cuts, insertions, duplicated or deleted
 * runs. Every input must be accepted or rejected with the decoder's own exception type, never
 * anything else, and the whole run must end (no hang).
 *
 * <p>{@value #DEFAULT_ITERATIONS} inputs per decoder by default; {@code -Dfuzz.iterations=N}
 * (the {@code full} profile sets a million) for longer runs.
 */
public final class Fuzz {
    public static final int DEFAULT_ITERATIONS = 100_000;

    /** A decoder under test; {@code accepted} tells what it made of the input (for the tally). */
    @FunctionalInterface
    public interface Decoder {
        void decode(byte[] input) throws Exception;
    }

    /** How a run went. */
    public record Tally(int inputs, int accepted, int rejected) {}

    private Fuzz() {}

    public static int iterations() {
        return Integer.getInteger("fuzz.iterations", DEFAULT_ITERATIONS);
    }

    /**
     * @param samples valid inputs to mutate (at least one)
     * @param rejections the exception types (and their subtypes) the decoder may throw
     */
    public static Tally run(long seed, List<byte[]> samples, int maxRandomLength, List<Class<? extends Exception>> rejections,
            Decoder decoder) {
        int n = iterations();
        return assertTimeoutPreemptively(Duration.ofSeconds(Math.max(120, n / 500)), () -> {
            SplittableRandom random = new SplittableRandom(seed);
            int accepted = 0;
            int rejected = 0;
            for (int i = 0; i < n; i++) {
                byte[] input = i % 4 == 0 ? randomBytes(random, maxRandomLength)
                        : mutate(samples.get(random.nextInt(samples.size())), random);
                try {
                    decoder.decode(input);
                    accepted++;
                } catch (Exception e) {
                    if (rejections.stream().noneMatch(r -> r.isInstance(e))) {
                        throw new AssertionError("input " + i + " (" + input.length + " bytes) threw " + e + " instead of "
                                + rejections.stream().map(Class::getSimpleName).toList() + ": " + hexPrefix(input), e);
                    }
                    rejected++;
                } catch (StackOverflowError | OutOfMemoryError e) {
                    throw new AssertionError("input " + i + " (" + input.length + " bytes) threw " + e + ": " + hexPrefix(input), e);
                }
            }
            return new Tally(n, accepted, rejected);
        }, "a decoder hung");
    }

    private static byte[] randomBytes(SplittableRandom random, int maxLength) {
        byte[] b = new byte[random.nextInt(maxLength + 1)];
        random.nextBytes(b);
        return b;
    }

    private static final byte[] BOUNDARY = {0, 1, (byte) 0x7f, (byte) 0x80, (byte) 0xff, (byte) 0xfe, 0x0a, 0x12, 0x1a};

    /** One to four mutations of a copy of {@code sample}. */
    static byte[] mutate(byte[] sample, SplittableRandom random) {
        byte[] b = sample.clone();
        int count = 1 + random.nextInt(4);
        for (int m = 0; m < count; m++) {
            if (b.length == 0) {
                b = randomBytes(random, 16);
                continue;
            }
            int at = random.nextInt(b.length);
            switch (random.nextInt(7)) {
                case 0 -> b[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> b[at] = BOUNDARY[random.nextInt(BOUNDARY.length)];
                case 2 -> b = java.util.Arrays.copyOf(b, at); // truncated
                case 3 -> { // random bytes inserted
                    byte[] extra = randomBytes(random, 32);
                    byte[] longer = new byte[b.length + extra.length];
                    System.arraycopy(b, 0, longer, 0, at);
                    System.arraycopy(extra, 0, longer, at, extra.length);
                    System.arraycopy(b, at, longer, at + extra.length, b.length - at);
                    b = longer;
                }
                case 4 -> { // a run deleted
                    int len = Math.min(b.length - at, 1 + random.nextInt(64));
                    byte[] shorter = new byte[b.length - len];
                    System.arraycopy(b, 0, shorter, 0, at);
                    System.arraycopy(b, at + len, shorter, at, b.length - at - len);
                    b = shorter;
                }
                case 5 -> { // a run duplicated (repeated fields, replayed records)
                    int len = Math.min(b.length - at, 1 + random.nextInt(256));
                    byte[] longer = new byte[b.length + len];
                    System.arraycopy(b, 0, longer, 0, at + len);
                    System.arraycopy(b, at, longer, at + len, b.length - at);
                    b = longer;
                }
                default -> { // a varint made huge: lengths and counts that lie
                    b[at] = (byte) 0xff;
                    if (at + 1 < b.length) {
                        b[at + 1] = (byte) 0xff;
                    }
                }
            }
        }
        return b;
    }

    private static String hexPrefix(byte[] input) {
        return HexFormat.of().formatHex(input, 0, Math.min(input.length, 256)) + (input.length > 256 ? "..." : "");
    }
}
