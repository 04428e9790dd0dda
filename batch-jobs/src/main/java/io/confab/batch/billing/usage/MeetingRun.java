package io.confab.batch.billing.usage;

import java.io.Serializable;
import java.time.Instant;

/** One run of a meeting, MeetingStarted to MeetingEnded (or to its last presence's close). */
public record MeetingRun(String accountId, String meetingId, Instant startedAt, Instant endedAt) implements Serializable {
}
