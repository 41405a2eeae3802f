package io.ledgergossip.recovery;

import io.ledgergossip.dissemination.BlockSignatures;
import io.ledgergossip.dissemination.BlockVerificationException;
import io.ledgergossip.identity.IdentityValidator;
import io.ledgergossip.identity.TrustedOrgs;
import io.ledgergossip.ledger.BlockCheck;
import io.ledgergossip.ledger.ChainVerifier;
import io.ledgergossip.ledger.ChannelConfig;
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
    private IdentityValidator validator;
    private Set<String> ordererMspIds;
    private String trustSource;

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
        this.validator = IdentityValidator.forPastSignatures(orderers);
        this.ordererMspIds = orderers.mspIds();
        this.trustSource = source;
    }

    /** The ordering orgs blocks are checked against, and where that came from. */
    public String trust() {
        return String.join(", ", ordererMspIds) + " (from " + trustSource + ")";
    }

    /** The number the next block must carry. */
    public long expectedNumber() {
        return chain.expectedNumber();
    }

    /** Header hash of the last block taken. */
    public byte[] lastHeaderHash() {
        return chain.lastHeaderHash();
    }

    /** @throws RepairException naming the block, the source and what is wrong with it */
    public void take(Block block, String source) throws RepairException {
        long number = chain.expectedNumber();
        BlockCheck check = chain.check(block);
        if (!check.valid()) {
            throw new RepairException(source + " served a forged or corrupt block " + number + ": " + String.join(", ", check.errors()));
        }
        try {
            BlockSignatures.verify(block, validator, ordererMspIds);
        } catch (BlockVerificationException e) {
            throw new RepairException(source + " served a forged block " + number + ": " + e.getMessage());
        }
        if (ChannelConfig.isConfigBlock(block)) {
            try {
                trust(ChannelTrust.of(ChannelConfig.of(block).ordererOrgs()), "block " + number + "'s channel config");
            } catch (LedgerFormatException e) {
                throw new RepairException(source + " served config block " + number + " whose config does not parse: " + e.getMessage());
            }
        }
    }
}
