package io.confab.jobs.usage.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.datastax.oss.driver.api.core.ProtocolVersion;
import com.datastax.oss.driver.api.core.type.codec.TypeCodecs;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The values the sinks write are byte for byte what the driver's own codecs make of them. */
class CqlValuesTest {

    private static final ProtocolVersion V4 = ProtocolVersion.V4;

    @Test
    void textIsTheDriversUtf8() {
        for (String text : new String[] {"", "acct-1", "Zo\u00eb", "\u20ac and \ud83d\ude00", "p".repeat(300)}) {
            assertEquals(TypeCodecs.TEXT.encode(text, V4), CqlValues.text(text), text);
        }
        assertNull(CqlValues.text(null));
    }

    @Test
    void timestampsBigintsAndDatesAreTheDrivers() {
        for (long millis : new long[] {0, 1, -1, 1_765_000_000_123L, -62_135_596_800_000L, 253_402_300_799_999L}) {
            assertEquals(TypeCodecs.TIMESTAMP.encode(Instant.ofEpochMilli(millis), V4), CqlValues.timestamp(millis));
            assertEquals(TypeCodecs.TIMESTAMP.encode(Instant.ofEpochMilli(millis), V4), CqlValues.timestamp(Long.valueOf(millis)));
            assertEquals(TypeCodecs.BIGINT.encode(millis, V4), CqlValues.bigint(millis));
        }
        assertNull(CqlValues.timestamp((Long) null));
        for (LocalDate day : new LocalDate[] {LocalDate.of(1970, 1, 1), LocalDate.of(2026, 12, 7), LocalDate.of(1901, 1, 1)}) {
            assertEquals(TypeCodecs.DATE.encode(day, V4), CqlValues.date(day));
        }
    }
}
