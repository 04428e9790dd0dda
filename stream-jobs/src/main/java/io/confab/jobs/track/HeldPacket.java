package io.confab.jobs.track;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A tapped packet held until the event that says whether its meeting is recorded or transcribed
 * (the recording mixer's and the transcriber's hold), framed with
 * when this operator read it (processing time, epoch milliseconds). The hold counts from the
 * reading, not from the packet's arrival at the SFU: a job restored from a checkpoint replays
 * packets whose arrival is long past, and their start event is only a few fetches behind them.
 * Read times grow in the order packets are held, so expiry stops at the first young one without
 * decoding any.
 *
 * <pre>
 * [read at millis: 8 bytes][the media.packets record]
 * </pre>
 */
public final class HeldPacket {

    private HeldPacket() {
    }

    public static byte[] frame(long readAtMs, byte[] record) {
        return ByteBuffer.allocate(8 + record.length).putLong(readAtMs).put(record).array();
    }

    public static long readAtMs(byte[] framed) {
        return ByteBuffer.wrap(framed).getLong(0);
    }

    public static byte[] record(byte[] framed) {
        return Arrays.copyOfRange(framed, 8, framed.length);
    }
}
