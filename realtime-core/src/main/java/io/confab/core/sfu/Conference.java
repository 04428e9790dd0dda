package io.confab.core.sfu;

import io.confab.core.sfu.allocation.BandwidthAllocator;
import io.confab.core.sfu.speaker.DominantSpeaker;
import io.confab.core.sfu.transport.PeerTransport;
import io.confab.core.signaling.protocol.ParticipantId;
import io.confab.core.mediaplane.MediaNegotiation;
import io.confab.core.mediaplane.MediaPlane;
import io.confab.storage.events.MediaKind;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One meeting's media: who publishes what, who receives what at which layer, and the timers that
 * keep it going. Its transports' packets go down the SFU's {@link PacketPaths}; what it keeps here
 * is the meeting's state and the rules over it. Media thread only.
 *
 * <pre>
 * publish transport ─RTP─▶ PacketPaths.receive ─▶ (per receiver) PacketPaths.send
 * publish / subscribe transport ─RTCP─▶ PacketPaths.publisherRtcp / receiverRtcp
 * every 20 ms: NACKs, probe bursts; 60 ms: transport-cc feedback to publishers; 100 ms: dominant speaker,
 *   renegotiation; 500 ms: bandwidth allocation over simulcast layers, last-N, layer pause/resume to
 *   senders, probes; 1 s: RR + REMB, SR + SDES, ICE consent; 5 s: media.quality samples
 * </pre>
 */
final class Conference {

    private static final long MS = 1_000_000L;

    final MediaPlane.MeetingRef ref;
    final SfuContext ctx;
    final Map<ParticipantId, Participant> participants = new LinkedHashMap<>();
    final DominantSpeaker speaker = new DominantSpeaker();
    final BandwidthAllocator allocator = new BandwidthAllocator();
    String tapRecordingId;
    /** The meeting setting {@code transcription}: audio is tapped whether or not a recording runs. */
    boolean tapAudioForTranscription;
    /**
     * How often publishers get transport-cc feedback: within the draft's 50-100 ms guidance, a
     * multiple of the 20 ms tick; Chrome's own receivers send every 50-250 ms depending on rate.
     */
    private static final long TRANSPORT_FEEDBACK_INTERVAL = 60 * MS;
    private long nextAllocationNanos;
    private long nextTransportFeedbackNanos;
    private long nextReportNanos;
    private long nextSpeakerTickNanos;
    private long nextQualityNanos;
    private final QualitySampler quality;
    private final RtcpReports reports;
    private final LayerAllocation layers;
    /**
     * The wall clock read once when the meeting's media began: tapped packets' arrival times follow
     * the monotonic clock from there, so a clock step does not reorder a meeting's packets.
     */
    private final long wallBaseMicros = System.currentTimeMillis() * 1000;
    private final long monoBaseNanos = System.nanoTime();

    Conference(MediaPlane.MeetingRef ref, SfuContext ctx) {
        this.ref = ref;
        this.ctx = ctx;
        this.quality = new QualitySampler(ref);
        this.reports = new RtcpReports(ctx);
        this.layers = new LayerAllocation(this);
        long now = System.nanoTime();
        this.nextQualityNanos = now + 5_000 * MS;
    }

    boolean isEmpty() {
        return participants.isEmpty();
    }

    // ---- commands from signaling ----

    void connect(ParticipantId id, String displayName, long now) {
        Participant previous = participants.remove(id);
        if (previous != null) {
            depart(previous, "rejoined", now);
        }
        Participant participant = new Participant(this, id, displayName);
        participants.put(id, participant);
        speaker.join(id.value());
        for (Participant other : participants.values()) {
            if (other != participant) {
                for (Publication publication : other.publications.values()) {
                    participant.subscribeTo(publication);
                }
            }
        }
        participant.renegotiateIfNeeded(now);
    }

    void negotiate(ParticipantId id, MediaNegotiation signal, long now) {
        Participant participant = participants.get(id);
        if (participant == null) {
            return;
        }
        if (signal instanceof MediaNegotiation.PublishOffer offer) {
            participant.onPublishOffer(offer.sdp());
        } else if (signal instanceof MediaNegotiation.SubscribeAnswer answer) {
            participant.onSubscribeAnswer(answer.sdp(), now);
        } else if (signal instanceof MediaNegotiation.VideoPreference preference) {
            participant.layout = preference.layout();
            participant.capBps = preference.maxBitrateKbps() == null ? -1 : preference.maxBitrateKbps() * 1000L;
            allocate(now);
        }
        // ICE candidates need nothing: the SFU is ICE-lite and learns addresses from checks.
    }

