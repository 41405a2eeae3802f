package io.ledgergossip.recovery;

import io.ledgergossip.dissemination.BlockSignatures;
import io.ledgergossip.dissemination.BlockVerificationException;
import io.ledgergossip.identity.IdentityValidator;
import io.ledgergossip.identity.TrustedOrgs;
import io.ledgergossip.ledger.BlockCheck;
import io.ledgergossip.ledger.ChainVerifier;
import io.ledgergossip.ledger.ChannelConfig;
import io.ledgergossip.ledger.ContentCheckedBlock;
import io.ledgergossip.ledger.GoodPrefix;
import io.ledgergossip.ledger.LedgerFormatException;
import io.ledgergossip.orderer.ChannelTrust;
import java.util.Set;
import org.hyperledger.fabric.protos.common.Common.Block;

/**
 * What a fetched block must show before it joins a ledger after its good prefix: the next number,
 * the previous block's header hash, a data hash that matches its well-formed transactions, and a
 * valid signature of one of the ordering orgs. The ordering orgs and their certificates come from
 * the channel's last config block (the genesis block, or a later update, each checked in turn
 * before it is believed); for a chain whose genesis block is no config block (the project's
 * fixture networks), from the operator's network config.
 */
public final class ChainExtension {
    private final ChainVerifier chain;
    /** Replaced whole when a config block is taken. */
    private Trust trust;

    private record Trust(IdentityValidator validator, Set<String> ordererMspIds, String source) {}

    private ChainExtension(GoodPrefix prefix, TrustedOrgs orderers, String trustSource) {
        this.chain = new ChainVerifier(prefix.height(), prefix.lastHeaderHash());
        trust(orderers, trustSource);
    }

    /**
     * @param fallbackOrderers the ordering orgs to trust when the ledger's good blocks hold no
     *     config block, or null
     * @throws RepairException when the genesis block is not good (it is the root of trust), or
     *     nothing says whose signatures to trust
     */
    public static ChainExtension after(GoodPrefix prefix, TrustedOrgs fallbackOrderers) throws RepairException {
        if (prefix.height() == 0) {
            throw new RepairException("block 0 (the genesis block) is damaged or missing: it is the root of trust for every "
                    + "later block and cannot be fetched from peers; copy the channel's genesis block back first");
        }
        if (prefix.lastConfig() != null) {
            try {
                ChannelConfig config = ChannelConfig.of(prefix.lastConfig());
                return new ChainExtension(prefix, ChannelTrust.of(config.ordererOrgs()),
                        "block " + prefix.lastConfig().getHeader().getNumber() + "'s channel config");
            } catch (LedgerFormatException e) {
                throw new RepairException("the channel's config cannot be read: " + e.getMessage());
            }
        }
        if (fallbackOrderers == null) {
            throw new RepairException("the ledger's genesis block is not a channel config block, so it does not say whose "
                    + "signatures to trust: give --config with the network's ordering org");
        }
        return new ChainExtension(prefix, fallbackOrderers, "the network config's ordering org");
    }

    private void trust(TrustedOrgs orderers, String source) {
        this.trust = new Trust(IdentityValidator.forPastSignatures(orderers), orderers.mspIds(), source);
    }

    /** The ordering orgs blocks are checked against, and where that came from. */
    public String trust() {
        return String.join(", ", trust.ordererMspIds()) + " (from " + trust.source() + ")";
    }

    /** The number the next block must carry. */
    public long expectedNumber() {
        return chain.expectedNumber();
    }

    /** Header hash of the last block taken. */
    public byte[] lastHeaderHash() {
        return chain.lastHeaderHash();
    }

    /** Both checks at once, in order: {@link #checkContent}, then {@link #takePlace}. */
    public void take(Block block, String source) throws RepairException {
        takePlace(checkContent(block, source), source);
    }

    /**
     * What a block shows on its own: a data hash that matches its well-formed transactions and a
     * valid signature of one of the ordering orgs trusted now (so never ahead of a config block
     * not yet taken).
     *
     * @throws RepairException naming the block, the source and what is wrong with it
     */
    private ContentCheckedBlock checkContent(Block block, String source) throws RepairException {
        long number = block.hasHeader() ? block.getHeader().getNumber() : -1;
        ContentCheckedBlock checked;
        try {
            checked = ContentCheckedBlock.check(block);
        } catch (ContentCheckedBlock.BlockContentException e) {
            throw new RepairException(source + " served a forged or corrupt block " + number + ": " + e.getMessage());
        }
        Trust now = trust;
        try {
            BlockSignatures.verify(block, now.validator(), now.ordererMspIds());
        } catch (BlockVerificationException e) {
            throw new RepairException(source + " served a forged block " + number + ": " + e.getMessage());
        }
        return checked;
    }

    /**
     * The block's place: the number after the last block taken, pointing to its header hash. A
     * config block's ordering orgs are trusted from here on. Called in chain order.
     */
    private void takePlace(ContentCheckedBlock checked, String source) throws RepairException {
        long number = chain.expectedNumber();
        BlockCheck check = chain.checkPlace(checked);
        if (!check.valid()) {
            throw new RepairException(source + " served a forged or corrupt block " + number + ": " + String.join(", ", check.errors()));
        }
        if (ChannelConfig.isConfigBlock(checked.block())) {
            try {
                trust(ChannelTrust.of(ChannelConfig.of(checked.block()).ordererOrgs()), "block " + number + "'s channel config");
            } catch (LedgerFormatException e) {
                throw new RepairException(source + " served config block " + number + " whose config does not parse: " + e.getMessage());
            }
        }
    }
}
