package io.confab.core.events;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A row may go once Kafka acknowledged its event and its transaction committed, whichever came first, and only once. */
class OutboxEntryTest {

    private static OutboxEntry entry() {
        return new OutboxEntry("85123456789", "7b0b5a3e-3f7e-4d5c-9a38-1f1f8e2c4a10", new byte[]{1}, StateChange.NONE, 1);
    }

    @Test
    void anAcknowledgementBeforeTheCommitFreesTheRowAtTheCommit() {
        OutboxEntry entry = entry();
        assertFalse(entry.acknowledged(), "not stored yet: nothing to delete");
        assertTrue(entry.stored(42), "acknowledged and now stored");
        assertEquals(42, entry.position());
    }

    @Test
    void aCommitBeforeTheAcknowledgementFreesTheRowAtTheAcknowledgement() {
        OutboxEntry entry = entry();
        assertFalse(entry.stored(7), "stored, not acknowledged: the row must stay");
        assertTrue(entry.acknowledged());
        assertEquals(7, entry.position());
    }

    @Test
    void aRowThatIsNeverAcknowledgedStays() {
        OutboxEntry entry = entry();
        assertFalse(entry.stored(9));
        assertFalse(entry.changesState());
    }
}
