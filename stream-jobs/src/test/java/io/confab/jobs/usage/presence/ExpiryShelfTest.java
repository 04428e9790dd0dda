package io.confab.jobs.usage.presence;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExpiryShelfTest {

    private static final long T = 1_764_000_000_000L;

    @Test
    void givesWhatIsDueAcrossMinutesAndKeepsItUntilDropped() {
        ExpiryShelf shelf = new ExpiryShelf();
        shelf.add(T + 61_000, "m-b");
        shelf.add(T + 1_000, "m-a");
        shelf.add(T + 61_500, "m-ü");
        shelf.add(T + 200_000, "m-c");
        assertEquals(List.of(new MeetingFold.Deadline(T + 1_000, "m-a"), new MeetingFold.Deadline(T + 61_000, "m-b")),
                sorted(shelf, T + 61_000), "due is at or before now, the minute of now included up to now");
        assertEquals(4, shelf.size(), "asking takes nothing out");
        shelf.dropDue(T + 61_000);
        assertEquals(2, shelf.size());
        assertEquals(List.of(new MeetingFold.Deadline(T + 61_500, "m-ü"), new MeetingFold.Deadline(T + 200_000, "m-c")),
                sorted(shelf, Long.MAX_VALUE - 1), "the rest of the minute stays, the id beyond ASCII whole");
    }

    @Test
    void removesOneExpiryByItsTimeAndId() {
        ExpiryShelf shelf = new ExpiryShelf();
        shelf.add(T, "m-1");
        shelf.add(T, "m-12");
        shelf.add(T + 5, "m-1");
        assertFalse(shelf.remove(T + 1, "m-1"), "another time");
        assertFalse(shelf.remove(T, "m-"), "a prefix of an id");
        assertTrue(shelf.remove(T, "m-1"));
        assertFalse(shelf.remove(T, "m-1"), "gone");
        assertEquals(List.of(new MeetingFold.Deadline(T, "m-12"), new MeetingFold.Deadline(T + 5, "m-1")), sorted(shelf, T + 10));
    }

    /** Many adds, removes and drops against a TreeSet doing the same. */
    @Test
    void agreesWithASortedSetThroughRandomChanges() {
        ExpiryShelf shelf = new ExpiryShelf();
        TreeSet<MeetingFold.Deadline> expected = new TreeSet<>();
        Random random = new Random(42);
        long now = T;
        for (int step = 0; step < 20_000; step++) {
            int what = random.nextInt(10);
            if (what < 6) {
                MeetingFold.Deadline deadline = new MeetingFold.Deadline(now + random.nextInt(3_600_000), "m-" + random.nextInt(5_000));
                if (expected.add(deadline)) {
                    shelf.add(deadline.at(), deadline.meetingId());
                }
            } else if (what < 9 && !expected.isEmpty()) {
                MeetingFold.Deadline some = expected.ceiling(new MeetingFold.Deadline(now + random.nextInt(3_600_000), ""));
                if (some != null) {
                    assertTrue(shelf.remove(some.at(), some.meetingId()));
                    expected.remove(some);
                }
            } else {
                now += random.nextInt(300_000);
                List<MeetingFold.Deadline> due = sorted(shelf, now);
                assertEquals(new ArrayList<>(expected.headSet(new MeetingFold.Deadline(now + 1, ""), false)), due);
                shelf.dropDue(now);
                expected.removeAll(due);
            }
            assertEquals(expected.size(), shelf.size());
        }
        assertEquals(new ArrayList<>(expected), sorted(shelf, Long.MAX_VALUE - 1));
    }

    private static List<MeetingFold.Deadline> sorted(ExpiryShelf shelf, long now) {
        List<MeetingFold.Deadline> due = new ArrayList<>();
        shelf.due(now, due);
        due.sort(null);
        return due;
    }
}
