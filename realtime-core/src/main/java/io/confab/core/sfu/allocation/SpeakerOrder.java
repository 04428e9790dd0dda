package io.confab.core.sfu.allocation;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Whose video matters most, as the speaker detector sees it: the dominant speaker first, then the
 * others most recent first. Participants missing from both come after everyone listed.
 *
 * @param dominant     the dominant speaker, if any
 * @param recentFirst  participants, most recent speaker first (the dominant one may appear here too)
 */
public record SpeakerOrder(Optional<String> dominant, List<String> recentFirst) {

    public static final SpeakerOrder NONE = new SpeakerOrder(Optional.empty(), List.of());

    public SpeakerOrder {
        Objects.requireNonNull(dominant, "dominant");
        recentFirst = List.copyOf(recentFirst);
    }

    /** The order as the detector keeps it, with the dominant speaker at its head. */
    public static SpeakerOrder of(List<String> recentFirst) {
        return new SpeakerOrder(recentFirst.isEmpty() ? Optional.empty() : Optional.of(recentFirst.get(0)),
                recentFirst);
    }
}
