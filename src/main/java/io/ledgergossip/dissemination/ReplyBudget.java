package io.ledgergossip.dissemination;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Splits what one reply would carry (block bodies in a DataUpdate, blocks in a
 * RemoteStateResponse) into messages that each fit the frame limit, as Fabric's state transfer caps
 * its responses: a reply never grows past {@code peer.gossip.maxMessageSize}, so the receiver never
 * cuts an honest sender off for an oversized frame.
 */
final class ReplyBudget {
    /**
     * Bytes kept free in every message for what surrounds the items: the envelope, the gossip
     * message's channel, tag and nonce, and each repeated field's tag and length.
     */
    static final int HEADROOM = 1024;
    private static final int PER_ITEM = 16;

    private ReplyBudget() {}

    /** Whether one item of {@code bytes} can travel at all under a limit of {@code maxMessageSize}. */
    static boolean fits(long bytes, int maxMessageSize) {
        return bytes + PER_ITEM + HEADROOM <= maxMessageSize;
    }

    /**
     * The items in order, grouped so that each group's bytes (with overheads) stay under the frame
     * limit; an item too large to travel alone is left out.
     */
    static <T> List<List<T>> split(List<T> items, ToIntFunction<T> size, int maxMessageSize) {
        List<List<T>> messages = new ArrayList<>();
        List<T> current = new ArrayList<>();
        long bytes = HEADROOM;
        for (T item : items) {
            long itemBytes = (long) size.applyAsInt(item) + PER_ITEM;
            if (!fits(size.applyAsInt(item), maxMessageSize)) {
                continue;
            }
            if (!current.isEmpty() && bytes + itemBytes > maxMessageSize) {
                messages.add(current);
                current = new ArrayList<>();
                bytes = HEADROOM;
            }
            current.add(item);
            bytes += itemBytes;
        }
        if (!current.isEmpty()) {
            messages.add(current);
        }
        return messages;
    }
}
