package io.ledgergossip.wire;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.MessageLite;
import com.google.protobuf.UnsafeByteOperations;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Serializes a message into a {@link ByteString} whose large parts share the arrays of the
 * message's own bytes fields instead of copying them: the mirror of {@link AliasedParse}.
 *
 * <p>A block served by state transfer is a bytes field inside a gossip message, which Fabric's wire
 * puts serialized into an envelope's payload. {@code toByteString()} made a new array the size of the
 * whole answer, zeroed it and copied the blocks into it, only for gRPC to copy it once more into its
 * frames; at 15 MB blocks that was about a tenth of the process's CPU. Here the result is a rope:
 * the tags, lengths and small fields are copied, each large bytes field is referred to, and gRPC's
 * copy into its frames is the only one.
 *
 * <p>Why a referred array cannot change afterwards: protobuf's stream encoder hands its output
 * stream either its own buffer ({@link #ENCODER_BUFFER} bytes at most, reused, so always copied
 * here) or, for a write longer than that buffer, the array of the value being written (a
 * {@code ByteString}'s, which is immutable, or a string's fresh UTF-8 encoding). Only writes longer
 * than the buffer are kept by reference.
 */
public final class AliasedSerialization {
    /** Messages smaller than this are serialized the plain way: one copy of a small message costs less than a rope. */
    static final int ALIAS_FROM_BYTES = 64 * 1024;
    /** The encoder's buffer; every write longer than this comes straight from a value's own array. */
    static final int ENCODER_BUFFER = 8 * 1024;

    private AliasedSerialization() {}

    /** The same bytes as {@code message.toByteString()}. */
    public static ByteString of(MessageLite message) {
        int size = message.getSerializedSize();
        if (size < ALIAS_FROM_BYTES) {
            return message.toByteString();
        }
        Pieces pieces = new Pieces();
        try {
            CodedOutputStream out = CodedOutputStream.newInstance(pieces, ENCODER_BUFFER);
            message.writeTo(out);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("serializing into memory failed", e); // Pieces never throws
        }
        ByteString bytes = ByteString.copyFrom(pieces.list); // a balanced rope, no copy of the pieces
        if (bytes.size() != size) {
            throw new IllegalStateException("serialized " + bytes.size() + " bytes of a " + size + "-byte message");
        }
        return bytes;
    }

    /** Collects what the encoder writes: copies of its buffer, references to longer writes. */
    private static final class Pieces extends OutputStream {
        final List<ByteString> list = new ArrayList<>();

        @Override
        public void write(int b) {
            list.add(ByteString.copyFrom(new byte[] {(byte) b}));
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (len == 0) {
                return;
            }
            list.add(len > ENCODER_BUFFER ? UnsafeByteOperations.unsafeWrap(b, off, len) : ByteString.copyFrom(b, off, len));
        }
    }
}
