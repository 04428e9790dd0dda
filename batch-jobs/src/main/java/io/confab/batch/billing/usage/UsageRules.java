package io.confab.batch.billing.usage;

import java.io.Serializable;
import java.time.Duration;

/** The tunable durations of USAGE.md, with its defaults. */
public record UsageRules(Duration maxSkew, Duration presenceTimeout, Duration reconnectGrace) implements Serializable {

    public static final UsageRules DEFAULTS = new UsageRules(Duration.ofHours(24), Duration.ofHours(24), Duration.ofMinutes(2));
}
