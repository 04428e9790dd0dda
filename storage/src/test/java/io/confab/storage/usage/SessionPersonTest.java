package io.confab.storage.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class SessionPersonTest {

    @Test
    void aUserIsTheirUserIdAndAGuestTheirNameUnderGuest() {
        assertEquals("u-1", SessionPerson.of("u-1", "Ann"));
        assertEquals("guest:Ann", SessionPerson.of(null, "Ann"));
        // A guest named like a user id is still another person than that user.
        assertNotEquals(SessionPerson.of("u-1", "x"), SessionPerson.of(null, "u-1"));
    }
}
