package io.confab.batch.warehouse.rows;

import io.confab.storage.warehouse.WarehouseTable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * One warehouse row on its way to its partition: the table, the day, the time it sorts by inside the
 * file, and the row as Avro binary (the row schemas are storage's; bytes keep the runner's coder
 * trivial and compare exactly, which the sort needs for files that are the same on every run).
 */
public record TableRow(WarehouseTable table, LocalDate date, long sortMillis, byte[] avro) implements Comparable<TableRow> {

    public static TableRow of(WarehouseTable table, SpecificRecord row) {
        Instant at = (Instant) row.get(row.getSchema().getField(table.partitionSourceField()).pos());
        return new TableRow(table, table.partitionOf(row), at.toEpochMilli(), encode(table, row));
    }

    /** {@code table/date}: the partition this row goes to. */
    public String partition() {
        return table.tableName() + '/' + date;
    }

    public SpecificRecord decode() {
        try {
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(avro, null);
            return new SpecificDatumReader<SpecificRecord>(table.schema(), table.schema(), SpecificData.getForClass(table.rowClass()))
                    .read(null, decoder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] encode(WarehouseTable table, SpecificRecord row) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(256);
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            new SpecificDatumWriter<SpecificRecord>(table.schema(), SpecificData.getForClass(table.rowClass())).write(row, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Time first (row groups then hold narrow time ranges for min/max pruning), then bytes, so ties sort the same every run. */
    @Override
    public int compareTo(TableRow other) {
        int byTime = Long.compare(sortMillis, other.sortMillis);
        return byTime != 0 ? byTime : java.util.Arrays.compareUnsigned(avro, other.avro);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TableRow row && table == row.table && date.equals(row.date) && sortMillis == row.sortMillis
                && java.util.Arrays.equals(avro, row.avro);
    }

    @Override
    public int hashCode() {
        return 31 * partition().hashCode() + java.util.Arrays.hashCode(avro);
    }
}
