package io.confab.jobs.usage.sink;

import com.datastax.oss.driver.api.core.ProtocolVersion;
import com.datastax.oss.driver.api.core.type.codec.TypeCodecs;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

/**
 * The usage tables' values in their CQL wire form, for {@code BoundStatementBuilder.setBytesUnsafe}.
 * {@code PreparedStatement.bind(Object...)} asks the codec registry for each value's codec by its
 * class, and the driver's text codec encodes through a {@code CharsetEncoder} over a {@code CharBuffer}
 * view of the string: three objects and a loop a char at a time, for each of the ten columns of the
 * 1.5 rows the meter writes per event. Here text is one {@code String.getBytes(UTF_8)}, a single array
 * copy for ASCII, and numbers go straight into their buffer. Null is a null buffer: CQL's null.
 */
final class CqlValues {

    private CqlValues() {
    }

    static ByteBuffer text(String value) {
        return value == null ? null : ByteBuffer.wrap(value.getBytes(StandardCharsets.UTF_8));
    }

    /** A CQL timestamp: milliseconds since the epoch, eight bytes. */
    static ByteBuffer timestamp(long epochMillis) {
        return bigint(epochMillis);
    }

    static ByteBuffer timestamp(Long epochMillis) {
        return epochMillis == null ? null : bigint(epochMillis);
    }

    static ByteBuffer bigint(long value) {
        return ByteBuffer.allocate(Long.BYTES).putLong(0, value);
    }

    /** A CQL date (days since the epoch, centred on 2^31); its form is the same in every protocol version. */
    static ByteBuffer date(LocalDate day) {
        return TypeCodecs.DATE.encode(day, ProtocolVersion.DEFAULT);
    }
}
