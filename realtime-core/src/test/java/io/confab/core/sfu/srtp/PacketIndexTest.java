package io.confab.core.sfu.srtp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Index estimation (RFC 3711 §3.3.1, Appendix A) and the replay window (§3.3.2) on their own. */
class PacketIndexTest {

    static ReplayWindow windowAt(long highest) {
        ReplayWindow window = new ReplayWindow();
        window.accept(highest);
        return window;
    }

    @Test
    void firstPacketHasRolloverCounterZero() {
        assertEquals(65000, PacketIndex.estimate(new ReplayWindow(), 65000));
    }

    @Test
    void estimateTakesTheRolloverCounterClosestToTheHighestIndex() {
        long rocThree = 3L << 16;

        assertEquals(rocThree | 100, PacketIndex.estimate(windowAt(rocThree | 90), 100));
        assertEquals(rocThree | 80, PacketIndex.estimate(windowAt(rocThree | 90), 80));
        assertEquals((4L << 16) | 5, PacketIndex.estimate(windowAt(rocThree | 65530), 5), "wrapped forward");
        assertEquals((2L << 16) | 65530, PacketIndex.estimate(windowAt(rocThree | 5), 65530), "late from before the wrap");
        assertEquals(rocThree | 40000, PacketIndex.estimate(windowAt(rocThree | 10000), 40000));
        assertEquals(PacketIndex.BEFORE_FIRST, PacketIndex.estimate(windowAt(5), 65530));
    }

    @Test
    void rolloverCounterPastItsLastValueLeavesTheIndexRange() {
        long last = PacketIndex.MAX - 2;

        assertEquals(true, PacketIndex.estimate(windowAt(last), 3) > PacketIndex.MAX);
    }

    @Test
    void windowRemembersSixtyFourIndicesAndForgetsOlderOnes() {
        ReplayWindow window = windowAt(1000);
        window.accept(990);
        window.accept(1100);

        assertEquals(SrtpFailure.TOO_OLD.code(), window.check(990), "shifted out by a jump of 100");
        assertEquals(SrtpFailure.REPLAYED.code(), window.check(1100));
        assertEquals(0, window.check(1099));
        assertEquals(0, window.check(1037));
        assertEquals(SrtpFailure.TOO_OLD.code(), window.check(1036));
        window.accept(1040);
        assertEquals(SrtpFailure.REPLAYED.code(), window.check(1040));
        assertEquals(0, window.check(1101));
    }
}
