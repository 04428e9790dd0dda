package io.confab.dataapi.query;

import io.confab.storage.s3.S3Layout;
import java.nio.file.Path;

/** The warehouse's Parquet files on local disk, laid out as in the bucket, brought up to date on demand. */
public interface WarehouseFiles {

    /** What one sync did, for the answer's scope and the logs. */
    record Sync(int files, long bytes, int fetched, long fetchedBytes, int removed) {
    }

    /** Makes the local files match the store; returns what is there now. */
    Sync sync();

    /** The directory holding {@code warehouse/}: DuckDB may read below here and nowhere else. */
    Path root();

    default Path warehouseDir() {
        return root().resolve(S3Layout.WAREHOUSE);
    }
}
