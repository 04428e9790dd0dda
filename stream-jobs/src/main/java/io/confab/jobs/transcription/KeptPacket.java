package io.confab.jobs.transcription;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A tapped packet kept in the transcriber's state for a rebuild after a restore, framed with what
 * pruning needs: its arrival (epoch microseconds) and its track id ahead of the Avro record, so
 * that pruning reads eight bytes and a short string instead of decoding every kept packet each
 * time a segment ends (that decode grew with every silent track's kept packets).
 *
 * <pre>
 * [arrival micros: 8 bytes][track id length: 2 bytes][track id: UTF-8][the media.packets record]
 * </pre>
 */
final class KeptPacket {

    private KeptPacket() {
    }

    static byte[] frame(long arrivalMicros, String trackId, byte[] record) {
        byte[] track = trackId.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(10 + track.length + record.length)
                .putLong(arrivalMicros).putShort((short) track.length).put(track).put(record).array();
    }

    static long arrivalMicros(byte[] framed) {
        return ByteBuffer.wrap(framed).getLong(0);
    }

    static String trackId(byte[] framed) {
        int length = Short.toUnsignedInt(ByteBuffer.wrap(framed).getShort(8));
        return new String(framed, 10, length, StandardCharsets.UTF_8);
    }

    static byte[] record(byte[] framed) {
        int length = Short.toUnsignedInt(ByteBuffer.wrap(framed).getShort(8));
        return Arrays.copyOfRange(framed, 10 + length, framed.length);
    }
}
