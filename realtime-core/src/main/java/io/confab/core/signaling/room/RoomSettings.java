package io.confab.core.signaling.room;

import io.confab.storage.events.MeetingSettings;

/**
 * The meeting settings a live room enforces, as the meeting service stored them: the same concept
 * as {@code io.confab.core.meetings.MeetingSettings}, copied field for field when a room opens (the
 * room keeps its own type so that signaling needs nothing of the meeting service's package). Build
 * from {@link #DEFAULTS} or {@link #OPEN} with the {@code with...} methods so each flag is named at
 * the call site: {@code RoomSettings.OPEN.withWaitingRoom(true).withMuteOnEntry(true)}.
 *
 * @param waitingRoom    non-hosts wait until a host or co-host admits them
 * @param joinBeforeHost when false, non-hosts wait until a host or co-host is in
 * @param muteOnEntry    non-hosts enter with their microphone muted
 * @param allowRecording hosts may start cloud recording
 * @param e2eeEnabled    private media: the server does not record or transcribe it (not end-to-end
 *                       encryption, which is planned; the SFU decrypts every packet)
 * @param transcription  the meeting is transcribed live: its audio is tapped from the start
 */
public record RoomSettings(boolean waitingRoom, boolean joinBeforeHost, boolean muteOnEntry,
                           boolean allowRecording, boolean e2eeEnabled, boolean transcription) {

    /**
     * The meeting service's defaults ({@code MeetingSettings.DEFAULTS}), so that a room and a meeting
     * created without settings agree: Zoom's defaults since 2020, the waiting room on and
     * join-before-host off, because a meeting link travels beyond its invitees; recording allowed,
     * no live transcription.
     */
    public static final RoomSettings DEFAULTS = new RoomSettings(true, false, false, true, false, false);

    /** An open meeting, as Jitsi's rooms are by default: anyone with the link walks in, before the host too. */
    public static final RoomSettings OPEN = DEFAULTS.withWaitingRoom(false).withJoinBeforeHost(true);

    public RoomSettings withWaitingRoom(boolean on) {
        return new RoomSettings(on, joinBeforeHost, muteOnEntry, allowRecording, e2eeEnabled, transcription);
    }

    public RoomSettings withJoinBeforeHost(boolean on) {
        return new RoomSettings(waitingRoom, on, muteOnEntry, allowRecording, e2eeEnabled, transcription);
    }

    public RoomSettings withMuteOnEntry(boolean on) {
        return new RoomSettings(waitingRoom, joinBeforeHost, on, allowRecording, e2eeEnabled, transcription);
    }

    public RoomSettings withAllowRecording(boolean on) {
        return new RoomSettings(waitingRoom, joinBeforeHost, muteOnEntry, on, e2eeEnabled, transcription);
    }

    public RoomSettings withE2eeEnabled(boolean on) {
        return new RoomSettings(waitingRoom, joinBeforeHost, muteOnEntry, allowRecording, on, transcription);
    }

    public RoomSettings withTranscription(boolean on) {
        return new RoomSettings(waitingRoom, joinBeforeHost, muteOnEntry, allowRecording, e2eeEnabled, on);
    }

    MeetingSettings toEvent() {
        return MeetingSettings.newBuilder().setWaitingRoom(waitingRoom).setJoinBeforeHost(joinBeforeHost)
                .setMuteOnEntry(muteOnEntry).setAllowRecording(allowRecording).setE2eeEnabled(e2eeEnabled)
                .setTranscription(transcription).build();
    }
}
