package io.confab.core.signaling.protocol;

import io.confab.storage.events.RecordingLayout;

import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The parser of each client message type, by wire name. Each entry reads exactly the fields of its
 * record and checks their limits; unknown extra fields are ignored so that newer clients can talk to
 * older servers.
 */
final class ClientMessageReader {

    private static final Map<String, Function<FrameFields, ClientMessage>> READERS = Map.ofEntries(
            Map.entry("join_meeting", f -> new ClientMessage.JoinMeeting(
                    f.requiredText("meetingId", Limits.MAX_MEETING_ID),
                    f.requiredHumanText("displayName", Limits.MAX_DISPLAY_NAME, false).strip(),
                    f.optionalText("passcode", Limits.MAX_PASSCODE),
                    f.optionalText("token", Limits.MAX_TOKEN),
                    f.optionalBoolean("audioMuted", false),
                    f.optionalBoolean("videoMuted", false))),
            Map.entry("leave_meeting", f -> new ClientMessage.LeaveMeeting()),
            Map.entry("offer", f -> new Offer(f.requiredText("sdp", Limits.MAX_SDP))),
            Map.entry("answer", f -> new Answer(f.requiredText("sdp", Limits.MAX_SDP))),
            Map.entry("ice_candidate", ClientMessageReader::iceCandidate),
            Map.entry("video_preference", ClientMessageReader::videoPreference),
            Map.entry("mute", f -> new ClientMessage.Mute(f.requiredKind("kind"), f.optionalParticipant("target"))),
            Map.entry("unmute", f -> new ClientMessage.Unmute(f.requiredKind("kind"), f.optionalParticipant("target"))),
            Map.entry("kick_participant", f -> new ClientMessage.KickParticipant(
                    f.requiredParticipant("participantId"),
                    f.optionalHumanText("reason", Limits.MAX_KICK_REASON, false))),
            Map.entry("start_recording", ClientMessageReader::startRecording),
            Map.entry("stop_recording", f -> new ClientMessage.StopRecording()),
            Map.entry("raise_hand", f -> new ClientMessage.RaiseHand()),
            Map.entry("lower_hand", f -> new ClientMessage.LowerHand(f.optionalParticipant("target"))),
            Map.entry("reaction", ClientMessageReader::reaction),
            Map.entry("chat", f -> new ClientMessage.Chat(
                    f.requiredHumanText("text", Limits.MAX_CHAT_TEXT, true),
                    f.optionalParticipant("to"))),
            Map.entry("admit", f -> new ClientMessage.Admit(f.requiredParticipant("participantId"))),
            Map.entry("deny", f -> new ClientMessage.Deny(f.requiredParticipant("participantId"))),
            Map.entry("lock_meeting", f -> new ClientMessage.LockMeeting()),
            Map.entry("unlock_meeting", f -> new ClientMessage.UnlockMeeting()),
            Map.entry("end_meeting", f -> new ClientMessage.EndMeeting()),
            Map.entry("ping", f -> new ClientMessage.Ping()));

    private ClientMessageReader() {
    }

    /** The parser for a wire type, or null when the type is unknown. */
    static Function<FrameFields, ClientMessage> forType(String type) {
        return READERS.get(type);
    }

    static Set<String> types() {
        return READERS.keySet();
    }

    private static ClientMessage videoPreference(FrameFields f) {
        String layout = f.requiredText("layout", 16);
        if (!layout.equals("gallery") && !layout.equals("speaker")) {
            throw f.invalid("layout", "must be gallery or speaker");
        }
        return new ClientMessage.VideoPreference(layout, f.optionalIndex("maxBitrateKbps", Limits.MAX_VIDEO_KBPS));
    }

    private static ClientMessage startRecording(FrameFields f) {
        String layoutName = f.optionalText("layout", 16);
        RecordingLayout layout;
        try {
            layout = RecordingOptions.layoutNamed(layoutName);
        } catch (IllegalArgumentException e) {
            throw f.invalid("layout", e.getMessage());
        }
        return new ClientMessage.StartRecording(new RecordingOptions(f.optionalBoolean("transcribe", true), layout,
                f.optionalBoolean("audioOnly", false)));
    }

    private static ClientMessage iceCandidate(FrameFields f) {
        String candidate = f.requiredText("candidate", Limits.MAX_ICE_CANDIDATE);
        String sdpMid = f.optionalText("sdpMid", Limits.MAX_SDP_MID);
        Integer index = f.optionalIndex("sdpMLineIndex", Limits.MAX_SDP_MLINE_INDEX);
        if (sdpMid == null && index == null) {
            // RTCIceCandidateInit rejects this too: without either, no m-section can take the candidate.
            throw new FrameFields.FieldProblem(ErrorCode.MISSING_FIELD,
                    "ice_candidate needs field 'sdpMid' or 'sdpMLineIndex'");
        }
        return new IceCandidate(candidate, sdpMid, index);
    }

    private static ClientMessage reaction(FrameFields f) {
        String emoji = f.requiredText("emoji", 16);
        if (emoji.equals("\u2764")) {
            emoji = "\u2764\uFE0F"; // the heart without its emoji presentation selector, as some keyboards send it
        }
        if (!Limits.REACTIONS.contains(emoji)) {
            throw f.invalid("emoji", "must be one of " + String.join(" ", Limits.REACTIONS));
        }
        return new ClientMessage.Reaction(emoji);
    }
}
