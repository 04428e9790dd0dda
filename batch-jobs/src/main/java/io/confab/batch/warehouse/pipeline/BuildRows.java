package io.confab.batch.warehouse.pipeline;

import io.confab.batch.billing.source.SourceRecord;
import io.confab.batch.warehouse.rows.DateRange;
import io.confab.batch.warehouse.rows.GroupRows;
import io.confab.batch.warehouse.rows.Rejection;
import io.confab.batch.warehouse.rows.TableRow;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TupleTag;

/** One group of meetings' records to rows keyed by partition ({@code table/date}); refused rows to {@link #REJECTED}. */
final class BuildRows extends DoFn<KV<Integer, Iterable<SourceRecord>>, KV<String, TableRow>> {

    static final TupleTag<KV<String, TableRow>> ROWS = new TupleTag<>() { };
    static final TupleTag<Rejection> REJECTED = new TupleTag<>() { };

    private final DateRange range;
    private final Counter undecodable = Metrics.counter(WarehouseExport.METRICS, WarehouseExport.UNDECODABLE);
    private final Counter rejected = Metrics.counter(WarehouseExport.METRICS, WarehouseExport.REJECTED);

    BuildRows(DateRange range) {
        this.range = range;
    }

    @ProcessElement
    public void process(@Element KV<Integer, Iterable<SourceRecord>> group, MultiOutputReceiver out) {
        GroupRows.Result result = GroupRows.of(range, group.getValue());
        result.rows().forEach(row -> out.get(ROWS).output(KV.of(row.partition(), row)));
        undecodable.inc(result.undecodable());
        rejected.inc(result.rejections().stream().filter(r -> r.date() != null).count());
        result.rejections().forEach(r -> out.get(REJECTED).output(r));
    }
}
