package io.confab.core.signaling.room;

import io.confab.core.mediaplane.MediaCommand;

import io.confab.core.signaling.protocol.ClientMessage;
import io.confab.core.signaling.protocol.ErrorCode;
import io.confab.core.signaling.protocol.ParticipantId;
import io.confab.core.signaling.protocol.ServerMessage;
import io.confab.storage.events.MediaKind;
import java.util.List;
import java.util.UUID;

/**
 * What any member may do for themself: mute and unmute their own tracks, raise and lower their hand,
 * react, and chat. Repeating a state that already holds (muting a muted microphone) changes nothing,
 * so it produces no event and no message.
 */
final class ParticipantActions {

    private final RoomState state;
    private final RoomEvents events;

    ParticipantActions(RoomState state, RoomEvents events) {
        this.state = state;
        this.events = events;
    }

    /**
     * Sets one track's mute state, by the member themself or by a host; everyone sees it, and the SFU
     * stops or resumes forwarding the track. Used by {@link HostControls} for host mutes.
     */
    void setMuted(Turn turn, Member target, MediaKind kind, boolean muted) {
        if (target.muted(kind) == muted) {
            return;
        }
        state.put(target.withMuted(kind, muted));
        turn.out().event(events.muteChanged(target.id(), kind, muted, turn.actor(), turn.now()));
        boolean self = target.id().equals(turn.by().id());
        turn.out().toEveryone(muted
                ? new ServerMessage.Muted(target.id(), kind, self ? null : turn.by().id())
                : new ServerMessage.Unmuted(target.id(), kind));
        turn.out().media(new MediaCommand.SetMuted(target.id(), kind, muted));
    }

    void raiseHand(Turn turn) {
        if (turn.by().handRaised()) {
            return;
        }
        state.put(turn.by().withHandRaised(true));
        turn.out().event(events.handRaised(turn.actor(), turn.now()));
        turn.out().toEveryone(new ServerMessage.HandRaised(turn.by().id()));
    }

    /** Lowers the target's hand, the member's own or (through {@link HostControls}) someone else's. */
    void lowerHand(Turn turn, Member target) {
        if (!target.handRaised()) {
            return;
        }
        state.put(target.withHandRaised(false));
        turn.out().event(events.handLowered(target.id(), turn.actor(), turn.now()));
        boolean self = target.id().equals(turn.by().id());
        turn.out().toEveryone(new ServerMessage.HandLowered(target.id(), self ? null : turn.by().id()));
    }

    void react(Turn turn, String emoji) {
        turn.out().event(events.reaction(turn.actor(), emoji, turn.now()));
        turn.out().toEveryone(new ServerMessage.Reaction(turn.by().id(), emoji));
    }

    /**
     * A public message goes to everyone in the meeting, the sender included (the echo carries the
     * server's message id and time); a private one only to its recipient and the sender.
     */
    void chat(Turn turn, ClientMessage.Chat chat) {
        ParticipantId to = chat.to();
        if (to != null && to.equals(turn.by().id())) {
            turn.refuse(ErrorCode.INVALID_FIELD, "field 'to' of chat names yourself");
            return;
        }
        if (to != null && state.member(to).isEmpty()) {
            turn.refuse(ErrorCode.UNKNOWN_PARTICIPANT, "no one with id " + to + " is in the meeting");
            return;
        }
        String messageId = UUID.randomUUID().toString();
        Member from = turn.by();
        turn.out().event(events.chatMessage(messageId, from, to, chat.text(), turn.now()));
        ServerMessage.Chat delivered = new ServerMessage.Chat(messageId, from.id(), from.displayName(), to,
                chat.text(), turn.now());
        if (to == null) {
            turn.out().toEveryone(delivered);
        } else {
            turn.out().to(List.of(to, from.id()), delivered);
        }
    }
}
