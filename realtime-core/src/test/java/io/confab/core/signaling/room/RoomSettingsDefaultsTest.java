package io.confab.core.signaling.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.confab.core.meetings.MeetingSettings;
import org.junit.jupiter.api.Test;

class RoomSettingsDefaultsTest {

    @Test
    void aRoomWithoutSettingsBehavesAsAMeetingCreatedWithoutSettings() {
        MeetingSettings meeting = MeetingSettings.DEFAULTS;
        RoomSettings room = RoomSettings.DEFAULTS;
        assertEquals(new RoomSettings(meeting.waitingRoom(), meeting.joinBeforeHost(), meeting.muteOnEntry(),
                meeting.allowRecording(), meeting.e2eeEnabled(), meeting.transcription()), room);
    }

    @Test
    void defaultsHoldNewcomersUntilTheHostAdmitsThem() {
        assertTrue(RoomSettings.DEFAULTS.waitingRoom(), "waiting room on by default");
        assertFalse(RoomSettings.DEFAULTS.joinBeforeHost(), "join before host off by default");
    }

    @Test
    void anOpenRoomLetsAnyoneWithTheLinkInAndChangesNothingElse() {
        RoomSettings open = RoomSettings.OPEN;
        assertFalse(open.waitingRoom());
        assertTrue(open.joinBeforeHost());
        assertEquals(RoomSettings.DEFAULTS, open.withWaitingRoom(true).withJoinBeforeHost(false));
    }
}
