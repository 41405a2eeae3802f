package io.ledgergossip.cli;

import io.ledgergossip.fixture.EphemeralSigner;
import io.ledgergossip.fixture.SampleLedger;
import io.ledgergossip.ledger.BlockFileWriter;
import io.ledgergossip.ledger.FabricLedgerDirectory;
import io.ledgergossip.store.BlockRejectedException;
import io.ledgergossip.store.StoreException;
import io.ledgergossip.store.rocksdb.RocksLedgerStore;
import io.ledgergossip.util.Hex;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.hyperledger.fabric.protos.common.Common.Block;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sample-ledger --out DIR}: a small ledger made with the project's own block builder. */
@Command(name = "sample-ledger", mixinStandardHelpOptions = true,
        footerHeading = "%nExample:%n",
        footer = "  java -jar target/ledger-gossip.jar sample-ledger --out /tmp/sample --blocks 100 && java -jar target/ledger-gossip.jar verify /tmp/sample%n",
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.LIST_OK, ExitCodes.LIST_CANNOT_RUN},
        description = {
            "Builds a channel's chain as an ordering service would: a genesis config block naming an ordering org "
                    + "(OrdererMSP, its CA made from the seed) and the application org SampleOrg, then blocks of signed, "
                    + "well-formed transactions, each signed by the orderer; commits each into a RocksDB store (DIR/store) with "
                    + "its world-state writes, and exports the chain as Fabric block files "
                    + "(DIR/ledgersData/chains/chains/CHANNEL/blockfile_NNNNNN, 64 MiB each at most).",
            "Then `verify DIR` checks both."})
final class SampleLedgerCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to create (must not exist, be empty, or hold an earlier sample-ledger's output, which is replaced).")
    private Path out;

    @Option(names = "--blocks", defaultValue = "50", description = "Number of blocks, the genesis block included (default ${DEFAULT-VALUE}).")
    private int blocks;

    @Option(names = "--txs-per-block", defaultValue = "10", description = "Transactions per block (default ${DEFAULT-VALUE}).")
    private int txsPerBlock;

    @Option(names = "--value-bytes", defaultValue = "256", description = "Bytes per written value (default ${DEFAULT-VALUE}).")
    private int valueBytes;

    @Option(names = "--channel", defaultValue = "mychannel", description = "Channel name (default ${DEFAULT-VALUE}).")
    private String channel;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the transaction content (default ${DEFAULT-VALUE}).")
    private long seed;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Options.between(spec, "--blocks", blocks, 1, 10_000_000);
        Options.between(spec, "--txs-per-block", txsPerBlock, 1, 100_000);
        Options.between(spec, "--value-bytes", valueBytes, 0, BenchCommand.MAX_BLOCK_BYTES);
        if ((long) txsPerBlock * valueBytes > BenchCommand.MAX_BLOCK_BYTES) {
            err.printf("sample-ledger: --txs-per-block %d x --value-bytes %d makes blocks larger than Fabric's default limit of %d "
                    + "bytes (AbsoluteMaxBytes)%n", txsPerBlock, valueBytes, BenchCommand.MAX_BLOCK_BYTES);
            return ExitCodes.CANNOT_RUN;
        }
        String channelProblem = io.ledgergossip.config.ChannelNames.problem(channel);
        if (channelProblem != null) {
            err.println("sample-ledger: --channel: " + channelProblem);
            return ExitCodes.CANNOT_RUN;
        }
        try {
            RunDirectory run = RunDirectory.claim(out, "sample-ledger");
            Path storeDir = run.entry("store");
            run.entry("ledgersData");
            Path channelDir = FabricLedgerDirectory.channelDir(out, channel);
            SampledChannel sampled = SampledChannel.create(channel, seed);
            SampleLedger ledger = new SampleLedger(channel, seed, txsPerBlock, valueBytes, 1000, new EphemeralSigner("SampleOrg"))
                    .continuingAfter(sampled.genesis());
            try (RocksLedgerStore store = RocksLedgerStore.open(storeDir)) {
                store.append(sampled.genesis(), java.util.List.of());
                for (int i = 1; i < blocks; i++) {
                    SampleLedger.BlockWithWrites next = ledger.next();
                    store.append(sampled.sign(next.block()), next.writes());
                }
                try (BlockFileWriter writer = BlockFileWriter.create(channelDir);
                        Stream<Block> all = store.blocks(0, store.height())) {
                    for (Block block : (Iterable<Block>) all::iterator) {
                        writer.append(block);
                    }
                }
                PrintWriter o = spec.commandLine().getOut();
                o.printf("store:      %s (height %d)%n", storeDir, store.height());
                o.printf("block file: %s%n", channelDir.resolve(FabricLedgerDirectory.blockFileName(0)));
                o.printf("head hash:  %s%n", Hex.of(store.lastHeaderHash()));
                o.printf("state hash: %s%n", Hex.of(store.stateHash()));
                o.flush();
            }
            return ExitCodes.OK;
        } catch (RunDirectory.RefusedException e) {
            err.println("sample-ledger: --out: " + e.getMessage());
            return ExitCodes.CANNOT_RUN;
        } catch (IOException | StoreException | BlockRejectedException e) {
            err.println("sample-ledger: " + e.getMessage());
            return ExitCodes.CANNOT_RUN;
        }
    }
}
