package io.ledgergossip.bench;

import io.ledgergossip.fixture.network.NetworkConfig;
import io.ledgergossip.fixture.network.NetworkCrypto;
import io.ledgergossip.identity.TrustedOrgs;
import io.ledgergossip.ledger.BlockFileWriter;
import io.ledgergossip.ledger.FabricLedgerDirectory;
import io.ledgergossip.recovery.LedgerRepair;
import io.ledgergossip.recovery.RepairOutcome;
import io.ledgergossip.recovery.StateTransferSupply;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Repair of a damaged Fabric ledger from peers: the first peers of one org hold a long chain in
 * their stores and serve it over Fabric's state transfer; a copy of the same chain as Fabric's
 * block files is cut in the middle of its middle block, and {@code recover}'s repair (the same
 * code as the command) fetches the second half from all of them at once, checks every block and
 * rewrites the files. Measured from the start of the repair (scan included) to its commit; the
 * repaired files are compared byte for byte with the undamaged ones.
 */
public final class RecoverBench {
    public record Spec(NetworkConfig config, BenchProfile profile, int blocks, int blockBytes, int sources) {}

    /**
     * @param seconds from the start of the repair to its commit, scan and verification included
     * @param identical whether the repaired block files are byte for byte the undamaged ones
     */
    public record Result(String profile, int sources, int blocks, int blockBytes, long fetched, double seconds,
            double mbPerSecond, double blocksPerSecond, Map<String, Long> bySource, boolean identical, double cpuCores) {}

    private RecoverBench() {}

    public static Result run(Spec spec, Path work, Progress progress) throws Exception {
        NetworkConfig config = CatchupBench.firstOrg(spec.config(), spec.profile(), spec.sources() + 1,
                "recover (the sources and the repaired peer's identity)");
        progress.phase("recover: ledger");
        try (BenchNetwork net = BenchNetwork.create(config, work, spec.blockBytes(), 13)) {
            List<NetworkConfig.Peer> sources = config.peers().subList(0, spec.sources());
            Path pristine = work.resolve("pristine").resolve(config.channel());
            long bytes;
            try (BlockFileWriter files = BlockFileWriter.create(pristine)) {
                bytes = CatchupBench.writeLedger(net.orderer(), spec.blocks(), CatchupBench.storeOf(work, sources.get(0)), files::append,
                        progress);
            }
            for (NetworkConfig.Peer p : sources.subList(1, sources.size())) {
                CatchupBench.copyTree(CatchupBench.storeOf(work, sources.get(0)), CatchupBench.storeOf(work, p));
            }
            for (NetworkConfig.Peer p : sources) {
                net.start(p.name());
            }
            net.awaitTopology(Duration.ofSeconds(60));
            Path damaged = work.resolve("damaged").resolve(config.channel());
            cutInTheMiddle(pristine, damaged, spec.blocks() / 2);

            progress.phase("recover: repair from " + sources.size() + " peers");
            NetworkConfig.Peer asker = config.peers().get(config.peers().size() - 1);
            TrustedOrgs orderers = NetworkCrypto.ordererOrg(config, net.crypto());
            long cpuBefore = ProcessCpu.nanos();
            long started = System.nanoTime();
            RepairOutcome outcome;
            try (StateTransferSupply supply = StateTransferSupply.overGrpc(NetworkCrypto.peerIdentity(config, net.crypto(), asker),
                    NetworkCrypto.validator(config, net.crypto(), System::currentTimeMillis), config.channel(),
                    sources.stream().map(p -> p.endpoint().toString()).toList(), Duration.ofSeconds(3), 13)) {
                outcome = new LedgerRepair(damaged, supply, orderers, work.resolve("backups"), BlockFileWriter.DEFAULT_MAX_FILE_BYTES,
                        false).run();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            double cpu = (ProcessCpu.nanos() - cpuBefore) / 1e9 / seconds;
            progress.finishLine();
            double fetchedMb = bytes / 1e6 * outcome.fetched() / spec.blocks();
            return new Result(spec.profile().name(), spec.sources(), spec.blocks(), (int) (bytes / spec.blocks()), outcome.fetched(),
                    seconds, fetchedMb / seconds, outcome.fetched() / seconds, outcome.bySource(), sameFiles(pristine, damaged), cpu);
        }
    }

    /** A copy of the block files cut in the middle of block {@code number}, the files after it gone. */
    private static void cutInTheMiddle(Path pristine, Path damaged, long number) throws Exception {
        Files.createDirectories(damaged);
        var ledger = FabricLedgerDirectory.channelAt(pristine).orElseThrow();
        long seen = 0;
        boolean cut = false;
        for (Path file : ledger.blockFiles()) {
            if (cut) {
                break;
            }
            Path copy = damaged.resolve(file.getFileName());
            Files.copy(file, copy);
            try (var reader = io.ledgergossip.ledger.BlockFileReader.open(file)) {
                while (true) {
                    long offset = reader.offset();
                    if (reader.next().isEmpty()) {
                        break;
                    }
                    if (seen++ == number) {
                        try (RandomAccessFile f = new RandomAccessFile(copy.toFile(), "rw")) {
                            f.setLength((offset + reader.offset()) / 2);
                        }
                        cut = true;
                        break;
                    }
                }
            }
        }
    }

    private static boolean sameFiles(Path a, Path b) throws Exception {
        try (Stream<Path> files = Files.list(a)) {
            for (Path f : files.toList()) {
                if (!Files.exists(b.resolve(f.getFileName())) || Files.mismatch(f, b.resolve(f.getFileName())) != -1) {
                    return false;
                }
            }
        }
        try (Stream<Path> files = Files.list(b)) {
            return files.count() == FabricLedgerDirectory.channelAt(a).orElseThrow().blockFiles().size();
        }
    }
}
