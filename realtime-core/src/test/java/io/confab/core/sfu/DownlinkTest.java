package io.confab.core.sfu;

import io.confab.core.sfu.allocation.ReceiverAllocation;
import io.confab.core.sfu.allocation.SimulcastLayer;
import io.confab.core.sfu.allocation.SourceAllocation;
import io.confab.core.sfu.allocation.PublishedVideo;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What a probe must show before the allocation can climb: the next layer up of every source bandwidth holds back. */
class DownlinkTest {

    private static final PublishedVideo ALICE = PublishedVideo.of("alice/1", "alice", SimulcastLayer.active(150_000, 180),
            SimulcastLayer.active(500_000, 360), SimulcastLayer.active(1_500_000, 720));
    private static final PublishedVideo BOB = PublishedVideo.of("bob/1", "bob", SimulcastLayer.active(150_000, 180),
            SimulcastLayer.inactive(500_000, 360), SimulcastLayer.active(1_400_000, 720));
    private static final Map<String, PublishedVideo> SOURCES = Map.of("alice/1", ALICE, "bob/1", BOB);

    @Test
    void addsTheStepToTheNextActiveLayerOfEachHeldBackSource() {
        ReceiverAllocation allocation = new ReceiverAllocation("carol", 900_000, 650_000, List.of(
                new SourceAllocation("alice/1", 1, 2, 500_000, SourceAllocation.Reason.FORWARDED),
                new SourceAllocation("bob/1", 0, 2, 150_000, SourceAllocation.Reason.FORWARDED)));
        // Alice 360p → 720p adds 1 Mbit/s; Bob's 360p is paused, so his next step is 720p: 1.25 Mbit/s more.
        assertEquals(650_000 + 1_000_000 + 1_250_000, Downlink.neededForNextLayers(allocation, SOURCES));
    }

    @Test
    void countsTheLowestLayerOfASourceThatGotNothingForWantOfBandwidth() {
        ReceiverAllocation allocation = new ReceiverAllocation("carol", 600_000, 500_000, List.of(
                new SourceAllocation("alice/1", 1, 1, 500_000, SourceAllocation.Reason.FORWARDED),
                new SourceAllocation("bob/1", SourceAllocation.NONE, 2, 0, SourceAllocation.Reason.BANDWIDTH)));
        assertEquals(500_000 + 150_000, Downlink.neededForNextLayers(allocation, SOURCES));
    }

    @Test
    void needsNothingMoreWhenEverySourceHasTheLayerItWants() {
        ReceiverAllocation allocation = new ReceiverAllocation("carol", 5_000_000, 1_550_000, List.of(
                new SourceAllocation("alice/1", 2, 2, 1_500_000, SourceAllocation.Reason.FORWARDED),
                new SourceAllocation("bob/1", SourceAllocation.NONE, SourceAllocation.NONE, 0, SourceAllocation.Reason.PREFERENCE_OFF)));
        assertEquals(allocation.allocatedBps(), Downlink.neededForNextLayers(allocation, SOURCES));
    }
}
