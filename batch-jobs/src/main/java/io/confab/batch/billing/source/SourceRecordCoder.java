package io.confab.batch.billing.source;

import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Topic and bytes, as they are: Java serialization would be several times larger and slower, and a
 * record's array field has no value equality for the runner's mutation checks.
 */
public final class SourceRecordCoder extends CustomCoder<SourceRecord> {

    private static final SourceRecordCoder INSTANCE = new SourceRecordCoder();

    public static SourceRecordCoder of() {
        return INSTANCE;
    }

    @Override
    public void encode(SourceRecord record, OutputStream out) throws IOException {
        StringUtf8Coder.of().encode(record.topic(), out);
        ByteArrayCoder.of().encode(record.value(), out);
    }

    @Override
    public SourceRecord decode(InputStream in) throws IOException {
        return new SourceRecord(StringUtf8Coder.of().decode(in), ByteArrayCoder.of().decode(in));
    }

    @Override
    public void verifyDeterministic() {
    }
}
