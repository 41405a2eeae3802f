package io.ledgergossip.ledger;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.hyperledger.fabric.protos.common.Common.Block;

/**
 * Reads a channel's block files from the start and stops at the first record that is missing,
 * unreadable or fails {@code verify}'s checks (number sequence, data hash, previous hash,
 * well-formed transactions): what comes before it is the ledger's {@link GoodPrefix}. Reading is
 * all it does: no file is opened for writing.
 */
public final class LedgerScan {
    private LedgerScan() {}

    /** @throws LedgerFormatException when the ledger was bootstrapped from a snapshot (its first blocks are elsewhere) */
    public static GoodPrefix scan(FabricLedgerDirectory.ChannelLedger ledger) throws IOException, LedgerFormatException {
        if (ledger.snapshotInfo() != null) {
            throw new LedgerFormatException(ledger.snapshotInfo() + ": the ledger was bootstrapped from a snapshot; only ledgers "
                    + "that start at the genesis block can be scanned for repair", false);
        }
        List<Path> files = ledger.blockFiles();
        Path dir = files.get(0).toAbsolutePath().getParent();
        ChainVerifier verifier = ChainVerifier.fromGenesis();
        Block genesis = null;
        Block lastConfig = null;
        int fileIndex = -1;
        long endOffset = 0;
        String problem = null;
        long height = 0;
        byte[] lastHeaderHash = null;
        files:
        for (int i = 0; i < files.size(); i++) {
            if (!FabricLedgerDirectory.blockFileName(i).equals(files.get(i).getFileName().toString())) {
                problem = FabricLedgerDirectory.blockFileName(i) + " is missing (the next file is " + files.get(i).getFileName() + ")";
                break;
            }
            try (BlockFileReader reader = BlockFileReader.open(files.get(i))) {
                while (true) {
                    long offset = reader.offset();
                    Optional<Block> next;
                    try {
                        next = reader.next();
                    } catch (LedgerFormatException e) {
                        problem = "block " + height + ": " + e.getMessage();
                        break files;
                    }
                    if (next.isEmpty()) {
                        break;
                    }
                    BlockCheck check = verifier.check(next.get());
                    if (!check.valid()) {
                        problem = "block " + check.blockNum() + " (" + files.get(i).getFileName() + " offset " + offset + "): "
                                + String.join(", ", check.errors());
                        break files;
                    }
                    height = check.blockNum() + 1;
                    lastHeaderHash = verifier.lastHeaderHash();
                    if (check.blockNum() == 0) {
                        genesis = next.get();
                    }
                    if (ChannelConfig.isConfigBlock(next.get())) {
                        lastConfig = next.get();
                    }
                    fileIndex = i;
                    endOffset = reader.offset();
                }
            }
            if (fileIndex < i) { // a file with no block at all: Fabric never leaves one behind a full file
                fileIndex = i;
                endOffset = 0;
            }
        }
        if (height == 0) {
            fileIndex = -1;
            endOffset = 0;
        }
        long highest = problem == null ? height - 1 : Math.max(height - 1, highestReadable(files, Math.max(fileIndex, 0), endOffset));
        return new GoodPrefix(ledger.name(), dir, files, fileIndex, endOffset, height, lastHeaderHash, problem,
                genesis, lastConfig, highest);
    }

    /**
     * The highest block number any record from {@code offset} of file {@code from} on still
     * carries, reading past records that do not parse while the framing holds and starting again
     * at each later file: what a repair that cut the ledger there would lose unless it is fetched.
     */
    private static long highestReadable(List<Path> files, int from, long offset) throws IOException {
        long highest = -1;
        for (int i = from; i < files.size(); i++) {
            try (BlockFileReader reader = BlockFileReader.open(files.get(i))) {
                if (i == from && reader.skip(offset) < offset) {
                    continue;
                }
                while (true) {
                    try {
                        Optional<Block> next = reader.next();
                        if (next.isEmpty()) {
                            break;
                        }
                        if (next.get().hasHeader()) {
                            highest = Math.max(highest, next.get().getHeader().getNumber());
                        }
                    } catch (LedgerFormatException e) {
                        if (!e.framingIntact()) {
                            break;
                        }
                    }
                }
            }
        }
        return highest;
    }
}
