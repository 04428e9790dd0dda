package io.confab.core.sfu.sdp;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Answers the offers of one publish connection (see the package documentation): same mids in the
 * same order, recvonly, only the codecs, feedback and header extensions the SFU forwards, rid and
 * simulcast mirrored, and everything else rejected with port 0 and left out of BUNDLE (RFC 8829
 * §5.3.1). Every answer raises the o= version by one (RFC 3264 §8). Not thread-safe: one
 * instance per connection, used from its signaling thread.
 */
public final class PublishAnswerer {
    private static final Set<SetupRole> OFFERED_SETUPS_WE_SERVE = Set.of(SetupRole.ACTPASS, SetupRole.ACTIVE);

    private final LocalTransport local;
    private final CodecSupport codecs;
    private final long sessionId;
    private long sessionVersion;

    /**
     * @param sessionId the o= session id for this connection's answers, constant for its life
     *     (RFC 8866 §5.2 suggests an NTP timestamp; any unique non-negative number will do)
     * @throws IllegalArgumentException when the session id is negative
     */
    public PublishAnswerer(LocalTransport local, CodecSupport codecs, long sessionId) {
        this.local = Objects.requireNonNull(local, "local");
        this.codecs = Objects.requireNonNull(codecs, "codecs");
        if (sessionId < 0) {
            throw new IllegalArgumentException("session id must not be negative: " + sessionId);
        }
        this.sessionId = sessionId;
    }

    /** The o= version of the last answer given, 0 before the first. */
    public long sessionVersion() {
        return sessionVersion;
    }

    public PublishAnswerResult answer(String offerSdp) {
        SdpParseResult parsed = SdpParser.parse(offerSdp);
        if (parsed instanceof SdpParseError error) {
            return NegotiationError.of(NegotiationError.Problem.MALFORMED_SDP,
                    "line " + error.line() + ": " + error.reason() + ": " + error.detail());
        }
        return answer((SessionDescription) parsed);
    }

    public PublishAnswerResult answer(SessionDescription offer) {
        if (offer.iceLite()) {
            return NegotiationError.of(NegotiationError.Problem.PEER_IS_ICE_LITE,
                    "the offer is ICE-lite and so is the SFU (RFC 8445 §2.5)");
        }
        for (MediaDescription section : offer.media()) {
            if (section.mid().isEmpty()) {
                return NegotiationError.of(NegotiationError.Problem.MISSING_MID,
                        "m=" + section.media() + " at line " + section.line() + " has no a=mid");
            }
        }
        List<Decision> decisions = offer.media().stream().map(section -> decide(section, offer.bundleMids())).toList();
        List<Decision> accepted = decisions.stream().filter(d -> d.rejection() == null).toList();
        if (accepted.isEmpty()) {
            return NegotiationError.of(NegotiationError.Problem.NO_USABLE_CODEC, "nothing the SFU receives is offered: "
                    + String.join("; ", offer.media().stream().map(m -> "mid " + m.mid().orElseThrow() + " " + m.media()
                    + " [" + CodecSelection.offered(m) + "]").toList()));
        }
        if (accepted.size() > 1 && offer.bundleMids().isEmpty()) {
            return NegotiationError.of(NegotiationError.Problem.BUNDLE_REQUIRED,
                    accepted.size() + " usable m-sections and no a=group:BUNDLE; the SFU has one transport");
        }
        MediaDescription bundleCarrier = accepted.get(0).offer();
        NegotiationError transportProblem = RemoteTransport.problemWith(bundleCarrier, OFFERED_SETUPS_WE_SERVE);
        if (transportProblem != null) {
            return transportProblem;
        }
        sessionVersion++;
        // RFC 8843 §7.3: an answer may only keep a BUNDLE group the offer proposed.
        List<String> bundle = offer.bundleMids().isEmpty() ? List.of() : accepted.stream().map(Decision::mid).toList();
        return new PublishAnswer(write(decisions, accepted, bundle),
                new NegotiatedPublish(accepted.stream().map(PublishAnswerer::negotiated).toList(),
                        decisions.stream().filter(d -> d.rejection() != null).map(d -> new RejectedMedia(d.mid(),
                                d.offer().media(), d.rejection())).toList(),
                        RemoteTransport.of(bundleCarrier)));
    }

    /** What the answer does with one offered m-section: a rejection reason, or what it accepts. */
    private record Decision(MediaDescription offer, String rejection, List<NegotiatedCodec> codecs,
                            List<ExtMap> extMaps, SimulcastSelection simulcast) {
        String mid() {
            return offer.mid().orElseThrow();
        }

        static Decision rejected(MediaDescription offer, String reason) {
            return new Decision(offer, reason, List.of(), List.of(), SimulcastSelection.NONE);
        }
    }

