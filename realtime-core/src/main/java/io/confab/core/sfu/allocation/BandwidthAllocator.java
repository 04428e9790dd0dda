package io.confab.core.sfu.allocation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Chooses, for each receiver, which simulcast layer of each video source to forward within the
 * receiver's bandwidth, in the manner of Jitsi's and LiveKit's bandwidth allocators. Audio is outside
 * its scope: audio is always forwarded and never counted against the budget.
 *
 * <p>For one receiver, in stages:
 * <ol>
 *   <li><b>Priority.</b> Sources other than the receiver's own are ranked by their owner: the dominant
 *       speaker first, then the recent-speaker order, then everyone unlisted in the order given.</li>
 *   <li><b>Wants.</b> In that order a source gets nothing if its video is muted, if the receiver's
 *       preference is OFF, or if last-N sources are already ahead of it (muted and OFF sources take no
 *       last-N place). Otherwise its ceiling is the highest active layer the preference allows
 *       (see {@link LayerPreference}); with no active layer it gets nothing for now.</li>
 *   <li><b>Lowest first.</b> In priority order each wanted source gets its lowest active layer if that
 *       fits the budget left; one that does not fit gets nothing, and cheaper sources after it still
 *       get their chance.</li>
 *   <li><b>Upgrades.</b> In priority order each source climbs to the highest layer up to its ceiling
 *       that the budget left allows, so the dominant speaker is served in full before the next.</li>
 * </ol>
 * Hysteresis: taking a layer above the one the receiver got last time (or any layer where it got
 * none) needs the budget left afterwards to be at least {@link AllocationConfig#upgradeHeadroom()} of
 * that layer's bitrate; keeping or lowering a layer needs only that it fit. A wobbling estimate
 * therefore cannot flip a layer up and down, while a real drop lowers it at once.
 *
 * <p>The allocator remembers each receiver's latest allocation for that hysteresis and for
 * {@link #layerUsage()}. Call {@link #allocate} when a receiver's estimate, cap or preferences change,
 * and {@link #allocateAll} when the speakers or the sources change. It runs on events, not per packet,
 * and allocates its results freely. Not thread-safe: it belongs to the meeting's media thread.
 */
public final class BandwidthAllocator {

    private final AllocationConfig config;
    private final Map<String, ReceiverAllocation> latest = new HashMap<>();

    public BandwidthAllocator(AllocationConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    public BandwidthAllocator() {
        this(AllocationConfig.DEFAULT);
    }

    /**
     * Allocates one receiver's layers and remembers the result. Sources sharing an id with an earlier one
     * in the list are ignored.
     */
    public ReceiverAllocation allocate(Receiver receiver, List<PublishedVideo> sources, SpeakerOrder speakers) {
        Objects.requireNonNull(receiver, "receiver");
        List<Candidate> candidates = prioritised(receiver, sources, speakers);
        long budget = receiver.budgetBps();
        markWants(receiver, candidates);
        long remaining = giveLowestLayers(candidates, budget);
        remaining = upgrade(candidates, remaining);
        List<SourceAllocation> result = new ArrayList<>(candidates.size());
        for (Candidate candidate : candidates) {
            result.add(candidate.decision());
        }
        ReceiverAllocation allocation =
                new ReceiverAllocation(receiver.participantId(), budget, budget - remaining, result);
        latest.put(receiver.participantId(), allocation);
        return allocation;
    }

    /**
     * Allocates every receiver of the meeting and forgets receivers not listed, so that
     * {@link #layerUsage()} describes exactly this meeting.
     */
    public List<ReceiverAllocation> allocateAll(List<Receiver> receivers, List<PublishedVideo> sources,
                                                SpeakerOrder speakers) {
        Set<String> listed = new HashSet<>();
        List<ReceiverAllocation> allocations = new ArrayList<>(receivers.size());
        for (Receiver receiver : receivers) {
            listed.add(receiver.participantId());
            allocations.add(allocate(receiver, sources, speakers));
        }
        latest.keySet().retainAll(listed);
        return allocations;
    }

    /** The receiver's latest allocation, if it has one. */
    public Optional<ReceiverAllocation> allocation(String receiverId) {
        return Optional.ofNullable(latest.get(receiverId));
    }

    /** Forgets a receiver that left: its layers no longer count as used, and it starts afresh if it returns. */
    public void forget(String receiverId) {
        latest.remove(receiverId);
    }

    /**
     * For every source in a remembered allocation, which layers receivers get and want, by source id.
     * A source no receiver has seen (say, in a meeting of one) is absent; see {@link #layerUsage(String)}.
     */
    public Map<String, LayerUsage> layerUsage() {
        Map<String, TreeSet<Integer>> forwarded = new TreeMap<>();
        Map<String, Integer> highest = new HashMap<>();
        for (ReceiverAllocation allocation : latest.values()) {
            for (SourceAllocation source : allocation.sources()) {
                TreeSet<Integer> layers = forwarded.computeIfAbsent(source.sourceId(), id -> new TreeSet<>());
                int wanted = Math.max(source.targetLayer(), source.layer());
                if (source.forwarded()) {
                    layers.add(source.layer());
                }
                highest.merge(source.sourceId(), wanted, Math::max);
            }
        }
        Map<String, LayerUsage> usage = new TreeMap<>();
        forwarded.forEach((id, layers) -> usage.put(id, new LayerUsage(id, layers, highest.get(id))));
        return usage;
    }

    /** One source's usage; {@link LayerUsage#unused} when no remembered allocation mentions it. */
    public LayerUsage layerUsage(String sourceId) {
        LayerUsage usage = layerUsage().get(sourceId);
        return usage != null ? usage : LayerUsage.unused(sourceId);
    }

    /** The receiver's view of the sources, highest priority first, each with what it got last time. */
    private List<Candidate> prioritised(Receiver receiver, List<PublishedVideo> sources, SpeakerOrder speakers) {
        Map<String, Integer> rank = new HashMap<>();
        speakers.dominant().ifPresent(id -> rank.put(id, -1));
        for (int i = 0; i < speakers.recentFirst().size(); i++) {
            rank.putIfAbsent(speakers.recentFirst().get(i), i);
        }
        ReceiverAllocation before = latest.get(receiver.participantId());
        Set<String> seen = new HashSet<>();
        List<Candidate> candidates = new ArrayList<>(sources.size());
        for (PublishedVideo source : sources) {
            if (!source.ownerId().equals(receiver.participantId()) && seen.add(source.sourceId())) {
                int previous = before == null ? SourceAllocation.NONE : before.layerOf(source.sourceId());
                candidates.add(new Candidate(source, rank.getOrDefault(source.ownerId(), Integer.MAX_VALUE), previous));
            }
        }
        // List.sort is stable: unranked owners keep the order the caller gave.
        candidates.sort((a, b) -> Integer.compare(a.rank, b.rank));
        return candidates;
    }

    private void markWants(Receiver receiver, List<Candidate> candidates) {
        int places = lastN(receiver);
        for (Candidate candidate : candidates) {
            PublishedVideo source = candidate.source;
            LayerPreference preference = receiver.preferenceFor(source.sourceId(), config.defaultPreference());
            if (source.muted()) {
                candidate.reason = SourceAllocation.Reason.VIDEO_MUTED;
            } else if (preference.view() == LayerPreference.View.OFF) {
                candidate.reason = SourceAllocation.Reason.PREFERENCE_OFF;
            } else if (places == 0) {
                candidate.reason = SourceAllocation.Reason.NOT_IN_LAST_N;
            } else {
                places = places > 0 ? places - 1 : places;
                int heightLimit = LayerCeiling.heightLimit(preference, config.thumbnailHeight());
                candidate.target = LayerCeiling.of(source.layers(), heightLimit, false);
                candidate.ceiling = LayerCeiling.of(source.layers(), heightLimit, true);
                candidate.reason = candidate.ceiling == SourceAllocation.NONE
                        ? SourceAllocation.Reason.NOT_SENDING : SourceAllocation.Reason.BANDWIDTH;
            }
        }
    }

    /** The stricter of the meeting's and the receiver's last-N; -1 when neither sets one. */
    private int lastN(Receiver receiver) {
        if (config.lastN() == AllocationConfig.ALL) {
            return receiver.lastN();
        }
        return receiver.lastN() == AllocationConfig.ALL ? config.lastN() : Math.min(config.lastN(), receiver.lastN());
    }

    private long giveLowestLayers(List<Candidate> candidates, long budget) {
        long remaining = budget;
        for (Candidate candidate : candidates) {
            if (candidate.ceiling == SourceAllocation.NONE || candidate.reason != SourceAllocation.Reason.BANDWIDTH) {
                continue;
            }
            int lowest = LayerCeiling.lowestActive(candidate.source.layers());
            if (fits(candidate, lowest, remaining)) {
                remaining -= candidate.bitrateOf(lowest);
                candidate.take(lowest);
            }
        }
        return remaining;
    }

    private long upgrade(List<Candidate> candidates, long remaining) {
        for (Candidate candidate : candidates) {
            if (!candidate.forwarded()) {
                continue;
            }
            int best = candidate.layer;
            List<SimulcastLayer> layers = candidate.source.layers();
            // Every layer up to the ceiling is tried: a measured bitrate need not rise with the index.
            for (int k = candidate.layer + 1; k <= candidate.ceiling; k++) {
                if (layers.get(k).active() && fits(candidate, k, remaining)) {
                    best = k;
                }
            }
            remaining -= candidate.bitrateOf(best) - candidate.bitrateOf(candidate.layer);
            candidate.take(best);
        }
        return remaining;
    }

    /** Whether moving the candidate to {@code layer} leaves enough of the budget, headroom included. */
    private boolean fits(Candidate candidate, int layer, long remaining) {
        long cost = candidate.bitrateOf(layer);
        long left = remaining - (cost - candidate.bitrateOf(candidate.layer));
        double headroom = layer > candidate.previous ? config.upgradeHeadroom() * cost : 0;
        return left >= 0 && left >= headroom;
    }

    /** One source as one allocation pass works on it. */
    private static final class Candidate {
        final PublishedVideo source;
        final int rank;
        final int previous;
        int target = SourceAllocation.NONE;
        int ceiling = SourceAllocation.NONE;
        int layer = SourceAllocation.NONE;
        SourceAllocation.Reason reason;

        Candidate(PublishedVideo source, int rank, int previous) {
            this.source = source;
            this.rank = rank;
            this.previous = previous;
        }

        boolean forwarded() {
            return layer != SourceAllocation.NONE;
        }

        long bitrateOf(int index) {
            return index == SourceAllocation.NONE ? 0 : source.layers().get(index).bitrateBps();
        }

        void take(int index) {
            layer = index;
            reason = SourceAllocation.Reason.FORWARDED;
        }

        SourceAllocation decision() {
            return new SourceAllocation(source.sourceId(), layer, target, bitrateOf(layer), reason);
        }
    }
}
