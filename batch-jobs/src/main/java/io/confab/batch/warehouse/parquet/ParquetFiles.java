package io.confab.batch.warehouse.parquet;

import io.confab.storage.warehouse.WarehouseTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;

/**
 * Rows of one table to one local Parquet file with storage's row schema: parquet-avro over
 * {@link LocalOutputFile}, no Hadoop file system (only Hadoop's shaded client jars, which
 * parquet-hadoop's classes and its ZSTD codec still name; storage/README.md "Warehouse").
 */
public final class ParquetFiles {

    /**
     * 64 MiB row groups: DuckDB reads a file's row groups in parallel and skips them by their min/max
     * statistics, so a day of a large table gives a few groups per core; smaller groups would cost
     * more footer and dictionary per row.
     */
    public static final long ROW_GROUP_BYTES = 64L << 20;
    /** ZSTD: smaller files than Snappy at a similar read speed in DuckDB; the export writes once and is read many times. */
    public static final CompressionCodecName CODEC = CompressionCodecName.ZSTD;

    private ParquetFiles() {
    }

    public static void write(WarehouseTable table, List<? extends SpecificRecord> rows, Path file) throws IOException {
        Files.deleteIfExists(file);
        try (ParquetWriter<SpecificRecord> writer = AvroParquetWriter.<SpecificRecord>builder(new LocalOutputFile(file))
                .withConf(new PlainParquetConfiguration())
                .withSchema(table.schema())
                .withDataModel(SpecificData.getForClass(table.rowClass()))
                .withCompressionCodec(CODEC)
                .withRowGroupSize(ROW_GROUP_BYTES)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .build()) {
            for (SpecificRecord row : rows) {
                writer.write(row);
            }
        }
    }
}
