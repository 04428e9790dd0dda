package io.confab.core.sfu.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** The m-section {@link SdpParser} is filling in; turned into a {@link MediaDescription} at the end. */
final class MediaSection {
    private final int line;
    private final String media;
    private final int port;
    private final String protocol;
    private final List<String> formats;
    private Optional<Direction> direction = Optional.empty();
    private Optional<String> mid = Optional.empty();
    private TransportParameters transport = TransportParameters.NONE;
    private boolean rtcpMux;
    private final List<RtpMap> rtpMaps = new ArrayList<>();
    private final List<Fmtp> fmtps = new ArrayList<>();
    private final List<RtcpFeedback> rtcpFeedback = new ArrayList<>();
    private final List<ExtMap> extMaps = new ArrayList<>();
    private final List<SsrcAttribute> ssrcAttributes = new ArrayList<>();
    private final List<SsrcGroup> ssrcGroups = new ArrayList<>();
    private Optional<Msid> msid = Optional.empty();
    private final List<Rid> rids = new ArrayList<>();
    private Optional<Simulcast> simulcast = Optional.empty();
    private final List<String> candidates = new ArrayList<>();
    private boolean endOfCandidates;
    private OptionalLong bandwidthAs = OptionalLong.empty();
    private OptionalLong bandwidthTias = OptionalLong.empty();
    private final List<SdpAttribute> attributes = new ArrayList<>();

    MediaSection(int line, String media, int port, String protocol, List<String> formats) {
        this.line = line;
        this.media = media;
        this.port = port;
        this.protocol = protocol;
        this.formats = List.copyOf(formats);
    }

    void bandwidth(String type, long amount) {
        if (type.equals("AS")) {
            bandwidthAs = OptionalLong.of(amount);
        } else {
            bandwidthTias = OptionalLong.of(amount);
        }
    }

    /** One media-level {@code a=} line; {@code mids} is every mid seen so far, to refuse a repeat. */
    SdpParseError read(int number, String text, Set<String> mids) {
        SdpAttribute attribute = SdpAttribute.parse(text, number);
        attributes.add(attribute);
        String value = attribute.value().orElse("").strip();
        switch (attribute.name()) {
            case "mid" -> {
                if (value.isEmpty() || value.contains(" ")) {
                    return SdpParser.badAttribute(number, attribute);
                }
                if (!mids.add(value)) {
                    return SdpParser.error(number, SdpParseError.Reason.DUPLICATE_MID, "a=mid:" + SdpParser.quote(value));
                }
                mid = Optional.of(value);
            }
            case "sendrecv", "sendonly", "recvonly", "inactive" -> direction = Direction.fromToken(attribute.name());
            case "rtcp-mux" -> rtcpMux = true;
            case "rtpmap" -> {
                return forListedPayloadType(number, attribute, RtpMap.parse(value).map(m -> {
                    rtpMaps.add(m);
                    return m.payloadType();
                }));
            }
            case "fmtp" -> {
                return forListedPayloadType(number, attribute, Fmtp.parse(value).map(f -> {
                    fmtps.add(f);
                    return f.payloadType();
                }));
            }
            case "rtcp-fb" -> {
                return forListedPayloadType(number, attribute, RtcpFeedback.parse(value).map(f -> {
                    rtcpFeedback.add(f);
                    return f.payloadType();
                }));
            }
            case "extmap" -> {
                return SdpParser.typed(number, attribute, ExtMap::parse, extMaps::add);
            }
            case "ssrc" -> {
                return SdpParser.typed(number, attribute, SsrcAttribute::parse, ssrcAttributes::add);
            }
            case "ssrc-group" -> {
                return SdpParser.typed(number, attribute, SsrcGroup::parse, ssrcGroups::add);
            }
            case "msid" -> {
                return SdpParser.typed(number, attribute, Msid::parse, m -> msid = msid.or(() -> Optional.of(m)));
            }
            case "rid" -> {
                return SdpParser.typed(number, attribute, Rid::parse, rids::add);
            }
            case "simulcast" -> {
                return SdpParser.typed(number, attribute, Simulcast::parse, s -> simulcast = Optional.of(s));
            }
            case "candidate" -> candidates.add(value);
            case "end-of-candidates" -> endOfCandidates = true;
            default -> {
                return SdpParser.readTransport(number, attribute, transport, updated -> transport = updated);
            }
        }
        return null;
    }

    /**
     * A parsed rtpmap, fmtp or rtcp-fb whose payload type must be one the m-line lists (RFC 8866
     * §6.6); {@link RtcpFeedback#ANY_PAYLOAD_TYPE} always is.
     */
    private SdpParseError forListedPayloadType(int number, SdpAttribute attribute, Optional<Integer> payloadType) {
        if (payloadType.isEmpty()) {
            return SdpParser.badAttribute(number, attribute);
        }
        int pt = payloadType.get();
        if (pt != RtcpFeedback.ANY_PAYLOAD_TYPE && !formats.contains(Integer.toString(pt))) {
            return SdpParser.error(number, SdpParseError.Reason.PAYLOAD_TYPE_NOT_IN_MEDIA_LINE,
                    "a=" + attribute.name() + " for payload type " + pt + ", m-line lists " + String.join(" ", formats));
        }
        return null;
    }

    MediaDescription build(TransportParameters session, Optional<Direction> sessionDirection) {
        return new MediaDescription(line, media, port, protocol, formats,
                direction.or(() -> sessionDirection).orElse(Direction.SENDRECV), mid, transport.orElse(session), rtcpMux,
                rtpMaps, fmtps, rtcpFeedback, extMaps, ssrcAttributes, ssrcGroups, msid, rids, simulcast, candidates,
                endOfCandidates, bandwidthAs, bandwidthTias, attributes);
    }
}
