package io.confab.core.sfu.allocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.confab.core.sfu.allocation.SourceAllocation.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The allocator against the usual three-layer simulcast ladder (180p/360p/720p at 150 kbps, 500 kbps
 * and 1.5 Mbps, close to what browsers send for a 720p camera).
 */
class BandwidthAllocatorTest {

    private static final int NONE = SourceAllocation.NONE;

    private final BandwidthAllocator allocator = new BandwidthAllocator();

    private static PublishedVideo camera(String owner) {
        return PublishedVideo.of(owner + "-cam", owner,
                SimulcastLayer.active(150_000, 180),
                SimulcastLayer.active(500_000, 360),
                SimulcastLayer.active(1_500_000, 720));
    }

    private static Receiver viewer(long bps) {
        return Receiver.of("viewer", bps);
    }

    private static Receiver speakerView(long bps, String sourceId) {
        return viewer(bps).withPreference(sourceId, LayerPreference.LARGE);
    }

    private int layerFor(long bps) {
        return allocator.allocate(speakerView(bps, "alice-cam"), List.of(camera("alice")), SpeakerOrder.NONE)
                .layerOf("alice-cam");
    }

    @Test
    void theBudgetPicksTheHighestLayerThatFits() {
        assertEquals(NONE, firstLayerFor(100_000));
        assertEquals(0, firstLayerFor(200_000));
        assertEquals(1, firstLayerFor(700_000));
        assertEquals(2, firstLayerFor(3_000_000));
    }

    /** The layer a receiver seen for the first time gets, so no earlier choice shifts it. */
    private static int firstLayerFor(long bps) {
        return new BandwidthAllocator().allocate(speakerView(bps, "alice-cam"), List.of(camera("alice")),
                SpeakerOrder.NONE).layerOf("alice-cam");
    }

    @Test
    void tooLittleBandwidthForAnyLayerSaysSo() {
        ReceiverAllocation allocation = allocator.allocate(speakerView(100_000, "alice-cam"),
                List.of(camera("alice")), SpeakerOrder.NONE);

        SourceAllocation alice = allocation.source("alice-cam").orElseThrow();
        assertEquals(new SourceAllocation("alice-cam", NONE, 2, 0, Reason.BANDWIDTH), alice);
        assertEquals(0, allocation.allocatedBps());
    }

    @Test
    void theDominantSpeakerIsServedInFullBeforeOthersAreUpgraded() {
        Receiver receiver = viewer(2_000_000)
                .withPreference("alice-cam", LayerPreference.LARGE)
                .withPreference("bob-cam", LayerPreference.LARGE);
        List<PublishedVideo> sources = List.of(camera("alice"), camera("bob"));

        ReceiverAllocation bobSpeaking = new BandwidthAllocator()
                .allocate(receiver, sources, SpeakerOrder.of(List.of("bob", "alice")));
        assertEquals(List.of("bob-cam", "alice-cam"),
                bobSpeaking.sources().stream().map(SourceAllocation::sourceId).toList(), "priority order");
        assertEquals(2, bobSpeaking.layerOf("bob-cam"));
        assertEquals(0, bobSpeaking.layerOf("alice-cam"));
        assertEquals(1_650_000, bobSpeaking.allocatedBps());

        ReceiverAllocation aliceSpeaking = new BandwidthAllocator()
                .allocate(receiver, sources, new SpeakerOrder(Optional.of("alice"), List.of("bob", "alice")));
        assertEquals(2, aliceSpeaking.layerOf("alice-cam"));
        assertEquals(0, aliceSpeaking.layerOf("bob-cam"));
    }

    @Test
    void everyoneGetsTheLowestLayerBeforeAnyoneIsUpgraded() {
        Receiver receiver = viewer(1_000_000);
        List<PublishedVideo> sources = List.of(camera("a"), camera("b"), camera("c"), camera("d"), camera("e"));
        for (PublishedVideo source : sources) {
            receiver = receiver.withPreference(source.sourceId(), LayerPreference.LARGE);
        }

        ReceiverAllocation allocation = allocator.allocate(receiver, sources, SpeakerOrder.of(List.of("a")));

        // Five thumbnails cost 750 kbps; the 250 kbps left cannot lift anyone to 360p (350 kbps more).
        assertEquals(List.of(0, 0, 0, 0, 0), allocation.sources().stream().map(SourceAllocation::layer).toList());
        assertEquals(750_000, allocation.allocatedBps());
    }

