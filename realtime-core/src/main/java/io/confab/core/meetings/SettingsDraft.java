package io.confab.core.meetings;

import io.confab.core.accounts.Validated;

/**
 * The {@code settings} object of a create or update request, as sent: a field left out (null)
 * keeps the value it is applied to.
 */
public record SettingsDraft(
        Boolean waitingRoom,
        Boolean joinBeforeHost,
        Boolean muteOnEntry,
        Boolean allowRecording,
        Boolean e2eeEnabled,
        Boolean transcription) {

    public static final SettingsDraft UNCHANGED = new SettingsDraft(null, null, null, null, null, null);

    /**
     * These settings over {@code base}. Turning on private media ({@code e2eeEnabled}, named for the
     * end-to-end encryption it is planned to become) without saying anything about recording or
     * transcription turns them off; asking for private media with either is refused.
     */
    public Validated<MeetingSettings> applyTo(MeetingSettings base) {
        boolean e2ee = or(e2eeEnabled, base.e2eeEnabled());
        boolean recording = allowRecording != null ? allowRecording : base.allowRecording() && !e2ee;
        if (e2ee && recording) {
            return Validated.rejected("settings.allow_recording",
                    "cannot be true while settings.e2ee_enabled is true: private media is never recorded"
                            + " by the server");
        }
        boolean transcribed = transcription != null ? transcription : base.transcription() && !e2ee;
        if (e2ee && transcribed) {
            return Validated.rejected("settings.transcription",
                    "cannot be true while settings.e2ee_enabled is true: private media is never transcribed"
                            + " by the server (it cannot transcribe it)");
        }
        return Validated.accepted(new MeetingSettings(
                or(waitingRoom, base.waitingRoom()),
                or(joinBeforeHost, base.joinBeforeHost()),
                or(muteOnEntry, base.muteOnEntry()),
                recording,
                e2ee,
                transcribed));
    }

    private static boolean or(Boolean given, boolean base) {
        return given != null ? given : base;
    }
}
