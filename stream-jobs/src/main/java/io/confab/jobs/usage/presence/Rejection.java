package io.confab.jobs.usage.presence;

/** An input record the meter will not count, with the reason that goes into its dead letter. */
public record Rejection(Origin origin, String reason) {
}
