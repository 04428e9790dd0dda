package io.confab.batch.billing.pipeline;

import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.BigDecimalCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * The field encodings the billing coders share, each a Beam coder used in its nested form: strings may be
 * null (an optional Avro field decodes to null), instants keep their nanoseconds so a fact decodes
 * equal to itself, decimals keep their scale (2.50 is not 2.5 to {@code BigDecimal.equals}).
 */
final class Fields {

    static final Coder<String> TEXT = NullableCoder.of(StringUtf8Coder.of());
    static final Coder<Long> NUMBER = VarLongCoder.of();
    static final Coder<Integer> SMALL = VarIntCoder.of();
    static final Coder<Long> OPTIONAL = NullableCoder.of(VarLongCoder.of());
    static final Coder<BigDecimal> DECIMAL = BigDecimalCoder.of();
    /** Epoch seconds, then the nanoseconds. */
    static final Coder<Instant> INSTANT = new AtomicCoder<>() {
        @Override
        public void encode(Instant value, OutputStream out) throws IOException {
            NUMBER.encode(value.getEpochSecond(), out);
            SMALL.encode(value.getNano(), out);
        }

        @Override
        public Instant decode(InputStream in) throws IOException {
            long seconds = NUMBER.decode(in);
            return Instant.ofEpochSecond(seconds, SMALL.decode(in));
        }
    };

    private Fields() {
    }
}
