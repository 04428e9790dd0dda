package io.confab.core.meetings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MeetingSettingsTest {

    @Test
    void defaultsHoldNewcomersUntilTheHostAdmitsThem() {
        assertTrue(MeetingSettings.DEFAULTS.waitingRoom(), "waiting room on by default");
        assertFalse(MeetingSettings.DEFAULTS.joinBeforeHost(), "join before host off by default");
        assertTrue(MeetingSettings.DEFAULTS.allowRecording(), "the host may record by default");
        assertFalse(MeetingSettings.DEFAULTS.transcription(), "no live transcription by default");
    }

    @Test
    void anOpenMeetingLetsAnyoneWithTheLinkInAndChangesNothingElse() {
        MeetingSettings open = MeetingSettings.OPEN;
        assertFalse(open.waitingRoom());
        assertTrue(open.joinBeforeHost());
        assertEquals(MeetingSettings.DEFAULTS, open.withWaitingRoom(true).withJoinBeforeHost(false));
    }

    @Test
    void eachWithMethodChangesOnlyItsOwnFlag() {
        MeetingSettings none = new MeetingSettings(false, false, false, false, false, false);
        assertEquals(new MeetingSettings(true, false, false, false, false, false), none.withWaitingRoom(true));
        assertEquals(new MeetingSettings(false, true, false, false, false, false), none.withJoinBeforeHost(true));
        assertEquals(new MeetingSettings(false, false, true, false, false, false), none.withMuteOnEntry(true));
        assertEquals(new MeetingSettings(false, false, false, true, false, false), none.withAllowRecording(true));
        assertEquals(new MeetingSettings(false, false, false, false, true, false), none.withE2eeEnabled(true));
        assertEquals(new MeetingSettings(false, false, false, false, false, true), none.withTranscription(true));
    }

    @Test
    void privateMediaTurnsRecordingAndTranscriptionOffAsTheMeetingServiceDoes() {
        MeetingSettings recordedAndTranscribed = MeetingSettings.OPEN.withTranscription(true);
        MeetingSettings privateMedia = recordedAndTranscribed.withE2eeEnabled(true);
        assertEquals(new MeetingSettings(false, true, false, false, true, false), privateMedia);
        assertEquals(privateMedia, new SettingsDraft(null, null, null, null, true, null).applyTo(recordedAndTranscribed).orElseThrow());
        assertEquals(new MeetingSettings(false, true, false, false, false, false), privateMedia.withE2eeEnabled(false),
                "turning private media off again does not bring recording back by itself");
    }

    @Test
    void recordingOrTranscriptionCannotBeTurnedOnBesidePrivateMedia() {
        MeetingSettings privateMedia = MeetingSettings.DEFAULTS.withE2eeEnabled(true);
        IllegalArgumentException recording = assertThrows(IllegalArgumentException.class,
                () -> privateMedia.withAllowRecording(true));
        assertTrue(recording.getMessage().contains("cloud recording"), recording.getMessage());
        IllegalArgumentException transcription = assertThrows(IllegalArgumentException.class,
                () -> privateMedia.withTranscription(true));
        assertTrue(transcription.getMessage().contains("transcribed"), transcription.getMessage());
    }

    @Test
    void theEventCarriesEachFlagInItsOwnField() {
        MeetingSettings settings = new MeetingSettings(true, false, true, false, false, true);
        var event = settings.toEvent();
        assertEquals(settings, new MeetingSettings(event.getWaitingRoom(), event.getJoinBeforeHost(),
                event.getMuteOnEntry(), event.getAllowRecording(), event.getE2eeEnabled(), event.getTranscription()));
        var privateMedia = MeetingSettings.OPEN.withE2eeEnabled(true).toEvent();
        assertEquals(MeetingSettings.OPEN.withE2eeEnabled(true), new MeetingSettings(privateMedia.getWaitingRoom(),
                privateMedia.getJoinBeforeHost(), privateMedia.getMuteOnEntry(), privateMedia.getAllowRecording(),
                privateMedia.getE2eeEnabled(), privateMedia.getTranscription()));
    }
}
