package io.confab.media.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SerialNumberUnwrapperTest {
    @Test
    void countsOnAcrossTheWrapAt65535() {
        SerialNumberUnwrapper unwrapper = SerialNumberUnwrapper.sequenceNumbers();
        assertEquals(65_534, unwrapper.unwrap(65_534));
        assertEquals(65_535, unwrapper.unwrap(65_535));
        assertEquals(65_536, unwrapper.unwrap(0));
        assertEquals(65_537, unwrapper.unwrap(1));
    }

    @Test
    void placesAPacketReorderedAcrossTheWrapBeforeIt() {
        SerialNumberUnwrapper unwrapper = SerialNumberUnwrapper.sequenceNumbers();
        unwrapper.unwrap(65_530);
        assertEquals(65_538, unwrapper.unwrap(2));
        assertEquals(65_535, unwrapper.unwrap(65_535));
        assertEquals(65_539, unwrapper.unwrap(3));
    }

    @Test
    void followsManyWrapsInSteps() {
        SerialNumberUnwrapper unwrapper = SerialNumberUnwrapper.sequenceNumbers();
        long last = 0;
        for (long i = 0; i < 5 * 65_536L; i += 1000) {
            last = unwrapper.unwrap((int) (i & 0xFFFF));
            assertEquals(i, last);
        }
    }

    @Test
    void readsOnlyTheLow16BitsAndStartsAfreshAfterReset() {
        SerialNumberUnwrapper unwrapper = SerialNumberUnwrapper.sequenceNumbers();
        assertEquals(5, unwrapper.unwrap(0x10005));
        assertEquals(4, unwrapper.unwrap(4));
        unwrapper.reset();
        assertEquals(40_000, unwrapper.unwrap(40_000));
    }

    @Test
    void timestampsCountOnAcrossTheWrapAt2To32() {
        SerialNumberUnwrapper unwrapper = SerialNumberUnwrapper.rtpTimestamps();
        assertEquals(0xFFFF_FC40L, unwrapper.unwrap(0xFFFF_FC40L));
        assertEquals(0x1_0000_0000L + 2_000, unwrapper.unwrap(2_000));
        // A reordered earlier frame, and an int caller passing the timestamp sign-extended.
        assertEquals(0xFFFF_FC40L, unwrapper.unwrap((int) 0xFFFF_FC40L));
        assertEquals(0x1_0000_0000L + 5_000, unwrapper.unwrap(5_000));
    }
}
