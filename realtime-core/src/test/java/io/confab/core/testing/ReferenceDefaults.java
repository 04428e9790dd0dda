package io.confab.core.testing;

import io.confab.core.CoreConfig;
import io.confab.core.sfu.SfuConfig;

/**
 * realtime-core's configuration as the reference file sets it, for tests of the behaviour an
 * operator gets by default: the same values production reads, not a copy of them.
 */
public final class ReferenceDefaults {

    private static final CoreConfig CONFIG = CoreConfig.parse(new String[] {"--token-secret=" + "ab".repeat(32)});

    private ReferenceDefaults() {
    }

    public static CoreConfig config() {
        return CONFIG;
    }

    /** The reference SFU settings on {@code host:port} with {@code lastN}. */
    public static SfuConfig sfu(String host, int port, int lastN) {
        SfuConfig sfu = CONFIG.sfu();
        return new SfuConfig(host, port, host, lastN, sfu.handshakeTimeout(), sfu.consentTimeout(), sfu.publisherRembBps(),
                sfu.maxTracksPerParticipant(), sfu.handshakeThreads(), sfu.handshakeQueue(), sfu.mediaThreads(),
                sfu.udpSegmentation());
    }
}
