package io.ledgergossip.store.rocksdb;

import io.ledgergossip.store.MembershipStore;
import io.ledgergossip.store.StoreException;
import io.ledgergossip.util.Hex;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/** The membership column family of a peer's RocksDB store. */
public final class RocksMembershipStore implements MembershipStore {
    private final RocksDatabase db;

    public RocksMembershipStore(RocksLedgerStore store) {
        this.db = store.database();
    }

    @Override
    public void put(byte[] pkiId, byte[] aliveEnvelope) {
        write(batch -> batch.put(db.membership(), pkiId, aliveEnvelope));
    }

    @Override
    public void remove(byte[] pkiId) {
        write(batch -> batch.delete(db.membership(), pkiId));
    }

    private interface BatchWork {
        void apply(WriteBatch batch) throws RocksDBException;
    }

    private void write(BatchWork work) {
        // membership is advisory (it is re-learned from the network): no fsync per update
        try (RocksDatabase.Guard open = db.guard(); WriteBatch batch = new WriteBatch(); WriteOptions options = new WriteOptions()) {
            work.apply(batch);
            db.write(options, batch);
        } catch (RocksDBException e) {
            throw new StoreException("membership write failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Map<String, byte[]> loadAll() {
        Map<String, byte[]> all = new LinkedHashMap<>();
        db.readAll(db.membership()).forEach((key, value) -> all.put(Hex.of(key), value));
        return all;
    }
}
