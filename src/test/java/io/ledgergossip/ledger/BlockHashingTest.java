package io.ledgergossip.ledger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import io.ledgergossip.util.Hex;
import io.ledgergossip.util.Sha256;
import org.hyperledger.fabric.protos.common.Common.BlockData;
import org.hyperledger.fabric.protos.common.Common.BlockHeader;
import org.junit.jupiter.api.Test;

class BlockHashingTest {
    @Test
    void headerIsDerSequenceOfNumberPreviousHashAndDataHash() {
        byte[] dataHash = new byte[32];
        dataHash[31] = 7;
        BlockHeader header = BlockHeader.newBuilder().setNumber(0).setDataHash(ByteString.copyFrom(dataHash)).build();

        // SEQUENCE(39) { INTEGER 0, OCTET STRING "", OCTET STRING(32) dataHash }
        String expected = "3027" + "020100" + "0400" + "0420" + Hex.of(dataHash);
        assertEquals(expected, Hex.of(BlockHashing.headerBytes(header)));
        assertArrayEquals(Sha256.of(Hex.parse(expected)), BlockHashing.headerHash(header));
    }

    @Test
    void blockNumberIsAnUnsignedInteger() {
        BlockHeader high = BlockHeader.newBuilder().setNumber(Long.MIN_VALUE).build(); // 2^63 as uint64
        assertEquals("300f" + "0209008000000000000000" + "0400" + "0400", Hex.of(BlockHashing.headerBytes(high)));

        BlockHeader n128 = BlockHeader.newBuilder().setNumber(128).build();
        assertEquals("3008" + "02020080" + "0400" + "0400", Hex.of(BlockHashing.headerBytes(n128)));
    }

    @Test
    void dataHashIsOverTheConcatenatedEntries() {
        BlockData data = BlockData.newBuilder()
                .addData(ByteString.copyFromUtf8("ab"))
                .addData(ByteString.copyFromUtf8("c"))
                .build();
        assertArrayEquals(Sha256.of("abc".getBytes()), BlockHashing.dataHash(data));
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                Hex.of(BlockHashing.dataHash(data)));
    }
}
