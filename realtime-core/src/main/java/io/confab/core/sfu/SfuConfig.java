package io.confab.core.sfu;

import java.time.Duration;
import java.util.Objects;

/**
 * The SFU's settings, one typed object (realtime-core's {@code CoreConfig} fills it from the
 * reference file, which says why each default has its value).
 *
 * @param host              address the media port binds to
 * @param port              the first media thread's UDP port, thread i's is {@code port + i} (0: any free
 *                          port for each; -1: realtime-core starts no SFU)
 * @param announce          address put in SDP candidates, what browsers send to
 * @param lastN             video of only this many most recent speakers reaches each receiver (-1: all)
 * @param handshakeTimeout  a DTLS handshake that has not finished by then is abandoned
 * @param consentTimeout    a transport with no connectivity check for this long is torn down (RFC 7675: 30 s)
 * @param publisherRembBps  the bandwidth the SFU tells each sender it may use (REMB), the ceiling of
 *                          what a sender's three simulcast layers need
 * @param maxTracksPerParticipant tracks (m-sections) one participant may publish: a browser sends a
 *                          microphone, a camera and a shared screen with its sound, so 8 leaves room
 *                          while one client cannot make the SFU keep thousands of publications
 * @param handshakeThreads  DTLS handshakes running at once (Bouncy Castle's API blocks a thread from the
 *                          ClientHello to the handshake's end)
 * @param handshakeQueue    DTLS tasks waiting for one of those threads; past it a task is refused and
 *                          the client's retransmission offers it again
 * @param mediaThreads      media threads, each with its own port and meetings (at least 1); one thread
 *                          uses at most one core
 * @param udpSegmentation   a media socket sends each receiver's runs of equal-size copies in a flush as
 *                          one UDP GSO send where the kernel offers it
 */
public record SfuConfig(String host, int port, String announce, int lastN, Duration handshakeTimeout,
                        Duration consentTimeout, long publisherRembBps, int maxTracksPerParticipant,
                        int handshakeThreads, int handshakeQueue, int mediaThreads, boolean udpSegmentation) {

    public SfuConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(announce, "announce");
        if (lastN < -1) {
            throw new IllegalArgumentException("lastN must be -1 or more");
        }
        if (maxTracksPerParticipant < 1 || handshakeThreads < 1 || handshakeQueue < 0) {
            throw new IllegalArgumentException("sfu limits: tracks per participant and handshake threads must be positive,"
                    + " the handshake queue 0 or more");
        }
        if (mediaThreads < 1) {
            throw new IllegalArgumentException("sfu media threads must be at least 1, not " + mediaThreads);
        }
        if (port > 0 && port + mediaThreads - 1 > 65535) {
            throw new IllegalArgumentException("sfu ports " + port + " to " + (port + mediaThreads - 1)
                    + " (one per media thread) go past 65535");
        }
    }

    public SfuConfig withLimits(int tracksPerParticipant, int threads, int queue) {
        return new SfuConfig(host, port, announce, lastN, handshakeTimeout, consentTimeout, publisherRembBps,
                tracksPerParticipant, threads, queue, mediaThreads, udpSegmentation);
    }

    public SfuConfig withMediaThreads(int threads) {
        return new SfuConfig(host, port, announce, lastN, handshakeTimeout, consentTimeout, publisherRembBps,
                maxTracksPerParticipant, handshakeThreads, handshakeQueue, threads, udpSegmentation);
    }
}
