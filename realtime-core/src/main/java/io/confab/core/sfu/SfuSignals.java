package io.confab.core.sfu;

import io.confab.core.signaling.protocol.ParticipantId;

/** What the SFU tells signaling: SDP and layer control for one participant, and speaker changes. */
public interface SfuSignals {

    void send(String meetingId, ParticipantId to, MediaSignal signal);

    void activeSpeaker(String meetingId, ParticipantId speaker);
}
