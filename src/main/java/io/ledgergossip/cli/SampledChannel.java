package io.ledgergossip.cli;

import io.ledgergossip.dissemination.BlockSignatures;
import io.ledgergossip.fixture.ChannelGenesis;
import io.ledgergossip.fixture.SeededRandom;
import io.ledgergossip.identity.CryptoGenerator;
import io.ledgergossip.identity.LocalIdentity;
import io.ledgergossip.identity.NodeRole;
import io.ledgergossip.identity.OrgCa;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.hyperledger.fabric.protos.common.Common.Block;

/**
 * The channel behind {@code sample-ledger}'s chain: an ordering org and an application org whose
 * CAs, like the orderer's key and its signatures, follow from the seed, and the genesis block
 * that names them, so that anyone can check every later block's orderer signature against it.
 */
record SampledChannel(Block genesis, LocalIdentity orderer, SecureRandom random) {
    /** The chain's time: certificates valid from a fixed instant for 20 years, so the same seed makes the same bytes. */
    private static final Instant EPOCH = Instant.ofEpochSecond(1_700_000_000L);

    static SampledChannel create(String channel, long seed) {
        SecureRandom random = SeededRandom.of(seed ^ 0x5eed_0bdL);
        CryptoGenerator generator = new CryptoGenerator(random, EPOCH, Duration.ofDays(20 * 365));
        OrgCa ordering = generator.createOrgCa("OrdererMSP", "example.com", NodeRole.ORDERER);
        OrgCa sample = generator.createOrgCa("SampleOrg", "sample.example.com", NodeRole.PEER);
        LocalIdentity orderer = LocalIdentity.issued(generator.issueNode(ordering, "orderer.example.com", List.of()));
        return new SampledChannel(ChannelGenesis.of(channel, EPOCH, List.of(ordering), List.of(sample)), orderer, random);
    }

    /** The block with the orderer's signature in its metadata, as an orderer hands it out. */
    Block sign(Block block) {
        byte[] nonce = new byte[24];
        random.nextBytes(nonce);
        return BlockSignatures.sign(block, orderer, nonce);
    }
}
