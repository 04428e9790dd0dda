package io.confab.storage.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** E-model values worked out by hand (the arithmetic is in each comment). */
class EModelTest {

    @Test
    void aCleanCallScoresTheDefaultR() {
        // Ta = 0/2 + 2*0 + 20 = 20 ms <= 100: Id = 0. No loss: Ie-eff = 0. R = 93.2.
        // MOS = 1 + 0.035*93.2 + 93.2*33.2*6.8*7e-6 = 1 + 3.262 + 0.147286 = 4.409286
        EModel.Estimate e = EModel.estimate(0, 0, 0.0);
        assertEquals(20, e.oneWayDelayMs(), 1e-9);
        assertEquals(93.2, e.r(), 1e-9);
        assertEquals(4.409286, e.mos(), 1e-6);
    }

    @Test
    void fivePercentLossWithModestDelay() {
        // Ta = 100/2 + 2*10 + 20 = 90 ms: Id = 0. Ie-eff = 0 + 95*5/(5/1 + 20) = 19. R = 74.2.
        // MOS = 1 + 2.597 + 74.2*14.2*25.8*7e-6 = 1 + 2.597 + 0.190287 = 3.787287
        EModel.Estimate e = EModel.estimate(0.05, 10, 100.0);
        assertEquals(19, e.ieEff(), 1e-9);
        assertEquals(0, e.id(), 1e-9);
        assertEquals(74.2, e.r(), 1e-9);
        assertEquals(3.787287, e.mos(), 1e-6);
    }

    @Test
    void heavyLossAndLongDelay() {
        // Ta = 400/2 + 2*30 + 20 = 280 ms. X = log2(2.8) = 1.485427;
        // Idd = 25*((1+X^6)^(1/6) - 3(1+(X/3)^6)^(1/6) + 2) = 25*(1.507621 - 3.007323 + 2) = 12.5076
        // Ie-eff = 95*20/(20+20) = 47.5. R = 93.2 - 12.5076 - 47.5 = 33.1924.
        // MOS = 1 + 1.161735 + 33.1924*(-26.8076)*66.8076*7e-6 = 1 + 1.161735 - 0.416122 = 1.745613
        EModel.Estimate e = EModel.estimate(0.2, 30, 400.0);
        assertEquals(280, e.oneWayDelayMs(), 1e-9);
        assertEquals(12.5076, e.id(), 1e-4);
        assertEquals(47.5, e.ieEff(), 1e-9);
        assertEquals(33.1924, e.r(), 1e-4);
        assertEquals(1.745613, e.mos(), 1e-5);
    }

    @Test
    void mosIsClampedAtBothEnds() {
        assertEquals(1, EModel.mos(-5));
        assertEquals(4.5, EModel.mos(120));
        // Total loss: Ie-eff = 95*100/120 = 79.17, R = 14.03 > 0, MOS just above 1.
        assertTrue(EModel.estimate(1, 0, null).mos() < 1.5);
    }

    @Test
    void unknownRttCountsNoNetworkDelay() {
        assertEquals(20 + 2 * 15, EModel.estimate(0, 15, null).oneWayDelayMs(), 1e-9);
    }
}
