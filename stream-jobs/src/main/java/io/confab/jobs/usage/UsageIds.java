package io.confab.jobs.usage;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Deterministic record ids: the same fact always gets the same id, so a replay after a crash
 * overwrites its earlier row instead of adding to it (storage/README.md, UsageRecord.recordId).
 */
public final class UsageIds {

    private UsageIds() {
    }

    /** A name-based (v3) UUID of the parts joined with a separator that ids never contain. */
    public static String of(Object... parts) {
        StringBuilder identity = new StringBuilder("usage");
        for (Object part : parts) {
            identity.append('\u001f').append(part);
        }
        return UUID.nameUUIDFromBytes(identity.toString().getBytes(StandardCharsets.UTF_8)).toString();
    }
}
