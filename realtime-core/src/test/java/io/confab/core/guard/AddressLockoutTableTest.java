package io.confab.core.guard;

import io.confab.core.http.DroppedSource;
import io.confab.testing.MovableClock;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The copy of address lockouts that the HTTP server reads at accept: exact, expiring, never wrong about an innocent address. */
class AddressLockoutTableTest {

    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-05T03:00:00Z"));
    private final AddressLockoutTable table = new AddressLockoutTable(clock);

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @Test
    void aLockedOutAddressIsReportedUntilItsLockoutEndsAndNoLonger() throws Exception {
        assertEquals(0, table.millisLeft(ip("203.0.113.7")), "an empty table locks nobody out");
        table.lockedOut(GuessKey.source("203.0.113.7"), clock.now.plusSeconds(60));
        assertEquals(60_000, table.millisLeft(ip("203.0.113.7")));
        assertEquals(0, table.millisLeft(ip("203.0.113.8")), "its neighbour is not locked out");
        clock.now = clock.now.plusSeconds(59);
        assertEquals(1_000, table.millisLeft(ip("203.0.113.7")));
        clock.now = clock.now.plusSeconds(1);
        assertEquals(0, table.millisLeft(ip("203.0.113.7")), "the lockout has ended");
    }

    @Test
    void aLaterLockoutOfTheSameAddressReplacesTheEarlierOne() throws Exception {
        table.lockedOut(GuessKey.source("203.0.113.7"), clock.now.plusSeconds(60));
        clock.now = clock.now.plusSeconds(120);
        table.lockedOut(GuessKey.source("203.0.113.7"), clock.now.plusSeconds(120));
        assertEquals(120_000, table.millisLeft(ip("203.0.113.7")));
    }

    @Test
    void anIpv6HostIsLockedOutWithItsWholeSlash64AndOnlyThat() throws Exception {
        table.lockedOut(GuessKey.source("2001:db8:0:1::5"), clock.now.plusSeconds(60));
        assertEquals(60_000, table.millisLeft(ip("2001:db8:0:1::5")));
        assertEquals(60_000, table.millisLeft(ip("2001:db8:0:1:abcd::99")), "the host picks any address of its /64");
        assertEquals(0, table.millisLeft(ip("2001:db8:0:2::5")), "the next /64 is someone else");
        assertEquals(0, table.millisLeft(ip("0.0.0.0")), "an IPv4 address never matches an IPv6 prefix");
    }

    @Test
    void keysOfOtherScopesAreIgnored() throws Exception {
        table.lockedOut(GuessKey.meeting("12345678901"), clock.now.plusSeconds(60));
        table.lockedOut(GuessKey.passcode("203.0.113.7", "12345678901").get(2), clock.now.plusSeconds(60));
        assertEquals(0, table.millisLeft(ip("203.0.113.7")), "a meeting locked from an address does not shut the address out");
    }

