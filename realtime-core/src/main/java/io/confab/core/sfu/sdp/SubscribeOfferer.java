package io.confab.core.sfu.sdp;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Offers, and checks the answers of, one subscribe connection (see the package documentation).
 * Keeps the invariant unified plan needs: m-sections once offered are never removed, reordered or
 * given another kind, so each new slot list must start with the previous one's mids and kinds.
 * One offer is outstanding at a time; every offer raises the o= version by one (RFC 3264 §8).
 * Not thread-safe: one instance per connection, used from its signaling thread.
 */
public final class SubscribeOfferer {
    /** Chrome's and Firefox's own numbers for these codecs, so their answers need no remapping. */
    public static final int OPUS_PAYLOAD_TYPE = 111;
    public static final int VP8_PAYLOAD_TYPE = 96;
    public static final int VP8_RTX_PAYLOAD_TYPE = 97;
    /** One id per URI across the whole bundle (RFC 8843 §9.1); both fit the one-byte header (RFC 8285 §4.2). */
    public static final int AUDIO_LEVEL_EXTENSION_ID = 1;
    public static final int ABS_SEND_TIME_EXTENSION_ID = 3;
    /** RFC 9143 §15: every forwarded packet names its m-section, so a receiver routes it before SSRC signaling. */
    public static final int MID_EXTENSION_ID = 4;
    /** One transport-wide sequence number per packet on the subscribe transport; the feedback drives our estimator. */
    public static final int TRANSPORT_CC_EXTENSION_ID = 5;
    /** In-band FEC lets the browser hide single losses; 10 ms is the shortest frame it must handle (RFC 7587 §7). */
    static final String OPUS_FMTP = "minptime=10;useinbandfec=1";
    /**
     * What the SFU answers to: NACK and PLI (RFC 4585), FIR (RFC 5104), REMB from subscribers
     * without transport-cc, transport-cc feedback from those with it.
     */
    static final List<String> VIDEO_FEEDBACK = List.of("goog-remb", "transport-cc", "ccm fir", "nack", "nack pli");
    /** Audio packets count on the transport too: Chrome reports them only with transport-cc declared on Opus. */
    static final List<String> AUDIO_FEEDBACK = List.of("transport-cc");
    private static final String PROTOCOL = "UDP/TLS/RTP/SAVPF";

    private final LocalTransport local;
    private final long sessionId;
    private long sessionVersion;
    private List<SubscribeSlot> offered = List.of();
    private boolean awaitingAnswer;

    /**
     * @param sessionId the o= session id for this connection's offers, constant for its life
     * @throws IllegalArgumentException when the session id is negative
     */
    public SubscribeOfferer(LocalTransport local, long sessionId) {
        this.local = Objects.requireNonNull(local, "local");
        if (sessionId < 0) {
            throw new IllegalArgumentException("session id must not be negative: " + sessionId);
        }
        this.sessionId = sessionId;
    }

    /** The o= version of the last offer, 0 before the first. */
    public long sessionVersion() {
        return sessionVersion;
    }

    /** The slots of the last offer, in m-section order. */
    public List<SubscribeSlot> offeredSlots() {
        return offered;
    }

    public boolean awaitingAnswer() {
        return awaitingAnswer;
    }

    /**
     * The offer for these slots, which becomes the one awaiting an answer.
     *
     * @throws IllegalStateException when the previous offer has not been answered or rolled back
     * @throws IllegalArgumentException when the slots are empty, repeat a mid or an SSRC, or drop,
     *     reorder or change the kind of an m-section offered before
     */
    public String offer(List<SubscribeSlot> slots) {
        if (awaitingAnswer) {
            throw new IllegalStateException("offer version " + sessionVersion + " is still waiting for its answer");
        }
        List<SubscribeSlot> next = List.copyOf(slots);
        requireValid(next);
        sessionVersion++;
        offered = next;
        awaitingAnswer = true;
        SdpWriter sdp = new SdpWriter().session(sessionId, sessionVersion, next.stream().map(SubscribeSlot::mid).toList());
        // RFC 8830 §2 leaves msid-semantic out, but Chrome still reads it to know msid is understood.
        sdp.attribute("msid-semantic", "WMS *");
        for (SubscribeSlot slot : next) {
            writeSlot(sdp, slot, slot == next.get(0));
        }
        return sdp.toString();
    }

    /**
     * Gives up on the offer awaiting an answer, for when the browser never answers. Its m-sections
     * still count as offered, since the browser may have applied it.
     */
    public void rollback() {
        awaitingAnswer = false;
    }

    private void requireValid(List<SubscribeSlot> next) {
        if (next.isEmpty()) {
            throw new IllegalArgumentException("a subscribe offer needs at least one slot");
        }
        if (next.size() < offered.size()) {
            throw new IllegalArgumentException(offered.size() + " m-sections were offered; they cannot be removed");
        }
        for (int i = 0; i < offered.size(); i++) {
            SubscribeSlot before = offered.get(i);
            SubscribeSlot now = next.get(i);
            if (!before.mid().equals(now.mid()) || before.kind() != now.kind()) {
                throw new IllegalArgumentException("m-section " + i + " was " + before.kind() + " mid " + before.mid()
                        + "; it cannot become " + now.kind() + " mid " + now.mid());
            }
        }
        Set<String> mids = new HashSet<>();
        Set<Long> ssrcs = new HashSet<>();
        for (SubscribeSlot slot : next) {
            if (!mids.add(slot.mid())) {
                throw new IllegalArgumentException("mid " + slot.mid() + " appears twice");
            }
            slot.track().ifPresent(track -> {
                boolean fresh = ssrcs.add(track.ssrc()) && (track.rtxSsrc().isEmpty() || ssrcs.add(track.rtxSsrc().getAsLong()));
                if (!fresh) {
                    throw new IllegalArgumentException("slot " + slot.mid() + " reuses an SSRC of another slot");
                }
            });
        }
    }

