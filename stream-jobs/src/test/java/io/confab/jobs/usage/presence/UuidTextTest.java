package io.confab.jobs.usage.presence;

import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.Random;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** {@link SeenEvents.Uuid#parse}: exactly the text {@code UUID.toString()} gives, read in one pass. */
class UuidTextTest {

    @Test
    void readsTheHalvesOfEveryUuidInItsTextForm() {
        Random random = new Random(51);
        for (int i = 0; i < 10_000; i++) {
            UUID uuid = i == 0 ? new UUID(0, 0) : i == 1 ? new UUID(-1, -1) : new UUID(random.nextLong(), random.nextLong());
            SeenEvents.Uuid read = SeenEvents.Uuid.parse(uuid.toString());
            assertNotNull(read, uuid.toString());
            assertEquals(uuid.getMostSignificantBits(), read.high(), uuid.toString());
            assertEquals(uuid.getLeastSignificantBits(), read.low(), uuid.toString());
        }
    }

    @Test
    void refusesEveryCharThatIsNotALowerCaseHexDigitInEveryPlace() {
        String text = new UUID(0x0123456789abcdefL, 0xfedcba9876543210L).toString();
        // Each neighbour of the digit ranges, the upper-case digits, a dash, and chars past ASCII and Latin-1.
        char[] wrong = {'/', ':', '`', 'g', 'A', 'F', 'G', '-', ' ', 'é', 'Ā', '٣'};
        for (int at = 0; at < text.length(); at++) {
            boolean dash = at == 8 || at == 13 || at == 18 || at == 23;
            for (char c : wrong) {
                if (dash && c == '-') {
                    continue;
                }
                String changed = text.substring(0, at) + c + text.substring(at + 1);
                assertNull(SeenEvents.Uuid.parse(changed), changed);
            }
            if (dash) {
                assertNull(SeenEvents.Uuid.parse(text.substring(0, at) + '0' + text.substring(at + 1)), "a digit for the dash at " + at);
            }
        }
    }

    @Test
    void refusesOtherLengthsAndTheUpperCaseForm() {
        String text = new UUID(0x5eedfaceL, 0xabcdef0123L).toString();
        assertNull(SeenEvents.Uuid.parse(text.toUpperCase(Locale.ROOT)));
        assertNull(SeenEvents.Uuid.parse(text.substring(1)));
        assertNull(SeenEvents.Uuid.parse(text + "0"));
        assertNull(SeenEvents.Uuid.parse(text.replace("-", "")));
        assertNull(SeenEvents.Uuid.parse(""));
        assertNull(SeenEvents.Uuid.parse("evt-1"));
    }
}
