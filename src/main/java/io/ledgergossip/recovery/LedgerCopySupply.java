package io.ledgergossip.recovery;

import io.ledgergossip.ledger.BlockSequence;
import io.ledgergossip.ledger.FabricLedgerDirectory;
import io.ledgergossip.ledger.LedgerFormatException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.hyperledger.fabric.protos.common.Common.Block;

/**
 * Blocks from another copy of the channel's ledger on disk (a backup, another peer's disk),
 * read in order up to its first record that cannot be read or does not carry the next number.
 * The copy is only read.
 */
public final class LedgerCopySupply implements BlockSupply {
    private final FabricLedgerDirectory.ChannelLedger copy;
    private final String name;
    private final Map<String, Long> served = new LinkedHashMap<>();
    private final Map<String, String> problems = new LinkedHashMap<>();

    public LedgerCopySupply(FabricLedgerDirectory.ChannelLedger copy) {
        this.copy = copy;
        this.name = copy.blockFiles().get(0).toAbsolutePath().getParent().toString();
        served.put(name, 0L);
    }

    @Override
    public String describe() {
        return name;
    }

    @Override
    public long stream(long from, Sink sink) throws IOException, RepairException {
        long handed = 0;
        long expected = 0;
        try (BlockSequence blocks = copy.open()) {
            while (true) {
                Optional<Block> next;
                try {
                    next = blocks.next();
                } catch (LedgerFormatException e) {
                    if (expected <= from) {
                        problems.put(name, e.getMessage());
                    }
                    break;
                }
                if (next.isEmpty() || !next.get().hasHeader() || next.get().getHeader().getNumber() != expected) {
                    if (next.isPresent() && expected <= from) {
                        problems.put(name, "the copy's record after block " + (expected - 1) + " is not block " + expected);
                    }
                    break;
                }
                if (expected >= from) {
                    sink.accept(next.get(), name);
                    handed++;
                    served.merge(name, 1L, Long::sum);
                }
                expected++;
            }
        } catch (LedgerFormatException e) { // a snapshot info file that does not parse
            problems.put(name, e.getMessage());
        }
        return handed;
    }

    @Override
    public Map<String, Long> blocksBySource() {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(served));
    }

    @Override
    public Map<String, String> problems() {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(problems));
    }

    @Override
    public void close() {}
}