    @Test
    void aCheaperLowerPrioritySourceStillFitsWhenAHigherOneDoesNot() {
        PublishedVideo screen = PublishedVideo.of("alice-screen", "alice", SimulcastLayer.active(1_000_000, 1080));
        ReceiverAllocation allocation = allocator.allocate(viewer(500_000),
                List.of(screen, camera("bob")), SpeakerOrder.of(List.of("alice", "bob")));

        assertEquals(Reason.BANDWIDTH, allocation.source("alice-screen").orElseThrow().reason());
        assertEquals(0, allocation.layerOf("bob-cam"));
    }

    @Test
    void galleryTilesStayAtTheThumbnailLayerWhateverTheBudget() {
        List<PublishedVideo> sources = List.of(camera("a"), camera("b"), camera("c"));
        ReceiverAllocation allocation = allocator.allocate(viewer(50_000_000), sources, SpeakerOrder.NONE);

        for (SourceAllocation source : allocation.sources()) {
            assertEquals(0, source.layer(), source.sourceId() + " is a THUMBNAIL by default: 180p at most");
            assertEquals(0, source.targetLayer());
        }
    }

    @Test
    void theClientCapIsRespectedEvenWhenTheEstimateIsHigher() {
        Receiver capped = speakerView(5_000_000, "alice-cam").withCap(600_000);
        ReceiverAllocation allocation = allocator.allocate(capped, List.of(camera("alice")), SpeakerOrder.NONE);

        assertEquals(600_000, allocation.budgetBps());
        assertEquals(1, allocation.layerOf("alice-cam"));
        assertTrue(allocation.allocatedBps() <= 600_000, "allocated " + allocation.allocatedBps());

        Receiver capAboveEstimate = speakerView(600_000, "alice-cam").withCap(5_000_000);
        assertEquals(600_000, capAboveEstimate.budgetBps());
    }

    @Test
    void onlyTheLastNSourcesHighestInTheSpeakerOrderGetVideo() {
        List<PublishedVideo> sources = List.of(camera("a"), camera("b"), camera("c"), camera("d"));
        SpeakerOrder order = SpeakerOrder.of(List.of("c", "a", "d", "b"));

        ReceiverAllocation allocation = allocator.allocate(viewer(10_000_000).withLastN(2), sources, order);

        assertEquals(0, allocation.layerOf("c-cam"));
        assertEquals(0, allocation.layerOf("a-cam"));
        assertEquals(Reason.NOT_IN_LAST_N, allocation.source("d-cam").orElseThrow().reason());
        assertEquals(Reason.NOT_IN_LAST_N, allocation.source("b-cam").orElseThrow().reason());
    }

    @Test
    void theStricterOfMeetingAndReceiverLastNApplies() {
        List<PublishedVideo> sources = List.of(camera("a"), camera("b"), camera("c"), camera("d"));
        BandwidthAllocator meetingLastTwo = new BandwidthAllocator(AllocationConfig.DEFAULT.withLastN(2));

        Receiver receiver = viewer(10_000_000);

        assertEquals(2, forwardedCount(meetingLastTwo.allocate(receiver, sources, SpeakerOrder.NONE)));
        assertEquals(1, forwardedCount(meetingLastTwo.allocate(receiver.withLastN(1), sources, SpeakerOrder.NONE)));
        assertEquals(2, forwardedCount(meetingLastTwo.allocate(receiver.withLastN(3), sources, SpeakerOrder.NONE)));
        assertEquals(0, forwardedCount(allocator.allocate(receiver.withLastN(0), sources, SpeakerOrder.NONE)));
        assertEquals(4, forwardedCount(allocator.allocate(receiver, sources, SpeakerOrder.NONE)));
    }

    private static long forwardedCount(ReceiverAllocation allocation) {
        return allocation.sources().stream().filter(SourceAllocation::forwarded).count();
    }

    @Test
    void mutedAndSwitchedOffSourcesGiveTheirLastNPlaceToTheNext() {
        List<PublishedVideo> sources = List.of(camera("a").withMuted(true), camera("b"), camera("c"));
        Receiver receiver = viewer(10_000_000).withLastN(1).withPreference("b-cam", LayerPreference.OFF);

        ReceiverAllocation allocation = allocator.allocate(receiver, sources, SpeakerOrder.of(List.of("a", "b", "c")));

        assertEquals(new SourceAllocation("a-cam", NONE, NONE, 0, Reason.VIDEO_MUTED),
                allocation.source("a-cam").orElseThrow());
        assertEquals(new SourceAllocation("b-cam", NONE, NONE, 0, Reason.PREFERENCE_OFF),
                allocation.source("b-cam").orElseThrow());
        assertEquals(0, allocation.layerOf("c-cam"));
    }

    @Test
    void mutedVideoIsNeverForwarded() {
        ReceiverAllocation allocation = allocator.allocate(speakerView(10_000_000, "alice-cam"),
                List.of(camera("alice").withMuted(true)), SpeakerOrder.of(List.of("alice")));

        assertEquals(Reason.VIDEO_MUTED, allocation.source("alice-cam").orElseThrow().reason());
        assertEquals(0, allocation.allocatedBps());
    }

