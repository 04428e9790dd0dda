package io.confab.ingest;

import io.confab.storage.events.MediaPacket;

import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * One decrypted RTP packet as the SFU hands it to the tap: the RFC 3550 header fields as the SFU
 * read them, a copy of the payload, and the RFC 6464 audio level when the extension was present.
 * Turning it into storage/'s {@link MediaPacket} (the {@code media.packets} contract) is the tap's
 * job and happens on the publisher thread, off the media thread.
 *
 * @param ssrc           the 32-bit SSRC as Java reads it (signed); the contract carries it unsigned
 * @param rtpTimestamp   unsigned 32-bit, in a long
 * @param arrivalMicros  wall-clock arrival, microseconds since the epoch
 * @param audioLevel     0..127 (-dBov), or {@link #NO_AUDIO_LEVEL} when the extension was absent
 * @param voiceActivity  the V flag; meaningful only with an audio level
 */
public record TappedPacket(TappedTrack track, int ssrc, int sequenceNumber, long rtpTimestamp, long arrivalMicros,
                           boolean marker, int payloadType, byte[] payload, int audioLevel, boolean voiceActivity) {

    public static final int NO_AUDIO_LEVEL = -1;

    /** The packet as the {@code media.packets} record. */
    public MediaPacket toMediaPacket() {
        boolean hasLevel = audioLevel != NO_AUDIO_LEVEL;
        return MediaPacket.newBuilder()
                .setMeetingId(track.meetingId())
                .setAccountId(track.accountId())
                .setParticipantId(track.participantId())
                .setTrackId(track.trackId())
                .setKind(track.kind())
                .setCodec(track.codec())
                .setClockRate(track.clockRate())
                .setSsrc(Integer.toUnsignedLong(ssrc))
                .setSequenceNumber(sequenceNumber & 0xFFFF)
                .setRtpTimestamp(rtpTimestamp & 0xFFFF_FFFFL)
                .setArrivalTime(Instant.ofEpochSecond(Math.floorDiv(arrivalMicros, 1_000_000L),
                        Math.floorMod(arrivalMicros, 1_000_000L) * 1000))
                .setMarker(marker)
                .setPayloadType(payloadType)
                .setPayload(ByteBuffer.wrap(payload))
                .setAudioLevel(hasLevel ? audioLevel : null)
                .setVoiceActivity(hasLevel ? voiceActivity : null)
                .build();
    }
}
