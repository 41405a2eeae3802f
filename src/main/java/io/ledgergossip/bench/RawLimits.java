package io.ledgergossip.bench;

import io.ledgergossip.fixture.network.NetworkConfig;
import io.ledgergossip.fixture.network.NetworkCrypto;
import io.ledgergossip.identity.IdentityException;
import io.ledgergossip.identity.LocalIdentity;
import io.ledgergossip.store.rocksdb.RawWriteThroughput;
import io.ledgergossip.time.ExecutorScheduler;
import io.ledgergossip.transport.netty.RawTlsThroughput;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * This machine's raw limits, measured in the same run as a scenario with the same blocks: RocksDB
 * batch writes and one loopback TLS connection.
 *
 * @param storeMbS plain RocksDB, batches of {@code batchSize} blocks, one synced write per batch
 * @param tcpMbS the blocks as frames over one mutually authenticated TLS connection
 */
public record RawLimits(double storeMbS, double tcpMbS, int blocks, int blockBytes, int batchSize) {
    public double min() {
        return Math.min(storeMbS, tcpMbS);
    }

    /** @param crypto crypto material of {@code config} (two of its peers' identities are used for TLS) */
    static RawLimits measure(NetworkConfig config, Path crypto, List<byte[]> blocks, int batchSize, Path work)
            throws IOException, IdentityException, SSLException, InterruptedException {
        double store = RawWriteThroughput.measure(work.resolve("raw-rocksdb"), blocks, batchSize, System::nanoTime);
        LocalIdentity a = NetworkCrypto.peerIdentity(config, crypto, config.peers().get(0));
        LocalIdentity b = NetworkCrypto.peerIdentity(config, crypto, config.peers().get(1));
        List<java.security.cert.X509Certificate> roots = NetworkCrypto.validator(config, crypto, ExecutorScheduler.systemClock())
                .orgs().allRoots();
        double tcp = RawTlsThroughput.measure(a, b, roots, blocks, System::nanoTime);
        int avg = (int) (blocks.stream().mapToLong(x -> x.length).sum() / Math.max(1, blocks.size()));
        return new RawLimits(store, tcp, blocks.size(), avg, batchSize);
    }
}
