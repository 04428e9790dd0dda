package io.confab.jobs.usage.presence;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MeetingFoldTest {

    /** The deadline store's keys are in changelogs already: the padding must stay what it was. */
    @Test
    void deadlineKeysAreTimePaddedTo19DigitsAsBefore() {
        for (long at : new long[]{0, 7, 1_764_806_400_000L, Long.MAX_VALUE}) {
            assertEquals(String.format("%019d|%s", at, "m-1"), MeetingFold.deadlineKey(at, "m-1"));
        }
        assertEquals("0000000000000000000|m", MeetingFold.deadlineKey(-5, "m"), "times before 1970 sort first");
        assertTrue(MeetingFold.deadlineKey(999, "z").compareTo(MeetingFold.deadlineKey(1000, "a")) < 0, "keys sort by time first");
    }
}
