package io.confab.storage.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.avro.generic.GenericData;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every warehouse schema writes to a local Parquet file and reads back unchanged, with no Hadoop
 * cluster or file system: only Hadoop's shaded client API, whose classes parquet-hadoop still names.
 * The file is uncompressed because parquet-hadoop 1.18.1 builds its Snappy and ZSTD codecs through
 * a Hadoop Configuration, which needs hadoop-client-runtime as well (storage/README.md, "Warehouse").
 */
class ParquetRoundTripTest {

    @TempDir
    Path folder;

    @ParameterizedTest
    @EnumSource(WarehouseTable.class)
    void rowSurvivesAParquetFile(WarehouseTable table) throws IOException {
        SpecificRecord row = WarehouseRows.onePerTable().get(table);
        Path file = folder.resolve(table.tableName() + ".parquet");

        try (ParquetWriter<SpecificRecord> writer = AvroParquetWriter.<SpecificRecord>builder(new LocalOutputFile(file))
                // Parquet's own configuration, not Hadoop's: nothing here needs a Hadoop runtime.
                .withConf(new PlainParquetConfiguration())
                .withSchema(table.schema())
                .withDataModel(SpecificData.getForClass(table.rowClass()))
                .withCompressionCodec(CompressionCodecName.UNCOMPRESSED)
                .build()) {
            writer.write(row);
        }
        Object read;
        try (ParquetReader<Object> reader = AvroParquetReader.builder(new LocalInputFile(file), new PlainParquetConfiguration())
                .withDataModel(SpecificData.getForClass(table.rowClass()))
                .build()) {
            read = reader.read();
        }

        assertEquals(row, read);
    }
}
