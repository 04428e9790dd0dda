package io.confab.jobs.usage;

import io.confab.storage.events.UsageMetric;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Record ids are in Cassandra already: every id must stay what it was. */
class UsageIdsTest {

    /** Computed apart from Java (MD5 of the joined parts, version and variant bits set, RFC 4122 section 4.3). */
    @Test
    void givesTheIdsOfTheFirstMeter() {
        assertEquals("b615aaff-485c-30e5-bcb6-558dc6c87941",
                UsageIds.of("acct-1", "m-1", "p-1", UsageMetric.PARTICIPANT_MINUTES, 1_764_806_400_000L));
        assertEquals("a1c6e27d-b0d7-36e3-b805-dd89172c70d8", UsageIds.of("acct-\u00e9", UsageMetric.PEAK_PARTICIPANTS, 0L));
    }

    @Test
    void equalsTheNameBasedUuidOfTheSameBytes() {
        Random random = new Random(16);
        for (int i = 0; i < 2_000; i++) {
            Object[] parts = new Object[1 + random.nextInt(6)];
            StringBuilder identity = new StringBuilder("usage");
            for (int p = 0; p < parts.length; p++) {
                parts[p] = switch (random.nextInt(3)) {
                    case 0 -> random.nextLong();
                    case 1 -> UsageMetric.values()[random.nextInt(UsageMetric.values().length)];
                    default -> randomText(random);
                };
                identity.append('\u001f').append(parts[p]);
            }
            String expected = UUID.nameUUIDFromBytes(identity.toString().getBytes(StandardCharsets.UTF_8)).toString();
            assertEquals(expected, UsageIds.of(parts), identity.toString());
        }
    }

    private static String randomText(Random random) {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(40); i > 0; i--) {
            // Mostly ids, sometimes a name beyond ASCII (and beyond the Basic Multilingual Plane).
            text.appendCodePoint(random.nextInt(10) < 8 ? 'a' + random.nextInt(26) : random.nextInt(10) < 5 ? 0xe9 : 0x1f600);
        }
        return text.toString();
    }
}