    /** A participant's new track: everyone else subscribes to it. */
    void published(Publication publication) {
        long now = System.nanoTime();
        for (Participant other : participants.values()) {
            if (other != publication.owner) {
                other.subscribeTo(publication);
                other.renegotiateIfNeeded(now);
            }
        }
        nextAllocationNanos = now;
    }

    void setMuted(ParticipantId id, MediaKind kind, boolean muted, long now) {
        Participant participant = participants.get(id);
        if (participant == null) {
            return;
        }
        if (kind == MediaKind.AUDIO) {
            participant.audioMuted = muted;
        } else {
            participant.videoMuted = muted;
            if (!muted) {
                // Receivers have seen nothing for a while; the first frame they get must be a key frame.
                for (Publication publication : participant.publications.values()) {
                    if (publication.isVideo()) {
                        for (Publication.Layer layer : publication.layers) {
                            requestKeyframe(layer, now);
                        }
                    }
                }
            }
        }
        nextAllocationNanos = now;
    }

    void disconnect(ParticipantId id, long now) {
        Participant participant = participants.remove(id);
        if (participant != null) {
            depart(participant, "left the meeting", now);
        }
    }

    void startTap(String recordingId, long now) {
        tapRecordingId = recordingId;
        for (Participant participant : participants.values()) {
            for (Publication publication : participant.publications.values()) {
                publication.tapLayer = -1;
            }
        }
        nextAllocationNanos = now;
    }

    void stopTap() {
        tapRecordingId = null;
    }

    /** A recording takes every track; transcription alone needs only the audio. */
    boolean tapping(Publication publication) {
        return tapRecordingId != null || (tapAudioForTranscription && !publication.isVideo());
    }

    void closeAll() {
        for (Participant participant : new ArrayList<>(participants.values())) {
            participant.close("meeting over");
        }
        participants.clear();
    }

    private void depart(Participant participant, String reason, long now) {
        participant.close(reason);
        for (Participant other : participants.values()) {
            for (Publication publication : participant.publications.values()) {
                other.unsubscribe(publication);
            }
            other.renegotiateIfNeeded(now);
        }
        speaker.leave(participant.id.value(), now)
                .ifPresent(next -> ctx.signals.activeSpeaker(ref.meetingId(), new ParticipantId(next)));
        allocator.forget(participant.id.value());
        nextAllocationNanos = now;
    }

    // ---- transport listeners ----

    PeerTransport.Listener publishListener(Participant participant) {
        return new PeerTransport.Listener() {
            @Override
            public void onRtp(PeerTransport transport, byte[] buffer, int length, long nowNanos) {
                onPublishedRtp(participant, buffer, length, nowNanos);
            }

            @Override
            public void onRtcp(PeerTransport transport, byte[] buffer, int length, long nowNanos) {
                onPublisherRtcp(participant, buffer, length, nowNanos);
            }

            @Override
            public void onSecure(PeerTransport transport) {
            }

            @Override
            public void onClosed(PeerTransport transport, String reason) {
                transportClosed(participant, transport);
            }
        };
    }

    PeerTransport.Listener subscribeListener(Participant participant) {
        return new PeerTransport.Listener() {
            @Override
            public void onRtp(PeerTransport transport, byte[] buffer, int length, long nowNanos) {
                ctx.counters.rtpOnSubscribeTransport.increment();
            }

            @Override
            public void onRtcp(PeerTransport transport, byte[] buffer, int length, long nowNanos) {
                onReceiverRtcp(participant, buffer, length, nowNanos);
            }

            @Override
            public void onSecure(PeerTransport transport) {
                // Nothing was sent before the keys existed: every stream starts at a key frame.
                long now = System.nanoTime();
                for (DownTrack track : participant.downTracks.values()) {
                    if (track.isVideo() && track.targetLayer >= 0) {
                        requestKeyframe(track.source.layers.get(track.targetLayer), now);
                    }
                }
            }

            @Override
            public void onClosed(PeerTransport transport, String reason) {
                transportClosed(participant, transport);
            }
        };
    }

    private void transportClosed(Participant participant, PeerTransport transport) {
        ctx.ice.unregister(transport);
        ctx.counters.transportsClosed.increment();
    }

