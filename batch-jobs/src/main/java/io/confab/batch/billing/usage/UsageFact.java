package io.confab.batch.billing.usage;

import java.io.Serializable;
import java.time.Instant;

/**
 * One metered fact, decoded once at the edge from a topic's bytes: only what USAGE.md's rules read.
 * {@link #identity()} is the rule's duplicate key (event id, artifact key, segment id).
 */
public sealed interface UsageFact extends Serializable permits MeetingFact, ArtifactFact, SegmentFact {

    String identity();

    String accountId();

    /** The time of the fact (USAGE.md "Inputs"). */
    Instant time();
}
