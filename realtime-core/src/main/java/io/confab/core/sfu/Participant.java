package io.confab.core.sfu;

import io.confab.core.sfu.dtls.DtlsRole;
import io.confab.core.sfu.ice.IceCredentials;
import io.confab.core.sfu.bwe.TransportFeedbackRecorder;
import io.confab.core.sfu.rtcp.RtcpWriter;
import io.confab.core.sfu.rtcp.TransportFeedback;
import io.confab.core.sfu.sdp.CodecSupport;
import io.confab.core.sfu.sdp.HeaderExtensionUri;
import io.confab.core.sfu.sdp.ForwardedTrack;
import io.confab.core.sfu.sdp.HostCandidate;
import io.confab.core.sfu.sdp.LocalTransport;
import io.confab.core.sfu.sdp.MediaKind;
import io.confab.core.sfu.sdp.NegotiatedMedia;
import io.confab.core.sfu.sdp.NegotiationError;
import io.confab.core.sfu.sdp.PublishAnswer;
import io.confab.core.sfu.sdp.PublishAnswerResult;
import io.confab.core.sfu.sdp.PublishAnswerer;
import io.confab.core.sfu.sdp.RemoteTransport;
import io.confab.core.sfu.sdp.SetupRole;
import io.confab.core.sfu.sdp.SubscribeAnswer;
import io.confab.core.sfu.sdp.SubscribeAnswerResult;
import io.confab.core.sfu.sdp.SubscribeOfferer;
import io.confab.core.sfu.sdp.SubscribeSlot;
import io.confab.core.sfu.transport.PeerTransport;
import io.confab.core.signaling.protocol.ParticipantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One participant as the SFU sees them: a publish connection (their camera and microphone coming
 * in) and a subscribe connection (everyone else's tracks going out), each with its own ICE, DTLS
 * and SRTP, and the SDP state of both. Media thread only.
 */
final class Participant {

    private static final Logger LOG = LoggerFactory.getLogger(Participant.class);

    final Conference conference;
    final ParticipantId id;
    final String displayName;
    final String cname;
    PeerTransport publish;
    PublishAnswerer publishAnswerer;
    PeerTransport subscribe;
    SubscribeOfferer offerer;
    long offerSentNanos;
    boolean offerDirty;
    final Map<String, Publication> publications = new LinkedHashMap<>();
    final Map<Integer, Publication.Layer> layersBySsrc = new HashMap<>();
    final Map<Integer, Publication.Layer> rtxBySsrc = new HashMap<>();
    /** Subscribe m-sections in offer order; a null entry is an inactive slot free for reuse. */
    final List<DownTrack> slots = new ArrayList<>();
    final List<MediaKind> slotKinds = new ArrayList<>();
    final Map<Publication, DownTrack> downTracks = new HashMap<>();
    final Map<Integer, DownTrack> downBySsrc = new HashMap<>();
    boolean audioMuted;
    boolean videoMuted;
    String layout = "gallery";
    long capBps = -1;
    long rembBps = -1;
    long rembAtNanos;
    List<String> activeLayersSent = List.of();
    final int rtcpSsrc = ThreadLocalRandom.current().nextInt();
    /** The transport-wide sequence number id on the publish transport (one per bundle), -1 without transport-cc. */
    int publishTransportCcExtension = -1;
    /** Arrivals on the publish transport awaiting transport-cc feedback; null until negotiated. */
    TransportFeedbackRecorder arrivals;
    /** The subscribe transport's congestion control. */
    final Downlink downlink = new Downlink(this);

    Participant(Conference conference, ParticipantId id, String displayName) {
        this.conference = conference;
        this.id = id;
        this.displayName = displayName;
        this.cname = "confab-" + id.value();
    }

    // ---- publish connection: the participant offers, the SFU answers ----

    void onPublishOffer(String sdp) {
        SfuContext ctx = conference.ctx;
        if (publish == null) {
            publish = ctx.newTransport(id.value() + "/publish", conference.publishListener(this));
            publishAnswerer = new PublishAnswerer(localTransport(publish), CodecSupport.OPUS_VP8,
                    ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE));
        }
        PublishAnswerResult result = publishAnswerer.answer(sdp);
        if (result instanceof NegotiationError error) {
            ctx.counters.offersRefused.increment();
            LOG.info("publish offer of {} in {} refused: {} {}", id, conference.ref.meetingId(), error.problem(), error.detail());
            return;
        }
        PublishAnswer answer = (PublishAnswer) result;
        long tracks = publications.size() + answer.negotiated().media().stream()
                .filter(media -> !publications.containsKey(media.mid())).count();
        if (tracks > ctx.config.maxTracksPerParticipant()) {
            ctx.counters.offersRefused.increment();
            ctx.signals.send(conference.ref.meetingId(), id, new MediaSignal.TooManyTracks(
                    "the offer would publish " + tracks + " tracks; one participant may publish at most "
                            + ctx.config.maxTracksPerParticipant()));
            return;
        }
        applyRemote(publish, answer.negotiated().remote());
        List<Publication> added = new ArrayList<>();
        for (NegotiatedMedia media : answer.negotiated().media()) {
            media.extensionId(HeaderExtensionUri.TRANSPORT_CC).ifPresent(ext -> publishTransportCcExtension = ext);
            Publication existing = publications.get(media.mid());
            if (existing != null) {
                existing.update(media);
            } else {
                Publication publication = new Publication(this, media);
                publications.put(media.mid(), publication);
                added.add(publication);
            }
        }
        if (publishTransportCcExtension > 0 && arrivals == null) {
            // 4096 slots: seconds of 720p simulcast between feedbacks; arrival time 0 is now.
            arrivals = new TransportFeedbackRecorder(4096, rtcpSsrc, System.nanoTime());
        }
        ctx.signals.send(conference.ref.meetingId(), id, new MediaSignal.Answer(answer.sdp()));
        for (Publication publication : added) {
            conference.published(publication);
        }
    }

    void bind(int ssrc, Publication.Layer layer) {
        if (!layer.ssrcKnown) {
            layer.bind(ssrc);
        }
        layersBySsrc.put(ssrc, layer);
    }

    void bindRtx(int ssrc, Publication.Layer layer) {
        layer.rtxSsrc = ssrc;
        rtxBySsrc.put(ssrc, layer);
    }

    // ---- subscribe connection: the SFU offers, the participant answers ----

    /** Adds a down track for a new publication in a free slot of its kind, or a new slot. */
    DownTrack subscribeTo(Publication publication) {
        MediaKind kind = publication.isVideo() ? MediaKind.VIDEO : MediaKind.AUDIO;
        int index = -1;
        for (int i = 0; i < slots.size(); i++) {
            if (slots.get(i) == null && slotKinds.get(i) == kind) {
                index = i;
                break;
            }
        }
        if (index < 0) {
            index = slots.size();
            slots.add(null);
            slotKinds.add(kind);
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int ssrc = random.nextInt();
        int rtxSsrc = publication.isVideo() ? random.nextInt() : 0;
        int payloadType = publication.isVideo() ? SubscribeOfferer.VP8_PAYLOAD_TYPE : SubscribeOfferer.OPUS_PAYLOAD_TYPE;
        DownTrack track = new DownTrack(this, publication, Integer.toString(index), ssrc, rtxSsrc, payloadType);
        slots.set(index, track);
        downTracks.put(publication, track);
        downBySsrc.put(ssrc, track);
        offerDirty = true;
        return track;
    }

    void unsubscribe(Publication publication) {
        DownTrack track = downTracks.remove(publication);
        if (track == null) {
            return;
        }
        downBySsrc.remove(track.ssrc);
        slots.set(Integer.parseInt(track.mid), null);
        offerDirty = true;
    }

    /** Sends a new subscribe offer when something changed and no offer is waiting for its answer. */
    void renegotiateIfNeeded(long nowNanos) {
        if (!offerDirty || slots.isEmpty()) {
            return;
        }
        SfuContext ctx = conference.ctx;
        if (offerer == null) {
            subscribe = ctx.newTransport(id.value() + "/subscribe", conference.subscribeListener(this));
            offerer = new SubscribeOfferer(localTransport(subscribe), ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE));
        }
        if (offerer.awaitingAnswer()) {
            // A browser that never answers must not freeze its subscriptions: after 10 s offer again.
            if (nowNanos - offerSentNanos < 10_000_000_000L) {
                return;
            }
            offerer.rollback();
        }
        List<SubscribeSlot> offered = new ArrayList<>();
        for (int i = 0; i < slots.size(); i++) {
            DownTrack track = slots.get(i);
            MediaKind kind = slotKinds.get(i);
            if (track == null) {
                offered.add(SubscribeSlot.inactive(Integer.toString(i), kind));
            } else {
                Publication source = track.source;
                String streamId = source.owner.id.value();
                ForwardedTrack forwarded = source.isVideo()
                        ? ForwardedTrack.video(Integer.toUnsignedLong(track.ssrc), Integer.toUnsignedLong(track.rtxSsrc),
                                source.owner.cname, streamId, source.trackId)
                        : ForwardedTrack.audio(Integer.toUnsignedLong(track.ssrc), source.owner.cname, streamId, source.trackId);
                offered.add(SubscribeSlot.active(track.mid, kind, forwarded));
            }
        }
        String sdp = offerer.offer(offered);
        offerDirty = false;
        offerSentNanos = nowNanos;
        ctx.signals.send(conference.ref.meetingId(), id, new MediaSignal.Offer(sdp));
    }

    void onSubscribeAnswer(String sdp, long nowNanos) {
        SfuContext ctx = conference.ctx;
        if (offerer == null || !offerer.awaitingAnswer()) {
            ctx.counters.answersRefused.increment();
            return;
        }
        SubscribeAnswerResult result = offerer.acceptAnswer(sdp);
        if (result instanceof NegotiationError error) {
            ctx.counters.answersRefused.increment();
            LOG.info("subscribe answer of {} in {} refused: {} {}", id, conference.ref.meetingId(), error.problem(), error.detail());
            offerer.rollback();
            return;
        }
        SubscribeAnswer answer = (SubscribeAnswer) result;
        applyRemote(subscribe, answer.remote());
        downlink.accepted(answer);
        renegotiateIfNeeded(nowNanos);
    }

    /**
     * transport-cc feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1) for what
     * arrived on the publish transport since the last, so the publisher's send-side estimator runs
     * against the SFU. Sent alone, as reduced-size RTCP (RFC 5506), which browsers negotiate.
     */
    void sendTransportFeedback() {
        SfuContext ctx = conference.ctx;
        if (arrivals == null || publish == null || publish.state() != PeerTransport.State.SECURE || !arrivals.hasPending()) {
            return;
        }
        // The media SSRC field is unused by transport-wide feedback; libwebrtc puts a media SSRC there too.
        int mediaSsrc = layersBySsrc.isEmpty() ? 0 : layersBySsrc.keySet().iterator().next();
        for (TransportFeedback feedback : arrivals.collect(mediaSsrc)) {
            int length = RtcpWriter.write(feedback, ctx.rtcp, 0);
            if (publish.sendRtcp(ctx.rtcp, 0, length)) {
                ctx.counters.transportFeedbackSent.increment();
            }
        }
    }

    private void applyRemote(PeerTransport transport, RemoteTransport remote) {
        // The browser answering "active" (or offering actpass, which we answer passive) opens DTLS:
        // the SFU is the DTLS server; a "passive" peer makes us the client.
        DtlsRole ours = remote.setup() == SetupRole.PASSIVE ? DtlsRole.CLIENT : DtlsRole.SERVER;
        transport.remote(remote.iceUfrag(), remote.fingerprint(), ours);
    }

    private LocalTransport localTransport(PeerTransport transport) {
        SfuContext ctx = conference.ctx;
        IceCredentials ice = transport.local();
        return new LocalTransport(ice.ufrag(), ice.password(),
                ctx.certificate.fingerprint(),
                List.of(HostCandidate.udp(ctx.config.announce(), ctx.port.address().getPort())));
    }

    void close(String reason) {
        if (publish != null) {
            publish.close(reason);
        }
        if (subscribe != null) {
            subscribe.close(reason);
        }
    }
}
