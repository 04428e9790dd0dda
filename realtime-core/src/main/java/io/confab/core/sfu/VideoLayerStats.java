package io.confab.core.sfu;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every video track's layers as {@code GET /api/sfu/stats} shows them under {@code videoLayers}:
 * per publication its owner, mid and layers (rid, SSRC once known, whether packets are arriving,
 * height from the last key frame, bitrate) and, per receiver, the rid forwarded to it (null while
 * none). Tests and load runs read from it which layers senders send and which receivers get.
 * Media thread only.
 */
final class VideoLayerStats {

    private VideoLayerStats() {
    }

    static List<Map<String, Object>> of(Conference conference, long now) {
        List<Map<String, Object>> publications = new ArrayList<>();
        for (Participant owner : conference.participants.values()) {
            for (Publication publication : owner.publications.values()) {
                if (publication.isVideo()) {
                    publications.add(describe(conference, publication, now));
                }
            }
        }
        return publications;
    }

    private static Map<String, Object> describe(Conference conference, Publication publication, long now) {
        List<Map<String, Object>> layers = new ArrayList<>();
        for (Publication.Layer layer : publication.layers) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("rid", layer.rid);
            entry.put("ssrc", layer.ssrcKnown ? Integer.toUnsignedLong(layer.ssrc) : null);
            entry.put("active", layer.active(now));
            entry.put("height", layer.height);
            entry.put("bitrateBps", layer.bitrate.bitsPerSecond(now));
            layers.add(entry);
        }
        Map<String, Object> forwarded = new LinkedHashMap<>();
        for (Participant receiver : conference.participants.values()) {
            DownTrack track = receiver.downTracks.get(publication);
            if (track != null) {
                forwarded.put(receiver.id.value(), track.currentLayer >= 0 ? publication.layers.get(track.currentLayer).rid : null);
            }
        }
        Map<String, Object> described = new LinkedHashMap<>();
        described.put("meetingId", conference.ref.meetingId());
        described.put("participantId", publication.owner.id.value());
        described.put("mid", publication.mid);
        described.put("layers", layers);
        described.put("forwarded", forwarded);
        return described;
    }
}
