package io.confab.core.sfu;

import io.confab.core.signaling.protocol.ParticipantId;
import io.confab.core.signaling.protocol.ServerMessage;

/** What the SFU tells signaling: SDP and layer control for one participant, and speaker changes. */
public interface SfuSignals {

    void send(String meetingId, ParticipantId to, ServerMessage.Negotiation message);

    void activeSpeaker(String meetingId, ParticipantId speaker);
}