    @Test
    void aHeightLimitCapsTheLayer() {
        Receiver receiver = viewer(10_000_000).withPreference("alice-cam", LayerPreference.LARGE.withMaxHeight(360))
                .withPreference("bob-cam", LayerPreference.THUMBNAIL.withMaxHeight(720));

        ReceiverAllocation allocation = allocator.allocate(receiver, List.of(camera("alice"), camera("bob")),
                SpeakerOrder.NONE);

        assertEquals(1, allocation.layerOf("alice-cam"));
        assertEquals(0, allocation.layerOf("bob-cam"), "a thumbnail stays at 180p even if the height limit is higher");
    }

    @Test
    void aThumbnailOfASourceWithNoSmallLayerGetsItsLowest() {
        PublishedVideo tall = PublishedVideo.of("alice-cam", "alice",
                SimulcastLayer.active(500_000, 360), SimulcastLayer.active(1_500_000, 720));

        ReceiverAllocation allocation = allocator.allocate(viewer(10_000_000), List.of(tall), SpeakerOrder.NONE);

        assertEquals(0, allocation.layerOf("alice-cam"));
    }

    @Test
    void aWobblingEstimateDoesNotFlipTheLayer() {
        // Around the 1.5 Mbps 720p layer: upgrading needs 1.65 Mbps, keeping it needs 1.5 Mbps.
        long[] estimates = {1_700_000, 1_450_000, 1_600_000, 1_520_000, 1_640_000, 1_700_000, 1_550_000, 1_510_000};
        List<Integer> layers = new ArrayList<>();
        for (long estimate : estimates) {
            layers.add(layerFor(estimate));
        }
        assertEquals(List.of(2, 1, 1, 1, 1, 2, 2, 2), layers);

        BandwidthAllocator noHysteresis = new BandwidthAllocator(AllocationConfig.DEFAULT.withUpgradeHeadroom(0));
        List<Integer> flapping = new ArrayList<>();
        for (long estimate : estimates) {
            flapping.add(noHysteresis.allocate(speakerView(estimate, "alice-cam"), List.of(camera("alice")),
                    SpeakerOrder.NONE).layerOf("alice-cam"));
        }
        assertEquals(List.of(2, 1, 2, 2, 2, 2, 2, 2), flapping, "without headroom 1.6 Mbps flips straight back");
    }

    @Test
    void aSourceThatAppearsNeedsHeadroomToo() {
        assertEquals(NONE, layerFor(160_000), "150 kbps + 10% does not fit 160 kbps");
        assertEquals(0, layerFor(170_000));
        assertEquals(0, layerFor(150_000), "once shown it stays while its bitrate fits");
        assertEquals(NONE, layerFor(149_999));
    }

    @Test
    void aSourceWithOneActiveLayerGetsThatLayer() {
        PublishedVideo onlyTop = PublishedVideo.of("alice-cam", "alice",
                SimulcastLayer.inactive(150_000, 180), SimulcastLayer.inactive(500_000, 360),
                SimulcastLayer.active(1_500_000, 720));

        ReceiverAllocation allocation = allocator.allocate(viewer(10_000_000), List.of(onlyTop), SpeakerOrder.NONE);

        SourceAllocation alice = allocation.source("alice-cam").orElseThrow();
        assertEquals(new SourceAllocation("alice-cam", 2, 0, 1_500_000, Reason.FORWARDED), alice,
                "a thumbnail takes the lowest layer arriving when the 180p one is not");
        assertFalse(allocator.layerUsage("alice-cam").mayPause(2), "the forwarded layer must keep coming");
        assertFalse(allocator.layerUsage("alice-cam").mayPause(0), "the wanted 180p layer must be resumed");
    }

    @Test
    void aSourceWithoutSimulcastIsOneLayer() {
        PublishedVideo single = PublishedVideo.of("alice-cam", "alice", SimulcastLayer.active(800_000, 720));

        assertEquals(0, allocator.allocate(speakerView(1_000_000, "alice-cam"), List.of(single), SpeakerOrder.NONE)
                .layerOf("alice-cam"));
        assertEquals(NONE, new BandwidthAllocator().allocate(speakerView(700_000, "alice-cam"), List.of(single),
                SpeakerOrder.NONE).layerOf("alice-cam"));
    }

