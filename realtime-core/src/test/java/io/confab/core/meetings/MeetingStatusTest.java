package io.confab.core.meetings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MeetingStatusTest {

    @Test
    void movesScheduledToStartedToEnded() {
        assertEquals(MeetingStatus.STARTED, MeetingStatus.SCHEDULED.transitionTo(MeetingStatus.STARTED));
        assertEquals(MeetingStatus.ENDED, MeetingStatus.STARTED.transitionTo(MeetingStatus.ENDED));
    }

    @Test
    void aReusableMeetingGoesBackToWaitingAfterARun() {
        assertEquals(MeetingStatus.SCHEDULED, MeetingStatus.STARTED.transitionTo(MeetingStatus.SCHEDULED));
    }

    @Test
    void refusesToStartAnEndedMeetingWithAClearMessage() {
        IllegalTransitionException e = assertThrows(IllegalTransitionException.class,
                () -> MeetingStatus.ENDED.transitionTo(MeetingStatus.STARTED));

        assertEquals("meeting has ENDED; an ended meeting cannot become STARTED", e.getMessage());
        assertEquals(MeetingStatus.ENDED, e.from());
        assertEquals(MeetingStatus.STARTED, e.to());
    }

    @Test
    void refusesEveryOtherTransition() {
        assertThrows(IllegalTransitionException.class, () -> MeetingStatus.SCHEDULED.transitionTo(MeetingStatus.ENDED));
        assertThrows(IllegalTransitionException.class, () -> MeetingStatus.ENDED.transitionTo(MeetingStatus.SCHEDULED));
        assertThrows(IllegalTransitionException.class, () -> MeetingStatus.ENDED.transitionTo(MeetingStatus.ENDED));
        IllegalTransitionException again = assertThrows(IllegalTransitionException.class,
                () -> MeetingStatus.STARTED.transitionTo(MeetingStatus.STARTED));
        assertEquals("meeting is already STARTED", again.getMessage());
        assertEquals("meeting is SCHEDULED; it cannot become ENDED (allowed: [STARTED])",
                assertThrows(IllegalTransitionException.class,
                        () -> MeetingStatus.SCHEDULED.transitionTo(MeetingStatus.ENDED)).getMessage());
    }
}
