package io.confab.core.sfu.sdp;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The checks a browser's answer to a subscribe offer must pass (RFC 3264 §6, RFC 8843, RFC 5763). */
final class SubscribeAnswerCheck {
    private static final Set<SetupRole> ANSWERED_SETUPS_WE_SERVE = Set.of(SetupRole.ACTIVE);

    private SubscribeAnswerCheck() {
    }

    static SubscribeAnswerResult check(List<SubscribeSlot> offered, SessionDescription answer) {
        if (answer.iceLite()) {
            return NegotiationError.of(NegotiationError.Problem.PEER_IS_ICE_LITE,
                    "the answer is ICE-lite and so is the SFU (RFC 8445 §2.5)");
        }
        if (answer.media().size() != offered.size()) {
            return NegotiationError.of(NegotiationError.Problem.MEDIA_SECTIONS_DIFFER,
                    offered.size() + " m-sections offered, " + answer.media().size() + " answered");
        }
        List<AnsweredSlot> slots = new ArrayList<>();
        for (int i = 0; i < offered.size(); i++) {
            SubscribeSlot slot = offered.get(i);
            MediaDescription section = answer.media().get(i);
            NegotiationError problem = problemWith(slot, section);
            if (problem != null) {
                return problem;
            }
            slots.add(new AnsweredSlot(slot.mid(), section.direction(), section.bandwidthAs(), section.bandwidthTias()));
        }
        if (offered.size() > 1 && !answer.bundleMids().containsAll(offered.stream().map(SubscribeSlot::mid).toList())) {
            return NegotiationError.of(NegotiationError.Problem.BUNDLE_REQUIRED,
                    "the answer bundles " + answer.bundleMids() + ", not every offered mid");
        }
        MediaDescription carrier = answer.media().get(0);
        NegotiationError transportProblem = RemoteTransport.problemWith(carrier, ANSWERED_SETUPS_WE_SERVE);
        if (transportProblem != null) {
            return transportProblem;
        }
        return new SubscribeAnswer(RemoteTransport.of(carrier), slots, acceptedExtensions(answer));
    }

    /**
     * The offered extensions the answer kept under the id offered for them. One id per URI across
     * the bundle, so an extension accepted in one m-section is usable on the whole transport.
     */
    private static Set<String> acceptedExtensions(SessionDescription answer) {
        Map<String, Integer> offered = Map.of(
                HeaderExtensionUri.AUDIO_LEVEL, SubscribeOfferer.AUDIO_LEVEL_EXTENSION_ID,
                HeaderExtensionUri.ABS_SEND_TIME, SubscribeOfferer.ABS_SEND_TIME_EXTENSION_ID,
                HeaderExtensionUri.MID, SubscribeOfferer.MID_EXTENSION_ID,
                HeaderExtensionUri.TRANSPORT_CC, SubscribeOfferer.TRANSPORT_CC_EXTENSION_ID);
        Set<String> accepted = new HashSet<>();
        for (MediaDescription section : answer.media()) {
            for (ExtMap ext : section.extMaps()) {
                Integer id = offered.get(ext.uri());
                if (id != null && id == ext.id()) {
                    accepted.add(ext.uri());
                }
            }
        }
        return accepted;
    }

    private static NegotiationError problemWith(SubscribeSlot slot, MediaDescription section) {
        String mid = slot.mid();
        if (!section.mid().filter(mid::equals).isPresent() || section.kind() != slot.kind()) {
            return NegotiationError.of(NegotiationError.Problem.MEDIA_SECTIONS_DIFFER, mid, "offered m=" + slot.kind().token()
                    + " mid " + mid + ", answered m=" + section.media() + " mid " + section.mid().orElse("(none)"));
        }
        if (section.isRejected()) {
            return NegotiationError.of(NegotiationError.Problem.MEDIA_REJECTED, mid, "answered with port 0");
        }
        Direction direction = section.direction();
        boolean allowed = slot.isActive()
                ? direction == Direction.RECVONLY || direction == Direction.INACTIVE
                : direction == Direction.INACTIVE;
        if (!allowed) {
            return NegotiationError.of(NegotiationError.Problem.BAD_DIRECTION, mid, "offered "
                    + (slot.isActive() ? "sendonly" : "inactive") + ", answered " + direction.token());
        }
        int payloadType = slot.kind() == MediaKind.VIDEO
                ? SubscribeOfferer.VP8_PAYLOAD_TYPE : SubscribeOfferer.OPUS_PAYLOAD_TYPE;
        if (direction == Direction.RECVONLY && !section.formats().contains(Integer.toString(payloadType))) {
            return NegotiationError.of(NegotiationError.Problem.CODEC_NOT_ACCEPTED, mid,
                    "payload type " + payloadType + " missing from m=" + section.media() + " " + section.formats());
        }
        return null;
    }
}
