package io.confab.batch.billing.pipeline;

import org.apache.beam.sdk.coders.BigDecimalCoder;
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
 * The field encodings the billing coders share, each a Beam coder in its nested form: strings may be
 * null (an optional Avro field decodes to null), instants keep their nanoseconds so a fact decodes
 * equal to itself, decimals keep their scale (2.50 is not 2.5 to {@code BigDecimal.equals}).
 */
final class Fields {

    private static final NullableCoder<String> TEXT = NullableCoder.of(StringUtf8Coder.of());
    private static final VarLongCoder LONG = VarLongCoder.of();
    private static final VarIntCoder INT = VarIntCoder.of();
    private static final NullableCoder<Long> OPTIONAL_LONG = NullableCoder.of(VarLongCoder.of());
    private static final BigDecimalCoder DECIMAL = BigDecimalCoder.of();

    private Fields() {
    }

    static void text(String value, OutputStream out) throws IOException {
        TEXT.encode(value, out);
    }

    static String text(InputStream in) throws IOException {
        return TEXT.decode(in);
    }

    static void number(long value, OutputStream out) throws IOException {
        LONG.encode(value, out);
    }

    static long number(InputStream in) throws IOException {
        return LONG.decode(in);
    }

    static void small(int value, OutputStream out) throws IOException {
        INT.encode(value, out);
    }

    static int small(InputStream in) throws IOException {
        return INT.decode(in);
    }

    static void optional(Long value, OutputStream out) throws IOException {
        OPTIONAL_LONG.encode(value, out);
    }

    static Long optional(InputStream in) throws IOException {
        return OPTIONAL_LONG.decode(in);
    }

    static void instant(Instant value, OutputStream out) throws IOException {
        LONG.encode(value.getEpochSecond(), out);
        INT.encode(value.getNano(), out);
    }

    static Instant instant(InputStream in) throws IOException {
        long seconds = LONG.decode(in);
        return Instant.ofEpochSecond(seconds, INT.decode(in));
    }

    static void decimal(BigDecimal value, OutputStream out) throws IOException {
        DECIMAL.encode(value, out);
    }

    static BigDecimal decimal(InputStream in) throws IOException {
        return DECIMAL.decode(in);
    }
}
