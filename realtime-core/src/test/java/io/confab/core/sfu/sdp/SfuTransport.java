package io.confab.core.sfu.sdp;

import io.confab.core.sfu.dtls.Fingerprint;
import java.util.List;

/** The SFU's transport parameters used across tests, and the lines they become in SFU-written SDP. */
final class SfuTransport {
    static final String UFRAG = "sfuA1b2C";
    static final String PWD = "Zx8Qw2Er4Ty6Ui8Op0As2D";
    static final Fingerprint FINGERPRINT = fingerprint(
            "sha-256 0F:1E:2D:3C:4B:5A:69:78:87:96:A5:B4:C3:D2:E1:F0:01:12:23:34:45:56:67:78:89:9A:AB:BC:CD:DE:EF:F0");
    static final LocalTransport LOCAL = new LocalTransport(UFRAG, PWD, FINGERPRINT,
            List.of(HostCandidate.udp("203.0.113.10", 50000), HostCandidate.tcp("203.0.113.10", 50001)));

    /**
     * RFC 8445 §5.1.2.1 priority = 2^24 * 126 + 2^8 * local preference + 255: UDP's local
     * preference is 65535; passive TCP's is 2^13 * 4 + 8191 (RFC 6544 §4.2), minus one for being second.
     */
    static final List<String> CANDIDATE_LINES = List.of(
            "a=candidate:1 1 udp 2130706431 203.0.113.10 50000 typ host",
            "a=candidate:2 1 tcp 2124414719 203.0.113.10 50001 typ host tcptype passive",
            "a=end-of-candidates");

    private SfuTransport() {
    }

    /** The fingerprint an {@code a=fingerprint} value names; fails the test when it names none. */
    static Fingerprint fingerprint(String sdpValue) {
        return (Fingerprint) Fingerprint.parse(sdpValue);
    }

    static List<String> transportLines(String setup, String mid) {
        return List.of("c=IN IP4 0.0.0.0", "a=ice-ufrag:" + UFRAG, "a=ice-pwd:" + PWD,
                "a=fingerprint:" + FINGERPRINT.toSdp(), "a=setup:" + setup, "a=mid:" + mid);
    }
}
