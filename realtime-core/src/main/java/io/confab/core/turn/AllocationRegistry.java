package io.confab.core.turn;

import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every event loop's {@link TurnServer} must agree on: which loop holds the allocation of each
 * 5-tuple, and the allocation counts that the quotas read. Safe for concurrent use, with no lock:
 * the allocations themselves stay in their loop's {@link AllocationTable}, and only an Allocate
 * and a release write here, never a relayed packet.
 *
 * <p>The owner of a 5-tuple is what keeps RFC 8656's rules whole across loops: a 5-tuple never
 * holds two allocations (a second Allocate from it reaches the owner and gets its 437), and a
 * message that the kernel delivers to another loop's socket is handed to the owner rather than
 * answered without its allocation.
 */
final class AllocationRegistry {

    /** Why an Allocate may not go ahead, in the order RFC 8656 §7.2 checks; or that it may. */
    enum Verdict { ADMITTED, OWNED_ELSEWHERE, USER_QUOTA, TOTAL_QUOTA }

    /** @param holder the loop that owns the 5-tuple, for {@link Verdict#OWNED_ELSEWHERE} */
    record Admission(Verdict verdict, int holder) {
        static final Admission ADMITTED = new Admission(Verdict.ADMITTED, -1);
        static final Admission USER_QUOTA = new Admission(Verdict.USER_QUOTA, -1);
        static final Admission TOTAL_QUOTA = new Admission(Verdict.TOTAL_QUOTA, -1);
    }

    private final Map<FiveTuple, Integer> loopByOwner = new ConcurrentHashMap<>();
    private final Map<String, Integer> countByAccount = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();

    /**
     * Claims the 5-tuple for {@code loop} and counts one allocation for the account, unless the
     * 5-tuple is another loop's or a quota is full; nothing is held when the answer is a refusal.
     */
    Admission admit(FiveTuple owner, int loop, String account, int perAccount, int total) {
        Integer holder = loopByOwner.putIfAbsent(owner, loop);
        if (holder != null && holder != loop) {
            return new Admission(Verdict.OWNED_ELSEWHERE, holder);
        }
        boolean claimed = holder == null;
        boolean[] counted = new boolean[1];
        countByAccount.compute(account, (key, n) -> {
            int held = n == null ? 0 : n;
            if (held >= perAccount) {
                return n;
            }
            counted[0] = true;
            return held + 1;
        });
        if (!counted[0]) {
            unclaim(owner, loop, claimed);
            return Admission.USER_QUOTA;
        }
        while (true) {
            int n = count.get();
            if (n >= total) {
                uncount(account);
                unclaim(owner, loop, claimed);
                return Admission.TOTAL_QUOTA;
            }
            if (count.compareAndSet(n, n + 1)) {
                return Admission.ADMITTED;
            }
        }
    }

    /** Gives back what {@link #admit} took: the 5-tuple and the counts. */
    void release(FiveTuple owner, int loop, String account) {
        if (loopByOwner.remove(owner, loop)) {
            uncount(account);
            count.decrementAndGet();
        }
    }

    /** The loop that holds this 5-tuple's allocation, if any loop does. */
    OptionalInt loopOf(FiveTuple owner) {
        Integer loop = loopByOwner.get(owner);
        return loop == null ? OptionalInt.empty() : OptionalInt.of(loop);
    }

    int count() {
        return count.get();
    }

    int countFor(String account) {
        return countByAccount.getOrDefault(account, 0);
    }

    private void unclaim(FiveTuple owner, int loop, boolean claimed) {
        if (claimed) {
            loopByOwner.remove(owner, loop);
        }
    }

    private void uncount(String account) {
        countByAccount.computeIfPresent(account, (key, n) -> n == 1 ? null : n - 1);
    }
}
