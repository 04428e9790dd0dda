package io.confab.core.signaling.room;

import io.confab.core.meetings.MeetingSettings;
import io.confab.core.testing.ReferenceDefaults;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.confab.core.signaling.protocol.ClientMessage;
import io.confab.core.signaling.protocol.ErrorCode;
import io.confab.core.signaling.protocol.ParticipantId;
import io.confab.core.signaling.protocol.ClientRequest;
import io.confab.core.signaling.protocol.ServerMessage;
import io.confab.storage.events.AuditEntry;
import io.confab.storage.events.MeetingEvent;
import io.confab.storage.events.MeetingType;
import io.confab.storage.events.ParticipantRole;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A room under test with a clock that moves one second per call, people to join it, and assertions
 * over outcomes. Every outcome is also kept, so a test can check the whole event history.
 */
final class RoomFixture {

    static final Instant START = Instant.parse("2025-03-30T09:00:00Z");

    final MeetingInfo meeting;
    final Room room;
    final List<Outcome> history = new ArrayList<>();
    private Instant now = START;

    RoomFixture(MeetingSettings settings) {
        this(settings, ReferenceDefaults.config().signaling().rooms());
    }

    RoomFixture(MeetingSettings settings, RoomLimits limits) {
        this.meeting = new MeetingInfo("8512345678", "acct-1", "u-alice", "Weekly sync", MeetingType.SCHEDULED, settings);
        this.room = new Room(meeting, limits);
    }

    RoomFixture() {
        this(MeetingSettings.OPEN);
    }

    static Identity host(String name) {
        return person(name, ParticipantRole.HOST);
    }

    static Identity cohost(String name) {
        return person(name, ParticipantRole.COHOST);
    }

    /** A signed-in participant. */
    static Identity participant(String name) {
        return person(name, ParticipantRole.PARTICIPANT);
    }

    static Identity guest(String name) {
        return new Identity(new ParticipantId("p-" + name), null, null, ParticipantRole.GUEST, name, "198.51.100.7");
    }

    private static Identity person(String name, ParticipantRole role) {
        return new Identity(new ParticipantId("p-" + name), "u-" + name, "acct-1", role, name, "192.0.2.10");
    }

    /** The time of the last call. */
    Instant now() {
        return now;
    }

    Outcome join(Identity who) {
        return join(who, new JoinRequest("join-" + who.displayName(), false, false, "test-client"));
    }

    Outcome join(Identity who, JoinRequest request) {
        return keep(room.join(who, request, tick()));
    }

    Outcome send(Identity from, ClientMessage message) {
        return keep(room.handle(from.participantId(), new ClientRequest("req-" + history.size(), message), tick()));
    }

    Outcome disconnect(Identity who) {
        return keep(room.disconnect(who.participantId(), tick()));
    }

    Outcome endBecauseEmpty() {
        return keep(room.endBecauseEmpty(tick()));
    }

    Outcome keep(Outcome outcome) {
        history.add(outcome);
        return outcome;
    }

    List<MeetingEvent> allEvents() {
        return history.stream().flatMap(o -> o.events().stream()).toList();
    }

    private Instant tick() {
        now = now.plusSeconds(1);
        return now;
    }

    // ---- assertions over outcomes -------------------------------------------------------------

    /** The payload classes of the outcome's events, in order. */
    static List<Class<?>> payloads(Outcome outcome) {
        return outcome.events().stream().<Class<?>>map(e -> e.getPayload().getClass()).toList();
    }

    static <T> T payload(Outcome outcome, int index, Class<T> type) {
        return assertInstanceOf(type, outcome.events().get(index).getPayload(),
                () -> "event " + index + " of " + payloads(outcome));
    }

    /** The only message the participant got from this outcome. */
    static <T extends ServerMessage> T onlyMessageTo(Outcome outcome, Identity who, Class<T> type) {
        List<ServerMessage> messages = outcome.messagesTo(who.participantId());
        assertEquals(1, messages.size(), () -> who.displayName() + " got " + messages);
        return assertInstanceOf(type, messages.get(0));
    }

    static <T extends ServerMessage> T messageTo(Outcome outcome, Identity who, Class<T> type) {
        return outcome.messagesTo(who.participantId()).stream().filter(type::isInstance).map(type::cast).findFirst()
                .orElseThrow(() -> new AssertionError(who.displayName() + " got no " + type.getSimpleName() + " in "
                        + outcome.messagesTo(who.participantId())));
    }

    static void assertNothingTo(Outcome outcome, Identity who) {
        assertEquals(List.of(), outcome.messagesTo(who.participantId()), who.displayName() + " should get nothing");
    }

    /** The sender alone got one error with this code, and nothing changed in the meeting. */
    static ServerMessage.ErrorReply assertRefused(Outcome outcome, Identity sender, ErrorCode code) {
        ServerMessage.ErrorReply error = onlyMessageTo(outcome, sender, ServerMessage.ErrorReply.class);
        assertEquals(code, error.code(), error::message);
        assertEquals(1, outcome.deliveries().size(), () -> "only the sender hears of it: " + outcome.deliveries());
        assertEquals(List.of(), outcome.events(), "a refusal changes nothing");
        assertEquals(List.of(), outcome.media());
        assertEquals(List.of(), outcome.closeConnections());
        return error;
    }

    static AuditEntry onlyAudit(Outcome outcome) {
        assertEquals(1, outcome.audit().size(), () -> "audit entries: " + outcome.audit());
        return outcome.audit().get(0);
    }

    static void assertContains(String text, String part) {
        assertTrue(text.contains(part), () -> "'" + text + "' should contain '" + part + "'");
    }
}
