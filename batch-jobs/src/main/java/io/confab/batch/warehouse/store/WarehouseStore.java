package io.confab.batch.warehouse.store;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;

/** Where warehouse files go, by full key ({@code warehouse/...}): S3 on the platform, a directory in tests and the benchmark. */
public interface WarehouseStore extends Serializable {

    void put(String key, Path file);

    void putText(String key, String content);

    /** Every key under the prefix. */
    List<String> list(String prefix);

    /** Nothing happens when there is no such key. */
    void delete(String key);
}