    @Test
    void manyLockedOutAddressesNeverMakeAnotherAddressLockedOut() throws Exception {
        int locked = AddressLockoutTable.SLOTS * 2;
        for (int i = 0; i < locked; i++) {
            table.lockedOut(GuessKey.source("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255)), clock.now.plusSeconds(60));
        }
        int found = 0;
        for (int i = 0; i < locked; i++) {
            if (table.millisLeft(ip("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255))) > 0) {
                found++;
            }
        }
        assertEquals(locked, found + table.missed(), "each lockout is either in the table or counted as missed");
        assertTrue(found >= AddressLockoutTable.SLOTS / 2, "the table holds most of its slots' worth: " + found);
        for (int i = 0; i < 100_000; i++) {
            assertEquals(0, table.millisLeft(ip("172.16." + (i >> 8 & 255) + "." + (i & 255))),
                    "172.16." + (i >> 8 & 255) + "." + (i & 255) + " was never locked out");
        }
        clock.now = clock.now.plusSeconds(60);
        table.lockedOut(GuessKey.source("192.0.2.1"), clock.now.plusSeconds(60));
        assertEquals(60_000, table.millisLeft(ip("192.0.2.1")), "expired entries give their slots to new lockouts");
    }

    @Test
    void anIpv4AddressIsReadWithoutACopyBecauseItsHashIsItsAddress() throws Exception {
        // The accept path relies on this to read an IPv4 source without allocating; a JDK that changed it breaks here.
        for (String literal : new String[] {"0.0.0.0", "127.0.100.1", "203.0.113.7", "255.255.255.255", "10.1.2.3"}) {
            InetAddress address = ip(literal);
            assertEquals(ByteBuffer.wrap(address.getAddress()).getInt(), address.hashCode(), literal);
        }
    }

    @Test
    void readingTheTableAllocatesNothingForIpv4() throws Exception {
        table.lockedOut(GuessKey.source("203.0.113.7"), clock.now.plus(Duration.ofMinutes(1)));
        InetAddress locked = ip("203.0.113.7");
        InetAddress free = ip("198.51.100.1");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (int i = 0; i < 20_000; i++) {
            sum += table.millisLeft(locked) + table.millisLeft(free);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            sum += table.millisLeft(locked) + table.millisLeft(free);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertEquals(120_000L * 60_000, sum, "each locked read saw 60 s left, each free one 0");
        assertTrue(allocated < 200_000, "200,000 reads allocated " + allocated + " bytes (an allocation each would be 3 MB or more)");
    }

    @Test
    void anAddressIsDroppedOnceAtTheRefusalThresholdForTheRestOfItsLockout() throws Exception {
        AddressLockoutTable dropping = new AddressLockoutTable(clock, 3);
        dropping.lockedOut(GuessKey.source("203.0.113.7"), clock.now.plusSeconds(60));
        assertFalse(dropping.refusedAtAccept(ip("203.0.113.7")));
        assertFalse(dropping.refusedAtAccept(ip("203.0.113.7")));
        assertEquals(List.of(), dropping.dropped(), "two refusals are a person told to wait");
        assertTrue(dropping.refusedAtAccept(ip("203.0.113.7")), "the third makes it a flood");
        assertFalse(dropping.refusedAtAccept(ip("203.0.113.7")), "promoted once, not at every refusal after");
        assertFalse(dropping.refusedAtAccept(ip("203.0.113.8")), "an address that is not locked out is never counted");
        clock.now = clock.now.plusSeconds(20);
        assertEquals(List.of(new DroppedSource(true, 0xcb00_7107L, 40_000)), dropping.dropped());
        clock.now = clock.now.plusSeconds(40);
        assertEquals(List.of(), dropping.dropped(), "the drop ends with the lockout");

        dropping.lockedOut(GuessKey.source("203.0.113.7"), clock.now.plusSeconds(120));
        assertFalse(dropping.refusedAtAccept(ip("203.0.113.7")), "a new lockout counts from zero");
        assertFalse(dropping.refusedAtAccept(ip("203.0.113.7")));
        assertTrue(dropping.refusedAtAccept(ip("203.0.113.7")));
    }

    @Test
    void anIpv6SourceIsDroppedAsItsSlash64() throws Exception {
        AddressLockoutTable dropping = new AddressLockoutTable(clock, 1);
        dropping.lockedOut(GuessKey.source("2001:db8:0:1::5"), clock.now.plusSeconds(60));
        assertTrue(dropping.refusedAtAccept(ip("2001:db8:0:1:abcd::99")));
        assertEquals(List.of(new DroppedSource(false, 0x2001_0db8_0000_0001L, 60_000)), dropping.dropped());
    }

    @Test
    void withoutAThresholdNothingIsEverDropped() throws Exception {
        table.lockedOut(GuessKey.source("203.0.113.7"), clock.now.plusSeconds(60));
        for (int i = 0; i < 1_000; i++) {
            assertFalse(table.refusedAtAccept(ip("203.0.113.7")));
        }
        assertEquals(List.of(), table.dropped());
        assertThrows(IllegalArgumentException.class, () -> new AddressLockoutTable(clock, 0));
    }

    @Test
    void atMost256AddressesAreDroppedAtOnceTheRestStayRefusedAtAccept() throws Exception {
        AddressLockoutTable dropping = new AddressLockoutTable(clock, 1);
        for (int i = 0; i < AddressLockoutTable.DROPPED_MAX + 10; i++) {
            String address = "198.51." + (i / 250) + "." + (1 + i % 250);
            // The first half end sooner, so their places come free.
            dropping.lockedOut(GuessKey.source(address), clock.now.plusSeconds(i < 128 ? 30 : 60));
            assertEquals(i < AddressLockoutTable.DROPPED_MAX, dropping.refusedAtAccept(ip(address)), address);
            assertTrue(dropping.millisLeft(ip(address)) > 0, "and is still refused at accept");
        }
        assertEquals(AddressLockoutTable.DROPPED_MAX, dropping.dropped().size());
        assertEquals(10, dropping.dropsMissed());
        clock.now = clock.now.plusSeconds(30);
        assertEquals(AddressLockoutTable.DROPPED_MAX - 128, dropping.dropped().size(), "ended lockouts leave the list");
        dropping.lockedOut(GuessKey.source("192.0.2.1"), clock.now.plusSeconds(60));
        assertTrue(dropping.refusedAtAccept(ip("192.0.2.1")), "and make room");
    }
}
