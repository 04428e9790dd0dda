package io.confab.core.sfu.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Picks, from one offered m-section, the codecs the SFU receives, keeping the offer's payload
 * type numbers as RFC 3264 §6.1 requires for sendonly streams. One payload type per codec: the
 * SFU forwards packets unchanged, so every subscriber must get the same format.
 */
final class CodecSelection {
    /**
     * The feedback the SFU answers: NACK and PLI (RFC 4585), FIR (RFC 5104), REMB, and transport-cc
     * (the SFU sends feedback on the transport-wide sequence numbers, so the publisher's own
     * send-side estimator runs; REMB stays as a ceiling, and the browser takes the lower).
     */
    static final Set<String> FEEDBACK = Set.of("nack", "nack pli", "ccm fir", "goog-remb", "transport-cc");

    private CodecSelection() {
    }

    /** Empty when nothing offered is supported; video codecs in the SFU's order of preference. */
    static List<NegotiatedCodec> select(MediaDescription offer, CodecSupport support) {
        List<NegotiatedCodec> chosen = new ArrayList<>();
        switch (offer.kind()) {
            case AUDIO -> opus(offer).ifPresent(map -> chosen.add(codec(offer, map)));
            case VIDEO -> {
                vp8(offer).ifPresent(map -> chosen.add(codec(offer, map)));
                if (support.h264()) {
                    h264(offer).ifPresent(map -> chosen.add(codec(offer, map)));
                }
            }
            default -> {
            }
        }
        return chosen;
    }

    /** RFC 7587 §7: Opus is always declared as opus/48000/2, whatever it carries. */
    private static Optional<RtpMap> opus(MediaDescription offer) {
        return offer.rtpMaps().stream().filter(m -> m.isNamed("opus") && m.clockRate() == 48000
                && m.channels().orElse(1) == 2).findFirst();
    }

    private static Optional<RtpMap> vp8(MediaDescription offer) {
        return offer.rtpMaps().stream().filter(m -> m.isNamed("VP8") && m.clockRate() == 90000).findFirst();
    }

    /**
     * packetization-mode=1 (FU-A, RFC 6184 §6.3) in a baseline profile (profile_idc 0x42),
     * constrained baseline (constraint_set1, 42e0..) first, as that is what every browser decodes.
     */
    private static Optional<RtpMap> h264(MediaDescription offer) {
        List<RtpMap> baseline = offer.rtpMaps().stream()
                .filter(m -> m.isNamed("H264") && m.clockRate() == 90000)
                .filter(m -> offer.fmtp(m.payloadType())
                        .filter(f -> f.parameter("packetization-mode").filter("1"::equals).isPresent())
                        .flatMap(f -> f.parameter("profile-level-id"))
                        .filter(id -> id.length() == 6 && id.regionMatches(true, 0, "42", 0, 2)).isPresent())
                .toList();
        return baseline.stream().filter(m -> profileLevelId(offer, m).regionMatches(true, 0, "42e0", 0, 4)).findFirst()
                .or(() -> baseline.stream().findFirst());
    }

    private static String profileLevelId(MediaDescription offer, RtpMap map) {
        return offer.fmtp(map.payloadType()).flatMap(f -> f.parameter("profile-level-id")).orElse("");
    }

    private static NegotiatedCodec codec(MediaDescription offer, RtpMap map) {
        int pt = map.payloadType();
        List<String> feedback = offer.rtcpFeedback(pt).stream().map(RtcpFeedback::value)
                .filter(FEEDBACK::contains).distinct().toList();
        return new NegotiatedCodec(pt, map.encodingName(), map.clockRate(), map.channels(),
                offer.fmtp(pt).map(Fmtp::parameters).orElse(""), rtxFor(offer, map), feedback);
    }

    /** The RTX format whose apt names this codec (RFC 4588 §8.6), at the codec's clock rate. */
    private static OptionalInt rtxFor(MediaDescription offer, RtpMap codec) {
        for (RtpMap map : offer.rtpMaps()) {
            if (map.isNamed("rtx") && map.clockRate() == codec.clockRate()) {
                OptionalInt apt = offer.fmtp(map.payloadType()).map(Fmtp::associatedPayloadType).orElse(OptionalInt.empty());
                if (apt.isPresent() && apt.getAsInt() == codec.payloadType()) {
                    return OptionalInt.of(map.payloadType());
                }
            }
        }
        return OptionalInt.empty();
    }

    /** "opus/48000/2, G722/8000", for an error that says what was on offer. */
    static String offered(MediaDescription offer) {
        if (offer.rtpMaps().isEmpty()) {
            return String.join(" ", offer.formats());
        }
        return String.join(", ", offer.rtpMaps().stream().map(m -> m.encodingName() + "/" + m.clockRate()
                + (m.channels().isPresent() ? "/" + m.channels().getAsInt() : "")).toList());
    }
}