    private void writeSlot(SdpWriter sdp, SubscribeSlot slot, boolean carriesCandidates) {
        boolean video = slot.kind() == MediaKind.VIDEO;
        List<String> formats = video
                ? List.of(Integer.toString(VP8_PAYLOAD_TYPE), Integer.toString(VP8_RTX_PAYLOAD_TYPE))
                : List.of(Integer.toString(OPUS_PAYLOAD_TYPE));
        sdp.mediaSection(slot.kind().token(), PROTOCOL, formats, slot.mid(), local, SetupRole.ACTPASS, carriesCandidates);
        if (!video) {
            sdp.attribute("extmap", new ExtMap(AUDIO_LEVEL_EXTENSION_ID, HeaderExtensionUri.AUDIO_LEVEL).toSdpValue());
        }
        sdp.attribute("extmap", new ExtMap(ABS_SEND_TIME_EXTENSION_ID, HeaderExtensionUri.ABS_SEND_TIME).toSdpValue());
        sdp.attribute("extmap", new ExtMap(MID_EXTENSION_ID, HeaderExtensionUri.MID).toSdpValue());
        sdp.attribute("extmap", new ExtMap(TRANSPORT_CC_EXTENSION_ID, HeaderExtensionUri.TRANSPORT_CC).toSdpValue());
        sdp.attribute(slot.isActive() ? Direction.SENDONLY.token() : Direction.INACTIVE.token());
        slot.track().ifPresent(t -> sdp.attribute("msid", new Msid(t.streamId(), t.trackId()).toSdpValue()));
        sdp.attribute("rtcp-mux");
        if (video) {
            sdp.attribute("rtpmap", VP8_PAYLOAD_TYPE + " VP8/90000");
            VIDEO_FEEDBACK.forEach(feedback -> sdp.attribute("rtcp-fb", VP8_PAYLOAD_TYPE + " " + feedback));
            sdp.attribute("rtpmap", VP8_RTX_PAYLOAD_TYPE + " rtx/90000");
            sdp.attribute("fmtp", VP8_RTX_PAYLOAD_TYPE + " apt=" + VP8_PAYLOAD_TYPE);
        } else {
            sdp.attribute("rtpmap", OPUS_PAYLOAD_TYPE + " opus/48000/2");
            AUDIO_FEEDBACK.forEach(feedback -> sdp.attribute("rtcp-fb", OPUS_PAYLOAD_TYPE + " " + feedback));
            sdp.attribute("fmtp", OPUS_PAYLOAD_TYPE + " " + OPUS_FMTP);
        }
        slot.track().ifPresent(track -> writeSsrcs(sdp, track));
    }

    /** RFC 5576 §4: the FID group first, then each SSRC's cname and msid, as Chrome writes them. */
    private static void writeSsrcs(SdpWriter sdp, ForwardedTrack track) {
        List<Long> ssrcs = new ArrayList<>();
        ssrcs.add(track.ssrc());
        track.rtxSsrc().ifPresent(rtx -> {
            ssrcs.add(rtx);
            sdp.attribute("ssrc-group", new SsrcGroup(SsrcGroup.FID, ssrcs).toSdpValue());
        });
        for (long ssrc : ssrcs) {
            sdp.attribute("ssrc", ssrc + " cname:" + track.cname());
            sdp.attribute("ssrc", ssrc + " msid:" + track.streamId() + " " + track.trackId());
        }
    }

    public SubscribeAnswerResult acceptAnswer(String answerSdp) {
        if (!awaitingAnswer) {
            return NegotiationError.of(NegotiationError.Problem.NO_OFFER_PENDING, "no subscribe offer awaits an answer");
        }
        SdpParseResult parsed = SdpParser.parse(answerSdp);
        if (parsed instanceof SdpParseError error) {
            return NegotiationError.of(NegotiationError.Problem.MALFORMED_SDP,
                    "line " + error.line() + ": " + error.reason() + ": " + error.detail());
        }
        return acceptAnswer((SessionDescription) parsed);
    }

    /** Checks the answer against the offer awaiting it; only a usable answer ends the wait. */
    public SubscribeAnswerResult acceptAnswer(SessionDescription answer) {
        if (!awaitingAnswer) {
            return NegotiationError.of(NegotiationError.Problem.NO_OFFER_PENDING, "no subscribe offer awaits an answer");
        }
        SubscribeAnswerResult checked = SubscribeAnswerCheck.check(offered, answer);
        if (checked instanceof SubscribeAnswer) {
            awaitingAnswer = false;
        }
        return checked;
    }
}
