package io.confab.core.sfu.allocation;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The layers one receiver gets: one entry per source other than its own, highest priority first.
 *
 * @param participantId the receiver
 * @param budgetBps     what it could spend: the estimate lowered to its cap
 * @param allocatedBps  the sum of the chosen layers' bitrates, never more than the budget
 * @param sources       per source, in priority order
 */
public record ReceiverAllocation(String participantId, long budgetBps, long allocatedBps,
                                 List<SourceAllocation> sources) {

    public ReceiverAllocation {
        Objects.requireNonNull(participantId, "participantId");
        sources = List.copyOf(sources);
    }

    public Optional<SourceAllocation> source(String sourceId) {
        for (SourceAllocation source : sources) {
            if (source.sourceId().equals(sourceId)) {
                return Optional.of(source);
            }
        }
        return Optional.empty();
    }

    /** The layer forwarded from a source, {@link SourceAllocation#NONE} if none or the source is unknown. */
    public int layerOf(String sourceId) {
        return source(sourceId).map(SourceAllocation::layer).orElse(SourceAllocation.NONE);
    }
}
