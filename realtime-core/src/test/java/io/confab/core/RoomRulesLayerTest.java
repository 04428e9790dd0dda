package io.confab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.confab.core.testing.SourceImports;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The room's rules ({@code signaling.room}) stay a pure state machine (STYLE §12): they take the
 * meeting's settings from the meeting domain, one record for the meeting service and the room, and
 * import nothing of the meeting service's HTTP routes, the meeting store's database, or a transport.
 */
class RoomRulesLayerTest {

    static final String ROOM = "io.confab.core.signaling.room";

    /** What the rules may import besides their own package: a prefix, or one class named whole. */
    static final List<String> ALLOWED = List.of(
            "io.confab.core.signaling.protocol.", // the wire messages the rules answer with
            "io.confab.core.mediaplane.", // the narrow commands to the SFU
            "io.confab.core.meetings.MeetingSettings", // the settings the room enforces; not the store
            "io.confab.storage.events.", // the meeting.events and audit.log records
            "java.time.", "java.util.");

    @Test
    void theRoomImportsOnlyTheProtocolTheMeetingsSettingsAndTheEventSchema() throws IOException {
        assertEquals(List.of(), SourceImports.refused(ROOM, RoomRulesLayerTest::allowed, 20),
                "the room's rules reach outside their layer");
    }

    @Test
    void theRuleCatchesTheMeetingServiceAndTheStore() {
        List<String> found = SourceImports.of("package io.confab.core.signaling.room;\n"
                + "import io.confab.core.meetings.MeetingSettings;\nimport io.confab.core.meetings.MeetingStore;\n"
                + "import io.confab.core.meetingservice.MeetingRoutes;\nimport io.confab.core.signaling.room.Room;\n");
        assertEquals(List.of("io.confab.core.meetings.MeetingStore", "io.confab.core.meetingservice.MeetingRoutes"),
                found.stream().filter(imported -> !allowed(imported)).toList());
    }

    private static boolean allowed(String imported) {
        if (imported.startsWith(ROOM + ".")) {
            return true;
        }
        for (String allowed : ALLOWED) {
            if (allowed.endsWith(".") ? imported.startsWith(allowed) : imported.equals(allowed)) {
                return true;
            }
        }
        return false;
    }
}