    private Decision decide(MediaDescription offer, List<String> offeredBundle) {
        if (offer.isRejected()) {
            return Decision.rejected(offer, "rejected in the offer");
        }
        if (offer.kind() != MediaKind.AUDIO && offer.kind() != MediaKind.VIDEO) {
            return Decision.rejected(offer, "the SFU does not carry m=" + offer.media());
        }
        if (!offer.protocol().contains("TLS/RTP/SAVPF")) {
            return Decision.rejected(offer, "protocol " + offer.protocol() + " is not DTLS-SRTP with feedback");
        }
        if (!offer.rtcpMux()) {
            return Decision.rejected(offer, "no a=rtcp-mux; JSEP's default policy requires it (RFC 8829 §4.1.1)");
        }
        if (!offeredBundle.isEmpty() && !offeredBundle.contains(offer.mid().orElseThrow())) {
            return Decision.rejected(offer, "not in the offer's BUNDLE group");
        }
        List<NegotiatedCodec> chosen = CodecSelection.select(offer, codecs);
        if (chosen.isEmpty()) {
            return Decision.rejected(offer, "no supported codec among " + CodecSelection.offered(offer));
        }
        Set<Integer> payloadTypes = new HashSet<>();
        chosen.forEach(c -> {
            payloadTypes.add(c.payloadType());
            c.rtxPayloadType().ifPresent(payloadTypes::add);
        });
        return new Decision(offer, null, chosen, extMaps(offer), SimulcastSelection.of(offer, payloadTypes));
    }

    /**
     * Supported extensions under the offer's ids (RFC 8285 §6). Those the offerer would only
     * receive, and ids from the 4096-4351 range meant for remapping, are left out, since a
     * publish connection only receives.
     */
    private static List<ExtMap> extMaps(MediaDescription offer) {
        List<ExtMap> kept = new ArrayList<>();
        for (ExtMap ext : offer.extMaps()) {
            boolean offererSends = ext.direction().map(Direction::sends).orElse(true);
            if (offererSends && ext.id() <= 255 && HeaderExtensionUri.ACCEPTED_FROM_PUBLISHERS.contains(ext.uri())) {
                kept.add(new ExtMap(ext.id(), ext.direction().map(Direction::mirrored), ext.uri(), Optional.empty()));
            }
        }
        return kept;
    }

    private String write(List<Decision> decisions, List<Decision> accepted, List<String> bundle) {
        SdpWriter sdp = new SdpWriter().session(sessionId, sessionVersion, bundle);
        for (Decision decision : decisions) {
            MediaDescription offer = decision.offer();
            if (decision.rejection() != null) {
                sdp.rejectedSection(offer.media(), offer.protocol(), offer.formats(), decision.mid());
                continue;
            }
            List<String> formats = new ArrayList<>();
            decision.codecs().forEach(c -> {
                formats.add(Integer.toString(c.payloadType()));
                c.rtxPayloadType().ifPresent(rtx -> formats.add(Integer.toString(rtx)));
            });
            sdp.mediaSection(offer.media(), offer.protocol(), formats, decision.mid(), local, SetupRole.PASSIVE,
                    decision == accepted.get(0));
            decision.extMaps().forEach(ext -> sdp.attribute("extmap", ext.toSdpValue()));
            sdp.attribute(offer.direction().receivingAnswer().token());
            sdp.attribute("rtcp-mux");
            decision.codecs().forEach(codec -> writeCodec(sdp, offer, codec));
            decision.simulcast().rids().forEach(rid -> sdp.attribute("rid", rid.toSdpValue()));
            decision.simulcast().simulcast().ifPresent(s -> sdp.attribute("simulcast", s.toSdpValue()));
        }
        return sdp.toString();
    }

    private static void writeCodec(SdpWriter sdp, MediaDescription offer, NegotiatedCodec codec) {
        int pt = codec.payloadType();
        sdp.attribute("rtpmap", offer.rtpMap(pt).orElseThrow().toSdpValue());
        codec.rtcpFeedback().forEach(feedback -> sdp.attribute("rtcp-fb", pt + " " + feedback));
        if (!codec.fmtp().isEmpty()) {
            sdp.attribute("fmtp", pt + " " + codec.fmtp());
        }
        codec.rtxPayloadType().ifPresent(rtx -> {
            sdp.attribute("rtpmap", offer.rtpMap(rtx).orElseThrow().toSdpValue());
            sdp.attribute("fmtp", offer.fmtp(rtx).orElseThrow().toSdpValue());
        });
    }

    private static NegotiatedMedia negotiated(Decision decision) {
        MediaDescription offer = decision.offer();
        Map<String, Integer> extensionIds = new LinkedHashMap<>();
        decision.extMaps().forEach(ext -> extensionIds.putIfAbsent(ext.uri(), ext.id()));
        List<RtxPair> rtxPairs = offer.ssrcGroups(SsrcGroup.FID).stream().filter(g -> g.ssrcs().size() == 2)
                .map(g -> new RtxPair(g.ssrcs().get(0), g.ssrcs().get(1))).toList();
        return new NegotiatedMedia(decision.mid(), offer.kind(), offer.direction().receivingAnswer(), decision.codecs(),
                extensionIds, decision.simulcast().order(), msid(offer), offer.ssrcs(), rtxPairs);
    }

    /** a=msid, or for senders that still write it the older {@code a=ssrc:<n> msid:} (RFC 8830 §2). */
    private static Optional<Msid> msid(MediaDescription offer) {
        if (offer.msid().isPresent()) {
            return offer.msid();
        }
        for (SsrcAttribute attribute : offer.ssrcAttributes()) {
            if (attribute.attribute().equals("msid") && attribute.value().isPresent()) {
                Optional<Msid> parsed = Msid.parse(attribute.value().get());
                if (parsed.isPresent()) {
                    return parsed;
                }
            }
        }
        return Optional.empty();
    }
}
