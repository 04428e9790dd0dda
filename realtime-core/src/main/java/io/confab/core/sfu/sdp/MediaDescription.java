package io.confab.core.sfu.sdp;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One m-section (RFC 8866 §5.14) as parsed: the m-line, the attributes the SFU reads in typed form,
 * and every attribute as written. {@code transport} holds the effective ICE and DTLS values, the
 * session's where the section has none of its own; {@code direction} likewise defaults to the
 * session's and then to sendrecv (RFC 8866 §6.7). {@code candidates} are the values after
 * {@code a=candidate:}. Of several {@code a=msid} lines (RFC 8830 allows one per stream) the first is kept.
 */
public record MediaDescription(
        int line, String media, int port, String protocol, List<String> formats,
        Direction direction, Optional<String> mid, TransportParameters transport, boolean rtcpMux,
        List<RtpMap> rtpMaps, List<Fmtp> fmtps, List<RtcpFeedback> rtcpFeedback, List<ExtMap> extMaps,
        List<SsrcAttribute> ssrcAttributes, List<SsrcGroup> ssrcGroups, Optional<Msid> msid,
        List<Rid> rids, Optional<Simulcast> simulcast, List<String> candidates, boolean endOfCandidates,
        OptionalLong bandwidthAs, OptionalLong bandwidthTias, List<SdpAttribute> attributes) {

    public MediaDescription {
        Objects.requireNonNull(media, "media");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(mid, "mid");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(msid, "msid");
        Objects.requireNonNull(simulcast, "simulcast");
        Objects.requireNonNull(bandwidthAs, "bandwidthAs");
        Objects.requireNonNull(bandwidthTias, "bandwidthTias");
        formats = List.copyOf(formats);
        rtpMaps = List.copyOf(rtpMaps);
        fmtps = List.copyOf(fmtps);
        rtcpFeedback = List.copyOf(rtcpFeedback);
        extMaps = List.copyOf(extMaps);
        ssrcAttributes = List.copyOf(ssrcAttributes);
        ssrcGroups = List.copyOf(ssrcGroups);
        rids = List.copyOf(rids);
        candidates = List.copyOf(candidates);
        attributes = List.copyOf(attributes);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535: " + port);
        }
    }

    public MediaKind kind() {
        return MediaKind.fromToken(media);
    }

    /** Port zero marks an m-section rejected or removed (RFC 3264 §6, §8.2). */
    public boolean isRejected() {
        return port == 0;
    }

    public Optional<RtpMap> rtpMap(int payloadType) {
        return rtpMaps.stream().filter(m -> m.payloadType() == payloadType).findFirst();
    }

    public Optional<Fmtp> fmtp(int payloadType) {
        return fmtps.stream().filter(f -> f.payloadType() == payloadType).findFirst();
    }

    /** The feedback for one payload type, including lines written for {@code *}. */
    public List<RtcpFeedback> rtcpFeedback(int payloadType) {
        return rtcpFeedback.stream().filter(f -> f.appliesTo(payloadType)).toList();
    }

    /** Every SSRC named by an {@code a=ssrc} or {@code a=ssrc-group} line, once each, in order of appearance. */
    public List<Long> ssrcs() {
        LinkedHashSet<Long> ssrcs = new LinkedHashSet<>();
        ssrcAttributes.forEach(a -> ssrcs.add(a.ssrc()));
        ssrcGroups.forEach(g -> ssrcs.addAll(g.ssrcs()));
        return List.copyOf(ssrcs);
    }

    public List<SsrcGroup> ssrcGroups(String semantics) {
        return ssrcGroups.stream().filter(g -> g.semantics().equals(semantics)).toList();
    }

    /** The values of one {@code a=ssrc} attribute, e.g. every {@code cname}. */
    public List<String> ssrcAttributeValues(long ssrc, String attribute) {
        List<String> values = new ArrayList<>();
        for (SsrcAttribute a : ssrcAttributes) {
            if (a.ssrc() == ssrc && a.attribute().equals(attribute)) {
                a.value().ifPresent(values::add);
            }
        }
        return values;
    }

    /** Attributes by name, as written; for those the record has no typed field for. */
    public List<SdpAttribute> attributes(String name) {
        return attributes.stream().filter(a -> a.name().equals(name)).toList();
    }

    public boolean hasAttribute(String name) {
        return attributes.stream().anyMatch(a -> a.name().equals(name));
    }
}
