package io.confab.core.signaling.room;

import io.confab.core.mediaplane.MediaCommand;

import io.confab.core.signaling.protocol.ParticipantId;
import io.confab.core.signaling.protocol.ServerMessage;
import io.confab.storage.events.AuditEntry;
import io.confab.storage.events.MeetingEvent;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything one call into a {@link Room} asks the transport to do, in the order to do it:
 * <ol>
 *   <li>produce {@code events} to {@code meeting.events} (key: {@code MeetingEvent.meetingId}) in list
 *       order, and {@code audit} entries to {@code audit.log} (key: {@code accountId});</li>
 *   <li>hand {@code media} commands to the SFU;</li>
 *   <li>write each delivery to its recipients, in list order;</li>
 *   <li>then close {@code closeConnections}, so that the last thing a removed client reads is why.</li>
 * </ol>
 * {@code status} is the room's status afterwards.
 */
public record Outcome(List<Delivery> deliveries, List<MeetingEvent> events, List<AuditEntry> audit,
                      List<MediaCommand> media, List<ParticipantId> closeConnections, RoomStatus status) {

    public Outcome {
        deliveries = List.copyOf(deliveries);
        events = List.copyOf(events);
        audit = List.copyOf(audit);
        media = List.copyOf(media);
        closeConnections = List.copyOf(closeConnections);
        Objects.requireNonNull(status, "status");
    }

    /** Nothing to do. */
    public static Outcome none(RoomStatus status) {
        return new Outcome(List.of(), List.of(), List.of(), List.of(), List.of(), status);
    }

    /** The messages one participant receives, in order. */
    public List<ServerMessage> messagesTo(ParticipantId participant) {
        return deliveries.stream().filter(d -> d.reaches(participant)).map(Delivery::message).toList();
    }

    /**
     * Collects one outcome. Audiences are resolved against the room state at the moment of each call,
     * so callers send before or after a state change on purpose.
     */
    static final class Builder {
        private final RoomState state;
        private final List<Delivery> deliveries = new ArrayList<>();
        private final List<MeetingEvent> events = new ArrayList<>();
        private final List<AuditEntry> audit = new ArrayList<>();
        private final List<MediaCommand> media = new ArrayList<>();
        private final Set<ParticipantId> close = new LinkedHashSet<>();

        Builder(RoomState state) {
            this.state = state;
        }

        Builder to(ParticipantId participant, ServerMessage message) {
            return deliver(Audience.PARTICIPANT, List.of(participant), message);
        }

        Builder to(List<ParticipantId> participants, ServerMessage message) {
            return deliver(Audience.PARTICIPANT, participants, message);
        }

        Builder toEveryone(ServerMessage message) {
            return deliver(Audience.EVERYONE, state.memberIds(), message);
        }

        Builder toEveryoneBut(ParticipantId excluded, ServerMessage message) {
            List<ParticipantId> others = new ArrayList<>(state.memberIds());
            others.remove(excluded);
            return deliver(Audience.EVERYONE_ELSE, others, message);
        }

        Builder toHosts(ServerMessage message) {
            return deliver(Audience.HOSTS, state.hostIds(), message);
        }

        Builder toWaitingRoom(ServerMessage message) {
            return deliver(Audience.WAITING_ROOM, state.waiterIds(), message);
        }

        Builder event(MeetingEvent event) {
            events.add(event);
            return this;
        }

        Builder audit(AuditEntry entry) {
            audit.add(entry);
            return this;
        }

        Builder media(MediaCommand command) {
            media.add(command);
            return this;
        }

        Builder close(ParticipantId participant) {
            close.add(participant);
            return this;
        }

        Outcome build() {
            return new Outcome(deliveries, events, audit, media, List.copyOf(close), state.status());
        }

        private Builder deliver(Audience audience, List<ParticipantId> recipients, ServerMessage message) {
            if (!recipients.isEmpty()) {
                deliveries.add(new Delivery(audience, recipients, message));
            }
            return this;
        }
    }
}
