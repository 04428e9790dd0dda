package io.confab.core.guard;

import io.confab.core.http.AddressLockouts;
import io.confab.core.http.DroppedSource;
import io.netty.util.NetUtil;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The source addresses whose own key ({@link GuessKey.Scope#SOURCE_ADDRESS}) is locked out, kept for
 * the HTTP server to read when it accepts a connection, on the event loop, for every connection. So
 * the read takes no lock and allocates nothing for IPv4 (an IPv6 source copies its 16 bytes once: the
 * JDK has no other way to read them): a volatile read when nothing is locked out, a few slots probed
 * otherwise. Writes (a lockout starting, a handful a minute) take a lock and allocate.
 *
 * <p>The table is a copy of the throttle's address lockouts, never the authority: when it misses (its
 * probe window full, an address it never heard of) the attempt goes on to the throttle and is refused
 * there as before, only later and at a higher cost. It must never answer "locked out" for an address
 * that is not, so a slot holds one immutable entry (address and end together) and readers compare the
 * whole entry. Expired entries are not removed: readers ignore them and writers reuse their slots.
 *
 * <p>An address that goes on opening connections while locked out, {@code dropAfterRefusals} of them
 * refused at accept within one lockout, is a flood rather than a person told to wait: it joins the
 * {@link #dropped()} list (at most {@link #DROPPED_MAX}), which the HTTP server has the kernel drop
 * before a connection exists, for the rest of that lockout.
 */
public final class AddressLockoutTable implements AddressLockouts {

    /**
     * Addresses locked out at once that the table can hold. Each lockout takes 20 wrong guesses from
     * its address in a minute, so 16,384 is far past a flood from a few addresses; a flood from more
     * falls through to the throttle (see above). About 0.5 MB when full.
     */
    static final int SLOTS = 16_384;

    /** Slots a key may sit from its home slot: the reader's work when an address is not in the table. */
    static final int PROBES = 8;

    /**
     * IPv4 keys are marked with {@code ff00::/8} bits (multicast, never a source) so they cannot equal
     * an IPv6 /64 prefix; that prefix is the key of an IPv6 source, as for {@link GuessKey#source}.
     */
    private static final long IPV4_MARK = 0xff00_0000_0000_0000L;

    /**
     * Addresses dropped in the kernel at once. Each is matched by one comparison (IPv4) or two (IPv6
     * /64) per connection request in a classic BPF program, which the kernel holds twice while it
     * swaps programs, within the socket's option memory ({@code net.core.optmem_max}: 20 KiB on older
     * kernels, 128 KiB on newer); 256 IPv6 prefixes make about 1,300 instructions. A flood from more
     * addresses than this is a botnet, which no per-address list stops; the rest stay refused at accept.
     */
    public static final int DROPPED_MAX = 256;

    /** {@code dropAfterRefusals} when no address is ever dropped in the kernel. */
    public static final int NEVER_DROP = -1;

    /** The pair is immutable; the refusal count is this lockout's own, started at zero with it. */
    private static final class Entry {
        final long key;
        final long untilMillis;
        final AtomicInteger refusals = new AtomicInteger();

        Entry(long key, long untilMillis) {
            this.key = key;
            this.untilMillis = untilMillis;
        }
    }

    private final AtomicReferenceArray<Entry> slots = new AtomicReferenceArray<>(SLOTS);
    private final Clock clock;
    private final int dropAfterRefusals;
    /** The latest end of any lockout written: past it nothing is locked out and readers stop at once. */
    private volatile long latestUntil = Long.MIN_VALUE;
    private long missed;
    /** Entries past {@code dropAfterRefusals}, guarded by {@code this}; expired ones are removed when read. */
    private final List<Entry> dropping = new ArrayList<>();
    private long dropsMissed;

    /** A table whose addresses are never dropped in the kernel, only refused at accept. */
    public AddressLockoutTable(Clock clock) {
        this(clock, NEVER_DROP);
    }

    /**
     * @param dropAfterRefusals connections refused at accept within one lockout after which the address
     *                          is {@link #dropped()}, at least 1, or {@link #NEVER_DROP}
     */
    public AddressLockoutTable(Clock clock, int dropAfterRefusals) {
        if (dropAfterRefusals < 1 && dropAfterRefusals != NEVER_DROP) {
            throw new IllegalArgumentException("dropAfterRefusals must be at least 1 or NEVER_DROP, got " + dropAfterRefusals);
        }
        this.clock = clock;
        this.dropAfterRefusals = dropAfterRefusals;
    }

    @Override
    public long millisLeft(InetAddress source) {
        long now = clock.millis();
        Entry entry = live(source, now);
        return entry == null ? 0 : entry.untilMillis - now;
    }

    @Override
    public boolean refusedAtAccept(InetAddress source) {
        if (dropAfterRefusals == NEVER_DROP) {
            return false;
        }
        long now = clock.millis();
        Entry entry = live(source, now);
        // Exactly at the threshold, so each lockout is promoted once however many refusals race past it.
        return entry != null && entry.refusals.incrementAndGet() == dropAfterRefusals && drop(entry, now);
    }

    /** The entry locking {@code source} out at {@code now}, or null. */
    private Entry live(InetAddress source, long now) {
        if (now >= latestUntil) {
            return null;
        }
        long key = keyOf(source);
        int home = home(key);
        for (int i = 0; i < PROBES; i++) {
            Entry entry = slots.get((home + i) & (SLOTS - 1));
            if (entry == null) {
                return null;
            }
            if (entry.key == key) {
                return entry.untilMillis > now ? entry : null;
            }
        }
        return null;
    }

    private synchronized boolean drop(Entry entry, long now) {
        dropping.removeIf(dropped -> dropped.untilMillis <= now);
        if (dropping.size() >= DROPPED_MAX) {
            dropsMissed++;
            return false;
        }
        dropping.add(entry);
        return true;
    }

    @Override
    public synchronized List<DroppedSource> dropped() {
        long now = clock.millis();
        dropping.removeIf(dropped -> dropped.untilMillis <= now);
        List<DroppedSource> sources = new ArrayList<>(dropping.size());
        for (Entry entry : dropping) {
            boolean ipv4 = (entry.key >>> 32) == (IPV4_MARK >>> 32);
            sources.add(new DroppedSource(ipv4, ipv4 ? entry.key & 0xffff_ffffL : entry.key, entry.untilMillis - now));
        }
        return sources;
    }

    /** Addresses that reached the refusal threshold while {@link #DROPPED_MAX} others were dropped (refused at accept instead). */
    public synchronized long dropsMissed() {
        return dropsMissed;
    }

    /**
     * Records that the address of {@code sourceKey} (a {@link GuessKey.Scope#SOURCE_ADDRESS} key) is
     * locked out until {@code until}; other scopes and values that are not address literals are ignored.
     */
    public void lockedOut(GuessKey sourceKey, Instant until) {
        if (sourceKey.scope() != GuessKey.Scope.SOURCE_ADDRESS) {
            return;
        }
        String literal = sourceKey.value().endsWith("/64")
                ? sourceKey.value().substring(0, sourceKey.value().length() - "/64".length()) : sourceKey.value();
        // A literal only: never a name lookup.
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(literal);
        if (bytes == null) {
            return;
        }
        long key = bytes.length == 4 ? IPV4_MARK | (toInt(bytes) & 0xffff_ffffL) : prefix64(bytes);
        put(key, until.toEpochMilli());
    }

    private synchronized void put(long key, long untilMillis) {
        long now = clock.millis();
        int home = home(key);
        int free = -1;
        // The whole window first: a key already in it is replaced in place, so each key has one entry.
        for (int i = 0; i < PROBES; i++) {
            int slot = (home + i) & (SLOTS - 1);
            Entry entry = slots.get(slot);
            if (entry != null && entry.key == key) {
                free = slot;
                break;
            }
            if (free < 0 && (entry == null || entry.untilMillis <= now)) {
                free = slot;
            }
            if (entry == null) {
                break;
            }
        }
        if (free < 0) {
            missed++;
            return;
        }
        slots.set(free, new Entry(key, untilMillis));
        if (untilMillis > latestUntil) {
            latestUntil = untilMillis;
        }
    }

    /** Lockouts the table had no room for (their addresses were refused by the throttle instead). */
    public synchronized long missed() {
        return missed;
    }

    static long keyOf(InetAddress source) {
        if (source instanceof Inet4Address) {
            // Inet4Address's hash is its address (checked by AddressLockoutTableTest): read without a copy.
            return IPV4_MARK | (source.hashCode() & 0xffff_ffffL);
        }
        return prefix64(source.getAddress());
    }

    private static long prefix64(byte[] bytes) {
        long prefix = 0;
        for (int i = 0; i < 8; i++) {
            prefix = (prefix << 8) | (bytes[i] & 0xff);
        }
        return prefix;
    }

    private static int toInt(byte[] bytes) {
        return (bytes[0] & 0xff) << 24 | (bytes[1] & 0xff) << 16 | (bytes[2] & 0xff) << 8 | (bytes[3] & 0xff);
    }

    private static int home(long key) {
        long h = key * 0x9e37_79b9_7f4a_7c15L;
        return (int) (h >>> 40) & (SLOTS - 1);
    }
}
