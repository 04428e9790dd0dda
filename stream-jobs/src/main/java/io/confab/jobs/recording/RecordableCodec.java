package io.confab.jobs.recording;

import io.confab.storage.events.MediaKind;
import io.confab.storage.events.MediaPacket;
import java.util.Locale;
import java.util.Optional;

/**
 * Which tapped payloads the mixer can record: Opus audio and VP8 video, the formats the SFU
 * negotiates (the media module decodes only these). A packet in any other format (a client that
 * renegotiated H.264, a gateway sending PCMU) cannot become part of a recording: it is refused
 * with a reason that names the participant, the track and the format, and dead-lettered.
 */
final class RecordableCodec {

    private RecordableCodec() {
    }

    /** Why {@code packet} cannot be recorded; empty when it can. */
    static Optional<String> refusal(MediaPacket packet) {
        String codec = packet.getCodec().toLowerCase(Locale.ROOT);
        boolean audio = packet.getKind() == MediaKind.AUDIO;
        if (audio ? codec.equals("opus") : codec.equals("vp8")) {
            return Optional.empty();
        }
        return Optional.of("codec not recordable: " + (audio ? "audio" : "video") + " track " + packet.getTrackId() + " of participant "
                + packet.getParticipantId() + " sends " + packet.getCodec() + " (payload type " + packet.getPayloadType()
                + "); the recording takes Opus audio and VP8 video");
    }
}
