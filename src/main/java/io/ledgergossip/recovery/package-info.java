/**
 * Repair of a damaged Fabric peer ledger ({@code ledger-gossip recover}): find the good prefix of
 * a channel's block files, fetch the blocks after it from a {@link io.ledgergossip.recovery.BlockSupply}
 * (peers over Fabric's gossip state transfer, or another copy of the ledger on disk), verify each
 * one, and lay them out as Fabric's block store does, committed so that a crash leaves either the
 * original files or the repaired ones.
 *
 * <pre>
 *   LedgerScan --> GoodPrefix --> LedgerRepair --stream(from)--> BlockSupply (StateTransferSupply | LedgerCopySupply)
 *                                     |  each block: ChainExtension (chain, data hash, orderer signature)
 *                                     v
 *                                 StagedFiles (hidden temp files, fsync) --> backup --> RepairJournal (commit, rename)
 * </pre>
 *
 * <p>Sits beside {@code bench}: it uses the transport, identity, ledger and dissemination layers
 * and is used by the CLI.
 */
package io.ledgergossip.recovery;
