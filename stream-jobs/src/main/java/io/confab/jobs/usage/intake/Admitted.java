package io.confab.jobs.usage.intake;

import io.confab.jobs.usage.presence.Origin;

/**
 * A record the intake let through: decoded, valid, seen for the first time.
 *
 * @param now the newest event time this task has seen, the clock the later stages run on
 */
public record Admitted<T>(T value, Origin origin, long now) {
}
