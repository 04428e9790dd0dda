package io.confab.jobs.usage.state;

import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

import java.util.Map;

/**
 * The native memory of the meter's stores on disk (set as Kafka Streams' {@code
 * rocksdb.config.setter}). The stores that grow with the data are RocksDB: the seen event ids,
 * kept for the oldest metered month, and the meeting, peak and recording ledgers, kept for the
 * state retention. On the heap they filled the meter's 384 MiB within a million events
 * (stream-jobs/README.md, Figures). What stays in memory is one block cache and one memtable budget
 * shared by every RocksDB instance of the process. Without it each instance (seven stores, a task
 * per input partition, and for the seen ids a store per 31.5-day segment: dozens of instances on
 * the reference topics) would take Kafka Streams' defaults of a 50 MiB block cache and three 16 MiB
 * memtables each.
 *
 * <p>The budget is fixed: {@value #CACHE_BYTES} bytes in all, memtables counted inside it, with the
 * index and filter blocks cached at high priority so a lookup of an id never seen (the common case)
 * reads the Bloom filter from memory and not the disk. Kafka Streams' record cache, on the heap,
 * still sits in front of the ledger stores and coalesces their writes until each commit. The
 * memtables are 16 MiB each in a 48 MiB budget: with 4 MiB ones in 16 MiB they were flushed small and
 * often, and RocksDB's compaction took twice the CPU merging the files again (stream-jobs/README.md).
 */
public final class StoreMemoryBudget implements RocksDBConfigSetter {

    /** Everything RocksDB may hold in memory for the meter, memtables included. */
    public static final long CACHE_BYTES = 96L << 20;
    /** The memtables' share of {@link #CACHE_BYTES}: flushed to disk when the budget is reached. */
    static final long MEMTABLE_BYTES = 48L << 20;
    private static final long MEMTABLE_SIZE = 16L << 20;
    private static final double HIGH_PRIORITY_RATIO = 0.2;

    // Shared by every store instance of the process, so they are never closed with one store.
    private static final Cache CACHE = new LRUCache(CACHE_BYTES, -1, false, HIGH_PRIORITY_RATIO);
    private static final WriteBufferManager MEMTABLES = new WriteBufferManager(MEMTABLE_BYTES, CACHE);

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(CACHE);
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setTableFormatConfig(table);
        options.setWriteBufferManager(MEMTABLES);
        options.setWriteBufferSize(MEMTABLE_SIZE);
        options.setMaxWriteBufferNumber(2);
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and the memtable budget outlive any one store.
    }
}
