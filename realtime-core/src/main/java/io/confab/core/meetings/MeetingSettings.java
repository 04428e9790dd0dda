package io.confab.core.meetings;

/**
 * How a meeting admits and treats participants; the fields of {@code MeetingSettings} in storage's
 * {@code MeetingEvent} schema.
 *
 * <p>{@link #DEFAULTS} follow Zoom's defaults since 2020, for every meeting type: the waiting room
 * is on and join-before-host off, because a meeting ID (a personal one above all) gets shared
 * beyond its invitees and the host should see who comes in; participants are not muted on entry;
 * the host may record; private media is off, because it turns cloud recording and live captions off.
 * A live room enforces the same settings as {@code signaling.room.RoomSettings}, with the same defaults.
 *
 * @param waitingRoom new participants wait until the host admits them
 * @param joinBeforeHost participants may enter before the host; when the waiting room is also on,
 *     the waiting room applies
 * @param muteOnEntry participants enter with their microphone muted
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

    public static final MeetingSettings DEFAULTS = new MeetingSettings(true, false, false, true, false, false);

    public MeetingSettings {
        if (e2eeEnabled && allowRecording) {
            throw new IllegalArgumentException(
                    "a meeting with private media (e2eeEnabled) cannot allow cloud recording");
        }
        if (e2eeEnabled && transcription) {
            throw new IllegalArgumentException("a meeting with private media (e2eeEnabled) cannot be transcribed");
        }
    }
}
