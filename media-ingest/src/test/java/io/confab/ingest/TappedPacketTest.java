package io.confab.ingest;

import io.confab.storage.codec.Codecs;
import io.confab.storage.events.MediaKind;
import io.confab.storage.events.MediaPacket;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TappedPacketTest {

    private static final TappedTrack AUDIO = new TappedTrack("8512345678", "acct-1", "p-alice", "mic-1", MediaKind.AUDIO, "opus", 48_000);

    @Test
    void headerFieldsBecomeTheContractsUnsignedValues() {
        TappedPacket tapped = new TappedPacket(AUDIO, 0xCAFEBABE, 65_535, 0xFFFF_FFF0L, 1_764_806_400_123_456L, true, 111,
                new byte[] {1, 2, 3}, 42, true);

        MediaPacket packet = tapped.toMediaPacket();

        assertEquals("8512345678", packet.getMeetingId());
        assertEquals("acct-1", packet.getAccountId());
        assertEquals("p-alice", packet.getParticipantId());
        assertEquals("mic-1", packet.getTrackId());
        assertEquals(MediaKind.AUDIO, packet.getKind());
        assertEquals("opus", packet.getCodec());
        assertEquals(48_000, packet.getClockRate());
        assertEquals(0xCAFEBABEL, packet.getSsrc(), "the SSRC is carried unsigned");
        assertEquals(65_535, packet.getSequenceNumber());
        assertEquals(0xFFFF_FFF0L, packet.getRtpTimestamp());
        assertEquals(Instant.parse("2025-12-04T00:00:00.123456Z"), packet.getArrivalTime());
        assertTrue(packet.getMarker());
        assertEquals(111, packet.getPayloadType());
        assertEquals(ByteBuffer.wrap(new byte[] {1, 2, 3}), packet.getPayload());
        assertEquals(42, packet.getAudioLevel());
        assertEquals(Boolean.TRUE, packet.getVoiceActivity());
    }

    @Test
    void withoutTheAudioLevelExtensionLevelAndVoiceAreNull() {
        TappedTrack video = new TappedTrack("8512345678", "acct-1", "p-alice", "cam-1", MediaKind.VIDEO, "VP8", 90_000);
        MediaPacket packet = new TappedPacket(video, 7, 1, 90_000, 0, false, 96, new byte[0], TappedPacket.NO_AUDIO_LEVEL, true)
                .toMediaPacket();

        assertNull(packet.getAudioLevel());
        assertNull(packet.getVoiceActivity(), "a V flag without a level means nothing");
        assertEquals(Instant.EPOCH, packet.getArrivalTime());
    }

    @Test
    void theMappedRecordRoundTripsThroughTheTopicsCodec() {
        MediaPacket packet = new TappedPacket(AUDIO, 1, 2, 3, 4, false, 111, new byte[] {9, 8}, 127, false).toMediaPacket();

        byte[] encoded = Codecs.MEDIA_PACKETS.encode(packet);

        assertTrue(Codecs.MEDIA_PACKETS.decode(encoded) instanceof io.confab.storage.codec.Decoded.Ok<MediaPacket> ok
                && ok.value().equals(packet), "media.packets' codec gives back the record it was given");
        assertArrayEquals(new byte[] {9, 8}, packet.getPayload().array());
    }

    @Test
    void aTrackWithoutAClockRateIsRefusedByName() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> new TappedTrack("m", "a", "p", "t", MediaKind.AUDIO, "opus", 0));
        assertEquals("clockRate must be positive, was 0", refused.getMessage());
    }
}
