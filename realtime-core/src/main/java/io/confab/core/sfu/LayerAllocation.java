package io.confab.core.sfu;

import io.confab.core.sfu.allocation.LayerPreference;
import io.confab.core.sfu.allocation.LayerUsage;
import io.confab.core.sfu.allocation.PublishedVideo;
import io.confab.core.sfu.allocation.Receiver;
import io.confab.core.sfu.allocation.ReceiverAllocation;
import io.confab.core.sfu.allocation.SimulcastLayer;
import io.confab.core.sfu.allocation.SourceAllocation;
import io.confab.core.sfu.allocation.SpeakerOrder;
import io.confab.core.signaling.protocol.ParticipantId;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The glue between one meeting and the pure {@code allocation.BandwidthAllocator}: describes every
 * video source's layers (measured bitrate, height, arriving or not) and every receiver's estimate,
 * cap and layout preference, then applies the answer: each down track's target layer (with a key
 * frame request to switch), probes for the downlinks held back, and to each sender the layers
 * somebody still wants. Media thread only.
 */
final class LayerAllocation {

    private final Conference conference;

    LayerAllocation(Conference conference) {
        this.conference = conference;
    }

    void allocate(long now) {
        Map<ParticipantId, Participant> participants = conference.participants;
        SfuContext ctx = conference.ctx;
        List<PublishedVideo> sources = new ArrayList<>();
        Map<String, Publication> byKey = new HashMap<>();
        for (Participant owner : participants.values()) {
            for (Publication publication : owner.publications.values()) {
                if (!publication.isVideo()) {
                    continue;
                }
                List<SimulcastLayer> layers = new ArrayList<>();
                for (Publication.Layer layer : publication.layers) {
                    long bps = layer.bitrateOrNominal(now);
                    layers.add(layer.active(now) ? SimulcastLayer.active(bps, layer.height) : SimulcastLayer.inactive(bps, layer.height));
                }
                sources.add(new PublishedVideo(publication.key(), owner.id.value(), layers, owner.videoMuted));
                byKey.put(publication.key(), publication);
            }
        }
        if (sources.isEmpty()) {
            return;
        }
        SpeakerOrder order = SpeakerOrder.of(conference.speaker.recentSpeakers());
        String dominant = conference.speaker.dominant().orElse(null);
        List<Receiver> receivers = new ArrayList<>();
        for (Participant receiver : participants.values()) {
            if (receiver.downTracks.isEmpty()) {
                continue;
            }
            Receiver entry = Receiver.of(receiver.id.value(), receiver.downlink.estimate(now)).withLastN(ctx.config.lastN());
            if (receiver.capBps > 0) {
                entry = entry.withCap(receiver.capBps);
            }
            int visible = sources.size() - (int) sources.stream().filter(s -> s.ownerId().equals(receiver.id.value())).count();
            for (PublishedVideo source : sources) {
                entry = entry.withPreference(source.sourceId(), preference(receiver, source, visible, dominant));
            }
            receivers.add(entry);
        }
        Map<String, PublishedVideo> sourcesById = new HashMap<>();
        sources.forEach(source -> sourcesById.put(source.sourceId(), source));
        for (ReceiverAllocation allocation : conference.allocator.allocateAll(receivers, sources, order)) {
            Participant receiver = participants.get(new ParticipantId(allocation.participantId()));
            if (receiver == null) {
                continue;
            }
            receiver.downlink.considerProbe(allocation, sourcesById, receiver.capBps, now);
            receiver.downlink.sendProbeBurst(ctx, now);
            for (SourceAllocation source : allocation.sources()) {
                Publication publication = byKey.get(source.sourceId());
                DownTrack track = publication == null ? null : receiver.downTracks.get(publication);
                if (track == null) {
                    continue;
                }
                int target = source.layer();
                if (target != track.targetLayer) {
                    track.targetLayer = target;
                    if (target < 0) {
                        track.currentLayer = -1;
                    }
                }
                if (target >= 0 && track.currentLayer != target) {
                    ctx.paths.keyframes.request(publication.layers.get(target), now);
                }
            }
        }
        pauseUnusedLayers(byKey.values());
    }

    private void pauseUnusedLayers(Iterable<Publication> publications) {
        for (Publication publication : publications) {
            if (publication.layers.size() < 2) {
                continue;
            }
            LayerUsage usage = conference.allocator.layerUsage(publication.key());
            int highest = Math.max(usage.highestWanted(), 0);
            List<String> active = new ArrayList<>();
            for (Publication.Layer layer : publication.layers) {
                // A recorded meeting keeps every layer: the recording takes the highest.
                if (layer.index <= highest || conference.tapRecordingId != null) {
                    active.add(layer.rid);
                }
            }
            Participant owner = publication.owner;
            if (!active.equals(owner.activeLayersSent)) {
                owner.activeLayersSent = active;
                conference.ctx.signals.send(conference.ref.meetingId(), owner.id, new MediaSignal.Layers(active));
            }
        }
    }

    /**
     * Speaker view: the dominant speaker large, the rest thumbnails. Gallery: tiles shrink as the
     * meeting grows — one other person fills the stage, up to four share it at up to 360p, more are
     * thumbnails.
     */
    private static LayerPreference preference(Participant receiver, PublishedVideo source, int visible, String dominant) {
        if (receiver.layout.equals("speaker")) {
            return source.ownerId().equals(dominant) ? LayerPreference.LARGE : LayerPreference.THUMBNAIL;
        }
        if (visible <= 1) {
            return LayerPreference.LARGE;
        }
        if (visible <= 4) {
            return LayerPreference.LARGE.withMaxHeight(360);
        }
        return LayerPreference.THUMBNAIL;
    }

}
