package io.confab.jobs.track;

import io.confab.storage.events.MediaPacket;

/** A tapped packet with its place on the recording's timeline (epoch microseconds of media time). */
record TimedPacket(MediaPacket packet, long mediaMicros) {

    byte[] payload() {
        java.nio.ByteBuffer buffer = packet.getPayload().duplicate();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
