package io.confab.core.turn;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One event loop's live allocations, found by the client's 5-tuple or by the relayed address a
 * peer wrote to: plain maps, since only the loop's thread touches them. Which loop owns a 5-tuple,
 * and the counts the quotas read, are in the {@link AllocationRegistry} that every loop shares.
 */
final class AllocationTable {
    private final Map<FiveTuple, Allocation> byOwner = new HashMap<>();
    private final Map<InetSocketAddress, FiveTuple> ownerByRelay = new HashMap<>();
    private final AllocationRegistry registry;
    private final int loop;

    AllocationTable(AllocationRegistry registry, int loop) {
        this.registry = registry;
        this.loop = loop;
    }

    Optional<Allocation> byOwner(FiveTuple owner, Instant now) {
        return Optional.ofNullable(byOwner.get(owner)).filter(a -> a.isLive(now));
    }

    Optional<Allocation> byRelay(InetSocketAddress relay, Instant now) {
        return Optional.ofNullable(liveByRelay(relay, now));
    }

    /** The live allocation of this 5-tuple here, or null: {@link #byOwner} without an Optional, for the relay path. */
    Allocation live(FiveTuple owner, Instant now) {
        Allocation allocation = byOwner.get(owner);
        return allocation != null && allocation.isLive(now) ? allocation : null;
    }

    /** The live allocation on this relayed address here, or null. */
    Allocation liveByRelay(InetSocketAddress relay, Instant now) {
        FiveTuple owner = ownerByRelay.get(relay);
        return owner == null ? null : live(owner, now);
    }

    /** Whether the 5-tuple has an allocation here, live or not yet swept: either way it cannot allocate again. */
    Optional<Allocation> anyByOwner(FiveTuple owner) {
        return Optional.ofNullable(byOwner.get(owner));
    }

    /** The other loop that holds this 5-tuple's allocation; empty when it is this loop's or nobody's. */
    OptionalInt elsewhere(FiveTuple owner) {
        OptionalInt holder = registry.loopOf(owner);
        return holder.isPresent() && holder.getAsInt() != loop ? holder : OptionalInt.empty();
    }

    /** Allocations on every loop. */
    int count() {
        return registry.count();
    }

    /** Allocations on this loop. */
    int countHere() {
        return byOwner.size();
    }

    int countFor(String account) {
        return registry.countFor(account);
    }

    /** Claims the 5-tuple for this loop and counts it against the quotas; {@link #add} follows an admission. */
    AllocationRegistry.Admission admit(FiveTuple owner, String account, int perAccount, int total) {
        return registry.admit(owner, loop, account, perAccount, total);
    }

    /** Gives back an admission that did not become an allocation (no port was free). */
    void withdraw(FiveTuple owner, String account) {
        registry.release(owner, loop, account);
    }

    /** A new allocation, admitted before. */
    void add(Allocation allocation) {
        byOwner.put(allocation.owner(), allocation);
        ownerByRelay.put(allocation.relay(), allocation.owner());
    }

    /** A new value of an allocation held here (refreshed, a permission or channel added). */
    void update(Allocation allocation) {
        byOwner.replace(allocation.owner(), allocation);
    }

    void remove(Allocation allocation) {
        if (byOwner.remove(allocation.owner()) != null) {
            ownerByRelay.remove(allocation.relay());
            registry.release(allocation.owner(), loop, allocation.account());
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
