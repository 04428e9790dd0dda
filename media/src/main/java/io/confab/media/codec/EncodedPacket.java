package io.confab.media.codec;

/**
 * One compressed packet from an encoder, ready for a muxer. The array is handed over, not copied:
 * readers must not change it.
 *
 * @param data the packet (H.264: Annex B NAL units; AAC: one raw access unit, no ADTS header)
 * @param pts presentation time in the encoder's {@code timeBase()}
 * @param dts decoding time in the same base; equal to pts when the encoder makes no B-frames
 * @param keyFrame whether decoding can start here (H.264: an IDR picture; audio: every packet)
 */
public record EncodedPacket(byte[] data, long pts, long dts, boolean keyFrame) {
    public EncodedPacket {
        if (data == null || data.length == 0) {
            throw new IllegalArgumentException("an encoded packet has at least one byte");
        }
    }

    @Override
    public String toString() {
        return "EncodedPacket[" + data.length + " bytes, pts " + pts + ", dts " + dts + (keyFrame ? ", key" : "") + "]";
    }
}
