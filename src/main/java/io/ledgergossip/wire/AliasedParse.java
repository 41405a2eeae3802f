package io.ledgergossip.wire;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;

/**
 * Parses a message out of bytes that are already a {@link ByteString}, letting its bytes fields
 * share that ByteString's array instead of copying it.
 *
 * <p>A block travels inside several nested messages (envelope, gossip message, state response,
 * block, transaction envelope, payload, read-write set). Parsed the plain way, each level copies
 * every byte it holds; a 2 MB block was copied and its copy zeroed about five times on its way to
 * the store. A ByteString is immutable, so a field may safely point into it. The cost: a small
 * field keeps its whole parent array alive for as long as it lives, so this is for messages that
 * live no longer than the bytes they came in (blocks and what is read out of them), or whose bytes
 * are no more than the message itself (a gossip message in its own envelope's payload), not for a
 * small part kept long out of a large whole.
 */
public final class AliasedParse {
    private AliasedParse() {}

    /** The message in {@code bytes}, as {@code parser.parseFrom(bytes)} would give it. */
    public static <T extends MessageLite> T parse(Parser<T> parser, ByteString bytes) throws InvalidProtocolBufferException {
        CodedInputStream in = bytes.newCodedInput();
        in.enableAliasing(true);
        return parser.parseFrom(in);
    }
}
