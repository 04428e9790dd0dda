package io.confab.jobs.usage.presence;

/**
 * The time limits of USAGE.md, in milliseconds of event time.
 *
 * @param grace          how long a ParticipantLeft waits for its ParticipantJoined ({@code usage.grace})
 * @param presenceTimeout when a presence with neither Left nor MeetingEnded closes ({@code usage.presence-timeout})
 * @param reconnectGrace the largest gap between presences merged into one session ({@code usage.reconnect-grace})
 * @param retention      how long a meeting's state is kept after its last event once nothing is open,
 *                       so late events can still revise it ({@code usage.state-retention})
 * @param quiet          processing time without an event after which a meeting follows the task's
 *                       event clock instead of its own ({@code usage.quiet}); see MeetingLedger#settle
 */
public record MeterRules(long grace, long presenceTimeout, long reconnectGrace, long retention, long quiet) {

    public static final MeterRules DEFAULTS = new MeterRules(10 * 60_000L, 24 * 3_600_000L, 2 * 60_000L, 26 * 3_600_000L, 60_000L);
}
