package io.confab.core.sfu.rtp;

import java.util.HexFormat;

/** Hand-built packets in tests are written as hex with spaces between fields. */
final class Bytes {
    private Bytes() {
    }

    static byte[] hex(String spaced) {
        return HexFormat.of().parseHex(spaced.replace(" ", "").replace("\n", ""));
    }
}