    @Test
    void aSourceWithNoActiveLayerIsNotSendingButStillWanted() {
        PublishedVideo paused = PublishedVideo.of("alice-cam", "alice",
                SimulcastLayer.inactive(150_000, 180), SimulcastLayer.inactive(500_000, 360));

        ReceiverAllocation allocation = allocator.allocate(speakerView(10_000_000, "alice-cam"), List.of(paused),
                SpeakerOrder.NONE);

        assertEquals(new SourceAllocation("alice-cam", NONE, 1, 0, Reason.NOT_SENDING),
                allocation.source("alice-cam").orElseThrow());
        assertEquals(1, allocator.layerUsage("alice-cam").highestWanted());

        PublishedVideo empty = new PublishedVideo("bob-cam", "bob", List.of(), false);
        assertEquals(Reason.NOT_SENDING, allocator.allocate(viewer(1_000_000), List.of(empty), SpeakerOrder.NONE)
                .source("bob-cam").orElseThrow().reason());
    }

    @Test
    void emptyInputsGiveEmptyAllocations() {
        ReceiverAllocation nothing = allocator.allocate(viewer(1_000_000), List.of(), SpeakerOrder.NONE);
        assertEquals(new ReceiverAllocation("viewer", 1_000_000, 0, List.of()), nothing);

        assertEquals(List.of(), allocator.allocateAll(List.of(), List.of(camera("alice")), SpeakerOrder.NONE));
        assertEquals(Map.of(), allocator.layerUsage(), "allocateAll with no receivers forgets them all");
        assertEquals(LayerUsage.unused("alice-cam"), allocator.layerUsage("alice-cam"));

        ReceiverAllocation noBandwidth = allocator.allocate(viewer(0), List.of(camera("alice")), SpeakerOrder.NONE);
        assertEquals(Reason.BANDWIDTH, noBandwidth.source("alice-cam").orElseThrow().reason());
    }

    @Test
    void aReceiverNeverGetsItsOwnSourceAndDuplicatesAreIgnored() {
        Receiver alice = Receiver.of("alice", 10_000_000);
        PublishedVideo bobAgain = PublishedVideo.of("bob-cam", "bob", SimulcastLayer.active(9_000_000, 180));

        ReceiverAllocation allocation = allocator.allocate(alice, List.of(camera("alice"), camera("bob"), bobAgain),
                SpeakerOrder.NONE);

        assertEquals(List.of("bob-cam"), allocation.sources().stream().map(SourceAllocation::sourceId).toList());
        assertEquals(150_000, allocation.allocatedBps(), "the first bob-cam counts, not the duplicate");
    }

    @Test
    void layerUsageCombinesAllReceiversSoUnusedLayersCanBePaused() {
        List<PublishedVideo> sources = List.of(camera("alice"), camera("bob").withMuted(true), camera("carol"));
        Receiver big = Receiver.of("dave", 10_000_000).withPreference("alice-cam", LayerPreference.LARGE)
                .withPreference("carol-cam", LayerPreference.OFF);
        Receiver constrained = Receiver.of("erin", 400_000).withPreference("alice-cam", LayerPreference.LARGE)
                .withPreference("carol-cam", LayerPreference.OFF);

        allocator.allocateAll(List.of(big, constrained), sources, SpeakerOrder.of(List.of("alice")));
        Map<String, LayerUsage> usage = allocator.layerUsage();

        assertEquals(Set.of("alice-cam", "bob-cam", "carol-cam"), usage.keySet());
        assertEquals(new LayerUsage("alice-cam", new TreeSet<>(List.of(0, 2)), 2), usage.get("alice-cam"));
        assertTrue(usage.get("bob-cam").mayPause(0), "muted for everyone");
        assertTrue(usage.get("carol-cam").mayPause(0), "switched off by everyone");

        allocator.forget("dave");
        LayerUsage afterDaveLeft = allocator.layerUsage("alice-cam");
        assertEquals(Set.of(0), afterDaveLeft.forwardedLayers());
        assertEquals(2, afterDaveLeft.highestWanted(), "erin still wants 720p, bandwidth holds her at 180p");

        allocator.allocateAll(List.of(constrained.withPreference("alice-cam", LayerPreference.THUMBNAIL)), sources,
                SpeakerOrder.NONE);
        assertTrue(allocator.layerUsage("alice-cam").mayPause(1));
        assertFalse(allocator.layerUsage("alice-cam").mayPause(0));
    }

    @Test
    void theLatestAllocationIsRemembered() {
        assertEquals(Optional.empty(), allocator.allocation("viewer"));
        ReceiverAllocation made = allocator.allocate(viewer(1_000_000), List.of(camera("alice")), SpeakerOrder.NONE);
        assertEquals(Optional.of(made), allocator.allocation("viewer"));

        allocator.forget("viewer");
        assertEquals(Optional.empty(), allocator.allocation("viewer"));
        assertEquals(NONE, layerFor(160_000), "after forget the receiver starts afresh and needs headroom");
    }
}
