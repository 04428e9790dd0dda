package io.confab.core.sfu;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which media thread owns a meeting, from its first command to its last (issue 20 item 3). */
class MeetingPlacementTest {

    @Test
    void aNewMeetingGoesToTheThreadWithTheFewestMeetings() {
        MeetingPlacement placement = new MeetingPlacement(3);
        assertEquals(0, placement.dispatch("m1", true));
        assertEquals(1, placement.dispatch("m2", true));
        assertEquals(2, placement.dispatch("m3", true));
        assertEquals(0, placement.dispatch("m4", true), "all even: the lowest index");
        placement.handled("m2", false);
        assertEquals(1, placement.dispatch("m5", true), "m2 ended, so thread 1 has the fewest");
    }

    @Test
    void everyCommandOfAMeetingGoesToItsThread() {
        MeetingPlacement placement = new MeetingPlacement(2);
        assertEquals(0, placement.dispatch("a", true));
        placement.handled("a", true);
        assertEquals(1, placement.dispatch("b", true));
        placement.handled("b", true);
        for (int i = 0; i < 5; i++) {
            assertEquals(0, placement.dispatch("a", false));
            placement.handled("a", true);
            assertEquals(1, placement.dispatch("b", true));
            placement.handled("b", true);
        }
        assertEquals(1, placement.meetingsOn(0));
        assertEquals(1, placement.meetingsOn(1));
    }

    @Test
    void aCommandForAMeetingWithoutMediaThatCannotOpenItGoesNowhere() {
        MeetingPlacement placement = new MeetingPlacement(2);
        assertEquals(MeetingPlacement.NOWHERE, placement.dispatch("m", false));
        assertEquals(MeetingPlacement.NOWHERE, placement.owner("m"));
        assertEquals(0, placement.meetingsOn(0));
    }

    @Test
    void aConnectQueuedBehindTheLastDisconnectStaysOnTheSameThread() {
        MeetingPlacement placement = new MeetingPlacement(2);
        assertEquals(0, placement.dispatch("m", true));
        placement.handled("m", true);
        assertEquals(1, placement.dispatch("other", true));
        placement.handled("other", true);
        assertEquals(0, placement.dispatch("m", false), "the last participant's disconnect");
        assertEquals(0, placement.dispatch("m", true), "a connect sent before thread 0 handled the disconnect");
        placement.handled("m", false);
        assertEquals(0, placement.owner("m"), "the connect is still on its way to thread 0: the meeting stays placed there");
        assertEquals(0, placement.dispatch("m", false), "and what follows the connect goes there too");
        placement.handled("m", true);
        placement.handled("m", true);
        assertEquals(0, placement.owner("m"));
    }

    @Test
    void aMeetingWhoseLastCommandLeftNoConferenceIsForgotten() {
        MeetingPlacement placement = new MeetingPlacement(2);
        assertEquals(0, placement.dispatch("m", true));
        placement.handled("m", true);
        assertEquals(0, placement.dispatch("m", false));
        placement.handled("m", false);
        assertEquals(MeetingPlacement.NOWHERE, placement.owner("m"));
        assertEquals(0, placement.meetingsOn(0));
    }
}
