package io.confab.core.meetings;

/**
 * How a meeting admits and treats participants: what the meeting service stores and what a live
 * room ({@code signaling.room.Room}) enforces, one record for both so the two cannot drift apart.
 * The fields of {@code MeetingSettings} in storage's {@code MeetingEvent} schema ({@link #toEvent}).
 * Build from {@link #DEFAULTS} or {@link #OPEN} with the {@code with...} methods so each flag is
 * named at the call site: {@code MeetingSettings.OPEN.withWaitingRoom(true).withMuteOnEntry(true)}.
 *
 * <p>{@link #DEFAULTS} follow Zoom's defaults since 2020, for every meeting type: the waiting room
 * is on and join-before-host off, because a meeting ID (a personal one above all) gets shared
 * beyond its invitees and the host should see who comes in; participants are not muted on entry;
 * the host may record; private media is off, because it turns cloud recording and live captions off.
 *
 * @param waitingRoom new participants wait until a host or co-host admits them
 * @param joinBeforeHost participants may enter before the host; when false, non-hosts wait until a
 *     host or co-host is in. When the waiting room is also on, the waiting room applies
 * @param muteOnEntry participants (not hosts) enter with their microphone muted
 * @param allowRecording the host may start a cloud recording
 * @param e2eeEnabled private media: the server never records or transcribes the meeting; never
 *     together with {@code allowRecording} or {@code transcription}. Not end-to-end encryption (the
 *     SFU decrypts and re-encrypts every packet); the name is the REST and storage field's, kept
 *     for the end-to-end encryption (insertable streams) that is planned
 * @param transcription the meeting is transcribed live from its start (captions for everyone, a
 *     transcript afterwards) even without a recording; off by default, since it taps everyone's
 *     audio into the data platform
 */
public record MeetingSettings(
        boolean waitingRoom,
        boolean joinBeforeHost,
        boolean muteOnEntry,
        boolean allowRecording,
        boolean e2eeEnabled,
        boolean transcription) {

    /** What a meeting created without settings gets, and so what its room enforces. */
    public static final MeetingSettings DEFAULTS = new MeetingSettings(true, false, false, true, false, false);

    /** An open meeting, as Jitsi's rooms are by default: anyone with the link walks in, before the host too. */
    public static final MeetingSettings OPEN = DEFAULTS.withWaitingRoom(false).withJoinBeforeHost(true);

    /** @throws IllegalArgumentException for private media together with recording or transcription */
    public MeetingSettings {
        if (e2eeEnabled && allowRecording) {
            throw new IllegalArgumentException(
                    "a meeting with private media (e2eeEnabled) cannot allow cloud recording");
        }
        if (e2eeEnabled && transcription) {
            throw new IllegalArgumentException("a meeting with private media (e2eeEnabled) cannot be transcribed");
        }
    }

    public MeetingSettings withWaitingRoom(boolean on) {
        return new MeetingSettings(on, joinBeforeHost, muteOnEntry, allowRecording, e2eeEnabled, transcription);
    }

    public MeetingSettings withJoinBeforeHost(boolean on) {
        return new MeetingSettings(waitingRoom, on, muteOnEntry, allowRecording, e2eeEnabled, transcription);
    }

    public MeetingSettings withMuteOnEntry(boolean on) {
        return new MeetingSettings(waitingRoom, joinBeforeHost, on, allowRecording, e2eeEnabled, transcription);
    }

    /** @throws IllegalArgumentException when turning recording on with private media on */
    public MeetingSettings withAllowRecording(boolean on) {
        return new MeetingSettings(waitingRoom, joinBeforeHost, muteOnEntry, on, e2eeEnabled, transcription);
    }

    /**
     * Private media on also turns recording and transcription off, as the meeting service does when
     * a request turns it on without naming them ({@link SettingsDraft#applyTo}): the server can do
     * neither with it.
     */
    public MeetingSettings withE2eeEnabled(boolean on) {
        return new MeetingSettings(waitingRoom, joinBeforeHost, muteOnEntry, allowRecording && !on, on,
                transcription && !on);
    }

    /** @throws IllegalArgumentException when turning transcription on with private media on */
    public MeetingSettings withTranscription(boolean on) {
        return new MeetingSettings(waitingRoom, joinBeforeHost, muteOnEntry, allowRecording, e2eeEnabled, on);
    }

    /** The settings as {@code meeting.events} carries them, on MeetingCreated, MeetingUpdated and MeetingStarted. */
    public io.confab.storage.events.MeetingSettings toEvent() {
        return io.confab.storage.events.MeetingSettings.newBuilder().setWaitingRoom(waitingRoom)
                .setJoinBeforeHost(joinBeforeHost).setMuteOnEntry(muteOnEntry).setAllowRecording(allowRecording)
                .setE2eeEnabled(e2eeEnabled).setTranscription(transcription).build();
    }
}
