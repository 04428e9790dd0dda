package io.confab.core.signaling.protocol;

import io.confab.storage.events.LeaveReason;
import io.confab.storage.events.MediaKind;
import io.confab.storage.events.MeetingEndReason;
import io.confab.storage.events.ParticipantRole;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One example of every message in both directions; the README's examples are these frames. */
final class Samples {

    static final ParticipantId ALICE = new ParticipantId("p-alice");
    static final ParticipantId BOB = new ParticipantId("p-bob");
    static final Instant AT = Instant.parse("2025-03-30T10:15:30.250Z");

    /** Client frames as a browser writes them, and the message each must parse into. */
    static final Map<String, ClientMessage> CLIENT_FRAMES = Map.ofEntries(
            Map.entry("{\"type\":\"join_meeting\",\"id\":\"1\",\"meetingId\":\"8512345678\",\"displayName\":\"Alice\","
                            + "\"passcode\":\"4921\",\"audioMuted\":true}",
                    new ClientMessage.JoinMeeting("8512345678", "Alice", "4921", null, true, false)),
            Map.entry("{\"type\":\"leave_meeting\"}", new ClientMessage.LeaveMeeting()),
            Map.entry("{\"type\":\"offer\",\"sdp\":\"v=0\\r\\no=- 1 2 IN IP4 127.0.0.1\\r\\n\"}",
                    new Offer("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n")),
            Map.entry("{\"type\":\"answer\",\"sdp\":\"v=0\\r\\n\"}", new Answer("v=0\r\n")),
            Map.entry("{\"type\":\"ice_candidate\",\"candidate\":\"candidate:1 1 udp 2122260223 192.0.2.1 54400 typ host\","
                            + "\"sdpMid\":\"0\",\"sdpMLineIndex\":0}",
                    new IceCandidate("candidate:1 1 udp 2122260223 192.0.2.1 54400 typ host", "0", 0)),
            Map.entry("{\"type\":\"video_preference\",\"layout\":\"speaker\",\"maxBitrateKbps\":300}",
                    new ClientMessage.VideoPreference("speaker", 300)),
            Map.entry("{\"type\":\"mute\",\"kind\":\"audio\"}", new ClientMessage.Mute(MediaKind.AUDIO, null)),
            Map.entry("{\"type\":\"unmute\",\"kind\":\"video\",\"target\":\"p-bob\"}",
                    new ClientMessage.Unmute(MediaKind.VIDEO, BOB)),
            Map.entry("{\"type\":\"kick_participant\",\"participantId\":\"p-bob\",\"reason\":\"off topic\"}",
                    new ClientMessage.KickParticipant(BOB, "off topic")),
            Map.entry("{\"type\":\"start_recording\"}", new ClientMessage.StartRecording(RecordingOptions.DEFAULTS)),
            Map.entry("{\"type\":\"stop_recording\"}", new ClientMessage.StopRecording()),
            Map.entry("{\"type\":\"raise_hand\"}", new ClientMessage.RaiseHand()),
            Map.entry("{\"type\":\"lower_hand\",\"target\":\"p-bob\"}", new ClientMessage.LowerHand(BOB)),
            Map.entry("{\"type\":\"reaction\",\"emoji\":\"\uD83D\uDC4D\"}", new ClientMessage.Reaction("\uD83D\uDC4D")),
            Map.entry("{\"type\":\"chat\",\"text\":\"hello\",\"to\":\"p-bob\"}", new ClientMessage.Chat("hello", BOB)),
            Map.entry("{\"type\":\"admit\",\"participantId\":\"p-bob\"}", new ClientMessage.Admit(BOB)),
            Map.entry("{\"type\":\"deny\",\"participantId\":\"p-bob\"}", new ClientMessage.Deny(BOB)),
            Map.entry("{\"type\":\"lock_meeting\"}", new ClientMessage.LockMeeting()),
            Map.entry("{\"type\":\"unlock_meeting\"}", new ClientMessage.UnlockMeeting()),
            Map.entry("{\"type\":\"end_meeting\"}", new ClientMessage.EndMeeting()),
            Map.entry("{\"type\":\"ping\",\"id\":\"42\"}", new ClientMessage.Ping()));

    static final PresenceEntry ALICE_ROW = new PresenceEntry(ALICE, "Alice", ParticipantRole.HOST, false, false, false);
    static final PresenceEntry BOB_ROW = new PresenceEntry(BOB, "Bob", ParticipantRole.GUEST, true, false, true);

    static final List<ServerMessage> SERVER_MESSAGES = List.of(
            new ServerMessage.Joined("1", ALICE_ROW,
                    new MeetingState("8512345678", "Weekly sync", false, true, "rec-1", BOB),
                    List.of(ALICE_ROW, BOB_ROW)),
            new ServerMessage.Waiting("1", WaitingReason.WAITING_ROOM),
            new ServerMessage.Admitted(ALICE),
            new ServerMessage.Denied(ALICE),
            new ServerMessage.WaitingList(List.of(new WaitingEntry(BOB, "Bob", WaitingReason.WAITING_ROOM, AT))),
            new ServerMessage.ParticipantJoined(BOB_ROW),
            new ServerMessage.ParticipantLeft(BOB, LeaveReason.KICKED),
            new ServerMessage.Presence(List.of(ALICE_ROW, BOB_ROW)),
            new ServerMessage.Muted(BOB, MediaKind.AUDIO, ALICE),
            new ServerMessage.Unmuted(BOB, MediaKind.VIDEO),
            new ServerMessage.UnmuteRequested(MediaKind.AUDIO, ALICE),
            new ServerMessage.Kicked("off topic", ALICE),
            new ServerMessage.HandRaised(BOB),
            new ServerMessage.HandLowered(BOB, ALICE),
            new ServerMessage.Reaction(BOB, "\uD83C\uDF89"),
            new ServerMessage.Chat("m-1", ALICE, "Alice", null, "hello all", AT),
            new ServerMessage.RecordingStarted("rec-1", true, ALICE, "speaker", false),
            new ServerMessage.RecordingStopped("rec-1", ALICE),
            new ServerMessage.MeetingLocked(ALICE),
            new ServerMessage.MeetingUnlocked(ALICE),
            new ServerMessage.MeetingEnded(MeetingEndReason.ENDED_BY_HOST),
            new ServerMessage.ActiveSpeaker(BOB),
            new ServerMessage.Caption("2f1c9a57-3b1e-3c5e-9d0a-6a3b4c5d6e7f", BOB, "Bob", "the quarterly numbers are in", true,
                    61_240, 63_020),
            new Offer("v=0\r\n"),
            new Answer("v=0\r\n"),
            new ServerMessage.Layers(List.of("l", "m")),
            new IceCandidate("candidate:1 1 udp 2122260223 192.0.2.9 40000 typ host", "0", 0),
            new ServerMessage.ErrorReply(ErrorCode.FORBIDDEN, "only a host or co-host may kick_participant", "7"),
            new ServerMessage.Pong("42", AT));

    private Samples() {
    }

    /** Every record type that implements the interface, through nested sealed interfaces. */
    static List<Class<?>> recordTypes(Class<?> sealedInterface) {
        List<Class<?>> records = new ArrayList<>();
        for (Class<?> permitted : sealedInterface.getPermittedSubclasses()) {
            if (permitted.isRecord()) {
                records.add(permitted);
            } else {
                records.addAll(recordTypes(permitted));
            }
        }
        return records;
    }
}
