package io.confab.core.sfu.allocation;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What one receiving participant can take and wants.
 *
 * @param participantId  the receiver; its own sources are never allocated to it
 * @param estimatedBps   available bandwidth towards it, from REMB or transport-cc
 * @param capBps         a ceiling the client asked for, if any
 * @param lastN          the client's own last-N; -1 when it set none
 * @param preferences    per source id; sources not listed get {@link AllocationConfig#defaultPreference()}
 */
public record Receiver(String participantId, long estimatedBps, OptionalLong capBps, int lastN,
                       Map<String, LayerPreference> preferences) {

    public Receiver {
        Objects.requireNonNull(participantId, "participantId");
        Objects.requireNonNull(capBps, "capBps");
        if (estimatedBps < 0) {
            throw new IllegalArgumentException("estimatedBps must be >= 0, got " + estimatedBps);
        }
        if (capBps.isPresent() && capBps.getAsLong() < 0) {
            throw new IllegalArgumentException("capBps must be >= 0, got " + capBps.getAsLong());
        }
        if (lastN < AllocationConfig.ALL) {
            throw new IllegalArgumentException("lastN must be -1 (none) or >= 0, got " + lastN);
        }
        preferences = Map.copyOf(preferences);
    }

    /** A receiver with an estimate and nothing else said. */
    public static Receiver of(String participantId, long estimatedBps) {
        return new Receiver(participantId, estimatedBps, OptionalLong.empty(), AllocationConfig.ALL, Map.of());
    }

    /** What the receiver can spend: the estimate, lowered to the cap if there is one. */
    public long budgetBps() {
        return capBps.isPresent() ? Math.min(estimatedBps, capBps.getAsLong()) : estimatedBps;
    }

    public LayerPreference preferenceFor(String sourceId, LayerPreference otherwise) {
        return preferences.getOrDefault(sourceId, otherwise);
    }

    public Receiver withEstimate(long bps) {
        return new Receiver(participantId, bps, capBps, lastN, preferences);
    }

    public Receiver withCap(long bps) {
        return new Receiver(participantId, estimatedBps, OptionalLong.of(bps), lastN, preferences);
    }

    public Receiver withLastN(int n) {
        return new Receiver(participantId, estimatedBps, capBps, n, preferences);
    }

    public Receiver withPreference(String sourceId, LayerPreference preference) {
        Map<String, LayerPreference> updated = new HashMap<>(preferences);
        updated.put(Objects.requireNonNull(sourceId, "sourceId"), Objects.requireNonNull(preference, "preference"));
        return new Receiver(participantId, estimatedBps, capBps, lastN, updated);
    }
}
