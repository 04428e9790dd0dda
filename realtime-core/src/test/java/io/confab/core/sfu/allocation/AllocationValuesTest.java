package io.confab.core.sfu.allocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Values that cannot describe a real meeting are programmer errors at construction. */
class AllocationValuesTest {

    @Test
    void impossibleLayersSourcesAndReceiversAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> SimulcastLayer.active(-1, 180));
        assertThrows(IllegalArgumentException.class, () -> SimulcastLayer.active(1, -180));
        assertThrows(IllegalArgumentException.class, () -> Receiver.of("r", -1));
        assertThrows(IllegalArgumentException.class, () -> Receiver.of("r", 1).withCap(-1));
        assertThrows(IllegalArgumentException.class, () -> Receiver.of("r", 1).withLastN(-2));
        assertThrows(IllegalArgumentException.class, () -> LayerPreference.LARGE.withMaxHeight(0));
        assertThrows(IllegalArgumentException.class, () -> new LayerPreference(null, 180));
        assertThrows(IllegalArgumentException.class, () -> AllocationConfig.DEFAULT.withLastN(-2));
        assertThrows(IllegalArgumentException.class, () -> AllocationConfig.DEFAULT.withUpgradeHeadroom(-0.1));
        assertThrows(IllegalArgumentException.class, () -> AllocationConfig.DEFAULT.withUpgradeHeadroom(Double.NaN));
        assertThrows(IllegalArgumentException.class,
                () -> new AllocationConfig(-1, 0.1, 0, LayerPreference.THUMBNAIL));
    }

    @Test
    void inputsAreCopiedSoCallersCannotChangeThemLater() {
        List<SimulcastLayer> layers = new ArrayList<>(List.of(SimulcastLayer.active(1, 180)));
        PublishedVideo source = new PublishedVideo("s", "o", layers, false);
        layers.clear();
        assertEquals(1, source.layers().size());

        Map<String, LayerPreference> preferences = new HashMap<>(Map.of("s", LayerPreference.OFF));
        Receiver receiver = new Receiver("r", 1, OptionalLong.empty(), -1, preferences);
        preferences.clear();
        assertEquals(LayerPreference.OFF, receiver.preferenceFor("s", LayerPreference.LARGE));
    }

    @Test
    void speakerOrderOfTheDetectorPutsItsHeadFirst() {
        assertEquals(Optional.of("a"), SpeakerOrder.of(List.of("a", "b")).dominant());
        assertEquals(Optional.empty(), SpeakerOrder.of(List.of()).dominant());
    }
}
