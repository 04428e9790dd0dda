package io.confab.batch.warehouse.pipeline;

import io.confab.batch.warehouse.rows.DateRange;
import io.confab.batch.warehouse.rows.Rejection;
import io.confab.batch.warehouse.store.WarehouseStore;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.transforms.DoFn;

/**
 * The run's rejects file, one line per refused row (day, source, reason), at most
 * {@link WarehouseExport#REJECT_SAMPLE} lines (the counters have them all). A run without
 * rejections removes the file an earlier run of the same range left.
 */
final class WriteRejects extends DoFn<Iterable<Rejection>, Void> {

    private final WarehouseStore store;
    private final DateRange range;

    WriteRejects(WarehouseStore store, DateRange range) {
        this.store = store;
        this.range = range;
    }

    @ProcessElement
    public void process(@Element Iterable<Rejection> some) {
        List<String> lines = new ArrayList<>();
        some.forEach(rejection -> lines.add(rejection.line()));
        String key = WarehouseExport.rejectsKey(range);
        if (lines.isEmpty()) {
            store.delete(key);
            return;
        }
        lines.sort(null);
        store.putText(key, "day\tsource\treason\n" + String.join("\n", lines) + "\n");
    }
}