    // ---- the packet paths (PacketPaths declares them) ----

    private void onPublishedRtp(Participant sender, byte[] buffer, int length, long now) {
        PacketPaths paths = ctx.paths;
        paths.receive.run(paths.received.reset(sender, buffer, length, now));
    }

    private void onPublisherRtcp(Participant sender, byte[] buffer, int length, long now) {
        PacketPaths paths = ctx.paths;
        paths.publisherRtcp.run(paths.rtcp.reset(sender, buffer, length, now));
    }

    private void onReceiverRtcp(Participant receiver, byte[] buffer, int length, long now) {
        PacketPaths paths = ctx.paths;
        paths.receiverRtcp.run(paths.rtcp.reset(receiver, buffer, length, now));
    }

    private void requestKeyframe(Publication.Layer layer, long now) {
        ctx.paths.keyframes.request(layer, now);
    }

    /** Wall-clock microseconds at a monotonic instant, for {@code media.packets}' arrival time. */
    long arrivalMicros(long nowNanos) {
        return wallBaseMicros + (nowNanos - monoBaseNanos) / 1000;
    }

    void tapAudioForTranscription() {
        tapAudioForTranscription = true;
    }

    // ---- timers ----

    /** Called every 20 ms on the media thread. */
    void tick(long now) {
        reports.sendNacks(participants.values(), now);
        if (now >= nextTransportFeedbackNanos) {
            nextTransportFeedbackNanos = now + TRANSPORT_FEEDBACK_INTERVAL;
            for (Participant participant : participants.values()) {
                participant.sendTransportFeedback();
            }
        }
        for (Participant participant : participants.values()) {
            participant.downlink.sendProbeBurst(ctx, now);
        }
        if (now >= nextSpeakerTickNanos) {
            nextSpeakerTickNanos = now + 100 * MS;
            speaker.tick(now).ifPresent(next -> ctx.signals.activeSpeaker(ref.meetingId(), new ParticipantId(next)));
            for (Participant participant : participants.values()) {
                participant.renegotiateIfNeeded(now);
            }
        }
        if (now >= nextAllocationNanos) {
            allocate(now);
        }
        if (now >= nextReportNanos) {
            nextReportNanos = now + 1_000 * MS;
            reports.sendReports(participants.values(), now);
            expireConsent(now);
        }
        if (now >= nextQualityNanos) {
            nextQualityNanos = now + 5_000 * MS;
            quality.sample(participants.values(), ctx.tap);
        }
    }

    private void expireConsent(long now) {
        for (Participant participant : participants.values()) {
            for (PeerTransport transport : new PeerTransport[] {participant.publish, participant.subscribe}) {
                if (transport != null && transport.consentExpired(now, ctx.config.consentTimeout())) {
                    transport.close("no ICE consent for " + ctx.config.consentTimeout().toSeconds() + " s");
                }
            }
        }
    }

    /** Chooses the layer of every video source for every receiver, and tells senders which layers to keep. */
    void allocate(long now) {
        nextAllocationNanos = now + 500 * MS;
        layers.allocate(now);
    }

    /** Each receiver's downlink estimate as the last allocation used it, for {@code /api/sfu/stats}. */
    List<Map<String, Object>> downlinks() {
        List<Map<String, Object>> downlinks = new ArrayList<>();
        for (Participant receiver : participants.values()) {
            if (receiver.downlink.estimateBps < 0) {
                continue;
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("meetingId", ref.meetingId());
            entry.put("participantId", receiver.id.value());
            entry.put("estimatedBps", receiver.downlink.estimateBps);
            entry.put("source", receiver.downlink.estimateSource.token());
            entry.put("allocatedBps", receiver.downlink.allocatedBps);
            entry.put("transportCcFeedbacks", receiver.downlink.estimator.feedbacks());
            entry.put("delayUsage", receiver.downlink.estimator.usage().name().toLowerCase(java.util.Locale.ROOT));
            entry.put("lossFraction", receiver.downlink.estimator.lastLoss());
            entry.put("rembBps", receiver.rembBps);
            entry.put("probes", receiver.downlink.estimator.probes());
            entry.put("lastProbeTargetBps", receiver.downlink.estimator.lastProbeTargetBps());
            entry.put("lastProbeResultBps", receiver.downlink.estimator.lastProbeResultBps());
            downlinks.add(entry);
        }
        return downlinks;
    }

}
