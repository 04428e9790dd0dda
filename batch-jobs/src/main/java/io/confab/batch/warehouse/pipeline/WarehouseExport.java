package io.confab.batch.warehouse.pipeline;

import io.confab.batch.billing.source.MonthSource;
import io.confab.batch.billing.source.SourceRecord;
import io.confab.batch.billing.source.SourceRecordCoder;
import io.confab.batch.warehouse.rows.DateRange;
import io.confab.batch.warehouse.rows.GroupRows;
import io.confab.batch.warehouse.rows.Rejection;
import io.confab.batch.warehouse.rows.TableRow;
import io.confab.batch.warehouse.store.WarehouseStore;
import io.confab.storage.s3.S3Layout;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Sample;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * The warehouse export as a graph, top to bottom:
 * <pre>
 * source (five topics, bounded) ─ KeyByMeetingGroup ─ MeetingsTogether ─ BuildRows (decode, de-duplicate,
 *   rows of the range) ─┬ by partition (table/date) ─ WritePartition (Parquet, ZSTD) ─▶ warehouse/{table}/date=D/part-NNNNN.parquet
 *                       └ rejections ─ SomeRejections ─ WriteRejects ─▶ warehouse/_rejects/{range}.tsv
 * </pre>
 * The whole retention is read for any range: a session that began the evening before needs its
 * Joined, a meeting row its end the morning after. Meetings go to {@link #MEETING_GROUPS} groups by a
 * hash of the meeting id, as billing groups accounts: the DirectRunner pays per key.
 */
public final class WarehouseExport {

    static final String METRICS = "warehouse";
    public static final String RECORDS_READ = "records-read";
    public static final String ROWS_WRITTEN = "rows-written";
    public static final String UNDECODABLE = "undecodable";
    public static final String REJECTED = "rejected";
    /** Followed by {@code table/date}: rows written to that partition. */
    public static final String ROWS_PREFIX = "rows:";
    static final int MEETING_GROUPS = 64;
    static final int REJECT_SAMPLE = 1000;

    private WarehouseExport() {
    }

    public static void build(Pipeline pipeline, MonthSource source, DateRange range, WarehouseStore store) {
        PCollectionTuple built = source.read(pipeline)
                .apply("KeyByMeetingGroup", ParDo.of(new KeyByMeetingGroup()))
                .setCoder(KvCoder.of(VarIntCoder.of(), SourceRecordCoder.of()))
                .apply("MeetingsTogether", GroupByKey.create())
                .apply("BuildRows", ParDo.of(new BuildRows(range)).withOutputTags(BuildRows.ROWS, TupleTagList.of(BuildRows.REJECTED)));
        built.get(BuildRows.ROWS).setCoder(KvCoder.of(StringUtf8Coder.of(), TableRowCoder.of()))
                .apply("PartitionsTogether", GroupByKey.create())
                .apply("WritePartition", ParDo.of(new WritePartition(store)));
        PCollection<Rejection> rejections = built.get(BuildRows.REJECTED).setCoder(SerializableCoder.of(Rejection.class));
        rejections.apply("SomeRejections", Sample.fixedSizeGlobally(REJECT_SAMPLE))
                .apply("WriteRejects", ParDo.of(new WriteRejects(store, range)));
    }

    /** {@code warehouse/_rejects/{from}_{to}.tsv}: beside the tables, in no table's folder, so no view reads it. */
    public static String rejectsKey(DateRange range) {
        return S3Layout.WAREHOUSE + "_rejects/" + range.from() + "_" + range.to() + ".tsv";
    }

    /** Reads the group key from the record; a record that does not decode goes to group 0, where BuildRows rejects it. */
    static final class KeyByMeetingGroup extends DoFn<SourceRecord, KV<Integer, SourceRecord>> {
        private final Counter read = Metrics.counter(METRICS, RECORDS_READ);

        @ProcessElement
        public void process(@Element SourceRecord record, OutputReceiver<KV<Integer, SourceRecord>> out) {
            read.inc();
            out.output(KV.of(Math.floorMod(GroupRows.groupKey(record.topic(), record.value()).hashCode(), MEETING_GROUPS), record));
        }
    }
}
