package io.ledgergossip.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import java.util.SplittableRandom;
import org.hyperledger.fabric.protos.common.Common.Block;
import org.hyperledger.fabric.protos.common.Common.BlockData;
import org.hyperledger.fabric.protos.common.Common.BlockHeader;
import org.junit.jupiter.api.Test;

class AliasedParseTest {
    private static Block block(SplittableRandom random) {
        BlockData.Builder data = BlockData.newBuilder();
        for (int i = 0; i < 5; i++) {
            byte[] tx = new byte[1 + random.nextInt(70_000)];
            random.nextBytes(tx);
            data.addData(ByteString.copyFrom(tx));
        }
        return Block.newBuilder().setHeader(BlockHeader.newBuilder().setNumber(7).setDataHash(ByteString.copyFrom(new byte[32])))
                .setData(data).build();
    }

    @Test
    void givesTheMessageThePlainParseGives() throws Exception {
        SplittableRandom random = new SplittableRandom(4);
        for (int round = 0; round < 20; round++) {
            Block block = block(random);
            ByteString bytes = block.toByteString();
            Block aliased = AliasedParse.parse(Block.parser(), bytes);
            assertEquals(Block.parseFrom(bytes), aliased);
            assertArrayEquals(bytes.toByteArray(), aliased.toByteArray(), "serializes back to the very bytes");
        }
    }

    @Test
    void fieldsPointIntoTheSourceBytesInsteadOfCopyingThem() throws Exception {
        Block block = block(new SplittableRandom(5));
        byte[] source = block.toByteArray();
        ByteString wrapped = UnsafeByteOperations.unsafeWrap(source); // lets the test see whether the bytes are shared
        Block aliased = AliasedParse.parse(Block.parser(), wrapped);
        Block copied = Block.parseFrom(wrapped);
        byte[] first = block.getData().getData(0).toByteArray();
        int at = Bytes.indexOf(source, first);
        source[at] ^= 0x55;
        assertEquals((byte) (first[0] ^ 0x55), aliased.getData().getData(0).byteAt(0), "the aliased field is the source's byte");
        assertEquals(first[0], copied.getData().getData(0).byteAt(0), "a plain parse copied it");
    }

    @Test
    void truncatedOrGarbageBytesAreRefused() {
        byte[] bytes = block(new SplittableRandom(6)).toByteArray();
        ByteString truncated = ByteString.copyFrom(bytes, 0, bytes.length / 2);
        assertThrows(InvalidProtocolBufferException.class, () -> AliasedParse.parse(Block.parser(), truncated));
        ByteString garbage = ByteString.copyFrom(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f});
        assertThrows(InvalidProtocolBufferException.class, () -> AliasedParse.parse(Block.parser(), garbage));
    }

    /** Where {@code part} first starts in {@code whole}. */
    private static final class Bytes {
        static int indexOf(byte[] whole, byte[] part) {
            for (int i = 0; i + part.length <= whole.length; i++) {
                if (java.util.Arrays.equals(whole, i, i + part.length, part, 0, part.length)) {
                    return i;
                }
            }
            throw new AssertionError("not found");
        }
    }
}
