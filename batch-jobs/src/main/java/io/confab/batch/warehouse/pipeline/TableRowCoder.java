package io.confab.batch.warehouse.pipeline;

import io.confab.batch.warehouse.rows.TableRow;
import io.confab.storage.warehouse.WarehouseTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.LocalDate;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;

/** A row as it is: table name, day, sort time, Avro bytes (Java serialization would be larger and slower). */
final class TableRowCoder extends CustomCoder<TableRow> {

    private static final TableRowCoder INSTANCE = new TableRowCoder();

    static TableRowCoder of() {
        return INSTANCE;
    }

    @Override
    public void encode(TableRow row, OutputStream out) throws IOException {
        StringUtf8Coder.of().encode(row.table().tableName(), out);
        VarLongCoder.of().encode(row.date().toEpochDay(), out);
        VarLongCoder.of().encode(row.sortMillis(), out);
        ByteArrayCoder.of().encode(row.avro(), out);
    }

    @Override
    public TableRow decode(InputStream in) throws IOException {
        String table = StringUtf8Coder.of().decode(in);
        return new TableRow(WarehouseTable.byTableName(table).orElseThrow(() -> new IOException("no warehouse table " + table)),
                LocalDate.ofEpochDay(VarLongCoder.of().decode(in)), VarLongCoder.of().decode(in), ByteArrayCoder.of().decode(in));
    }

    @Override
    public void verifyDeterministic() {
    }
}
