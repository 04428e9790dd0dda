package io.confab.jobs.recording;

import io.confab.storage.events.MediaPacket;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The payload format (codec and RTP payload type) each track of one meeting was last seen in, to
 * notice a track that changes format mid-stream (a renegotiation, a client falling back to
 * another codec). A change is not an error: the packets in a recordable format go on being
 * recorded, the engine restarts the track's decoder, and the change is counted and logged once.
 * Kept in memory only: after a restore the first packet of each track sets its format again.
 */
final class TrackFormats {

    private final Map<String, String> formats = new HashMap<>();

    /** Notes {@code packet}'s format; describes the change when its track was last in another. */
    Optional<String> change(MediaPacket packet) {
        String format = packet.getCodec() + "/" + packet.getPayloadType();
        String before = formats.put(packet.getTrackId(), format);
        if (before == null || before.equals(format)) {
            return Optional.empty();
        }
        return Optional.of("track " + packet.getTrackId() + " of participant " + packet.getParticipantId() + " changed from "
                + before.replace("/", " (payload type ") + ") to " + format.replace("/", " (payload type ") + ")");
    }
}
