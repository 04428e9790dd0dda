package io.confab.core.turn;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Live allocations, found by the client's 5-tuple or by the relayed address a peer wrote to. */
final class AllocationTable {
    private final Map<FiveTuple, Allocation> byOwner = new HashMap<>();
    private final Map<InetSocketAddress, FiveTuple> ownerByRelay = new HashMap<>();
    private final Map<String, Integer> countByAccount = new HashMap<>();

    Optional<Allocation> byOwner(FiveTuple owner, Instant now) {
        return Optional.ofNullable(byOwner.get(owner)).filter(a -> a.isLive(now));
    }

    Optional<Allocation> byRelay(InetSocketAddress relay, Instant now) {
        return Optional.ofNullable(ownerByRelay.get(relay)).flatMap(owner -> byOwner(owner, now));
    }

    /** Whether the 5-tuple has an allocation, live or not yet swept: either way it cannot allocate again. */
    Optional<Allocation> anyByOwner(FiveTuple owner) {
        return Optional.ofNullable(byOwner.get(owner));
    }

    int count() {
        return byOwner.size();
    }

    int countFor(String account) {
        return countByAccount.getOrDefault(account, 0);
    }

    void put(Allocation allocation) {
        Allocation previous = byOwner.put(allocation.owner(), allocation);
        if (previous == null) {
            ownerByRelay.put(allocation.relay(), allocation.owner());
            countByAccount.merge(allocation.account(), 1, Integer::sum);
        }
    }

    void remove(Allocation allocation) {
        if (byOwner.remove(allocation.owner()) != null) {
            ownerByRelay.remove(allocation.relay());
            countByAccount.computeIfPresent(allocation.account(), (account, n) -> n == 1 ? null : n - 1);
        }
    }

    /** Removes and returns the allocations that have expired, and prunes the rest. */
    List<Allocation> sweep(Instant now) {
        List<Allocation> expired = new ArrayList<>();
        for (Allocation allocation : List.copyOf(byOwner.values())) {
            if (allocation.isLive(now)) {
                byOwner.put(allocation.owner(), allocation.pruned(now));
            } else {
                expired.add(allocation);
                remove(allocation);
            }
        }
        return expired;
    }
}
