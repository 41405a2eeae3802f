package io.ledgergossip.dissemination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Ranges by the size of the blocks seen, and how much one peer may owe: a frame of 16 MiB, batchSize 10, 4 in parallel. */
class RangeSizesTest {
    private static final int FRAME = 16 << 20;

    @Test
    void beforeTheFirstAnswerARangeIsABatchAndAPeerOwesOneAtATime() {
        RangeSizes sizes = new RangeSizes(FRAME, 10, 4);
        assertEquals(10, sizes.rangeLength(false, 100, 1024));
        assertFalse(sizes.roomFor(1, 1), "the size of what is owed is unknown");
    }

    @Test
    void smallBlocksGoInRangesSizedInBytesAndAPeerMayOweSeveral() {
        RangeSizes sizes = new RangeSizes(FRAME, 10, 4);
        sizes.received(32_000);
        assertEquals(128, sizes.rangeLength(false, 512, 1024), "a quarter of a window of 512");
        assertEquals(10, sizes.rangeLength(true, 512, 1024), "a Fabric peer answers no more than batchSize");
        assertEquals(262, sizes.rangeLength(false, 100_000, 1024), "half a frame");
        long answer = sizes.answerBytes(0, 127);
        assertEquals(128 * 32_000, answer);
        assertTrue(sizes.roomFor(3 * answer, answer), "four answers of 4 MB come to a frame");
        assertFalse(sizes.roomFor(4 * answer, answer));
    }

    @Test
    void aPeerOwesOneAnswerOfLargeBlocksAtATime() {
        RangeSizes sizes = new RangeSizes(FRAME, 10, 4);
        sizes.received(15_000_000);
        assertEquals(1, sizes.rangeLength(false, 100, 1024));
        assertEquals(15_000_000, sizes.answerBytes(3, 9), "an answer carries one such block whatever the range");
        assertFalse(sizes.roomFor(sizes.answerBytes(0, 0), sizes.answerBytes(1, 1)));
        sizes.received(2_000_000); // the estimate follows: 0.8 x 15 MB + 0.2 x 2 MB
        assertEquals(12_400_000, sizes.answerBytes(0, 0));
    }
}
