package io.ledgergossip.store.rocksdb;

import io.ledgergossip.store.RunningStateHash;
import io.ledgergossip.store.StoreException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/** The ledger metadata that moves with every append: height, last header hash, state hash. */
record LedgerHead(long height, byte[] lastHeaderHash, byte[] stateHash) {
    static final byte[] HEIGHT = "height".getBytes(StandardCharsets.US_ASCII);
    static final byte[] LAST_HEADER_HASH = "lastHeaderHash".getBytes(StandardCharsets.US_ASCII);
    static final byte[] STATE_HASH = "stateHash".getBytes(StandardCharsets.US_ASCII);

    static final LedgerHead EMPTY = new LedgerHead(0, new byte[0], RunningStateHash.INITIAL);

    static LedgerHead read(RocksDatabase db) {
        byte[] height = db.get(db.meta(), HEIGHT);
        if (height == null) {
            return EMPTY;
        }
        if (height.length != Long.BYTES) {
            throw new StoreException(db.path() + ": damaged store: height has " + height.length + " bytes");
        }
        byte[] last = db.get(db.meta(), LAST_HEADER_HASH);
        byte[] state = db.get(db.meta(), STATE_HASH);
        if (last == null || state == null) {
            throw new StoreException(db.path() + ": damaged store: height without hashes");
        }
        return new LedgerHead(ByteBuffer.wrap(height).getLong(), last, state);
    }

    void writeTo(WriteBatch batch, ColumnFamilyHandle meta) throws RocksDBException {
        batch.put(meta, HEIGHT, ByteBuffer.allocate(Long.BYTES).putLong(height).array());
        batch.put(meta, LAST_HEADER_HASH, lastHeaderHash);
        batch.put(meta, STATE_HASH, stateHash);
    }
}
