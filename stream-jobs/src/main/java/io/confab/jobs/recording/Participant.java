package io.confab.jobs.recording;

/**
 * A participant as the mixer knows them from meeting.events, at the moment the state was read.
 *
 * @param id          ParticipantJoined.participantId (a rejoin gets a new id)
 * @param name        display name; tiles and the per-participant tracks are labelled with it
 * @param audioMuted  microphone muted
 * @param videoMuted  camera off
 */
public record Participant(String id, String name, boolean audioMuted, boolean videoMuted) {

    public Participant withAudioMuted(boolean muted) {
        return new Participant(id, name, muted, videoMuted);
    }

    public Participant withVideoMuted(boolean muted) {
        return new Participant(id, name, audioMuted, muted);
    }
}
