package io.confab.core.sfu;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the media plane did and what it refused, since start. Every drop has its own counter named
 * by its reason, so "why did this packet not arrive" has an answer. Written on the media thread,
 * read by the stats endpoint, the bench and the tests.
 */
final class SfuCounters {

    final LongAdder datagrams = new LongAdder();
    final LongAdder unknownAddress = new LongAdder();
    final LongAdder unknownKind = new LongAdder();
    final LongAdder iceAccepted = new LongAdder();
    final LongAdder iceRefused = new LongAdder();
    final LongAdder iceDropped = new LongAdder();
    final LongAdder rtpReceived = new LongAdder();
    final LongAdder rtcpReceived = new LongAdder();
    final LongAdder malformedRtp = new LongAdder();
    final LongAdder malformedRtcp = new LongAdder();
    final LongAdder unknownSsrc = new LongAdder();
    final LongAdder unknownPayloadType = new LongAdder();
    final LongAdder rtpOnSubscribeTransport = new LongAdder();
    final LongAdder mutedDropped = new LongAdder();
    final LongAdder forwardedPackets = new LongAdder();
    final LongAdder forwardedBytes = new LongAdder();
    final LongAdder notForwardedLayer = new LongAdder();
    final LongAdder rewriterDropped = new LongAdder();
    final LongAdder retransmitted = new LongAdder();
    final LongAdder retransmitMisses = new LongAdder();
    final LongAdder nacksSent = new LongAdder();
    final LongAdder keyframeRequests = new LongAdder();
    final LongAdder layerSwitches = new LongAdder();
    final LongAdder tapped = new LongAdder();
    final LongAdder tapDropped = new LongAdder();
    final LongAdder offersRefused = new LongAdder();
    final LongAdder answersRefused = new LongAdder();
    final LongAdder transportsClosed = new LongAdder();
    /** transport-cc feedback sent to publishers (one per ~60 ms per publish transport). */
    final LongAdder transportFeedbackSent = new LongAdder();
    /** transport-cc feedback from subscribers, applied to their estimators. */
    final LongAdder transportFeedbackReceived = new LongAdder();
    /** Feedback from a subscriber whose answer did not accept transport-wide sequence numbers. */
    final LongAdder transportFeedbackUnexpected = new LongAdder();
    /** Statuses in feedback naming sequence numbers never sent (or long gone from the log). */
    final LongAdder transportFeedbackUnknownPackets = new LongAdder();
    /** Compounds refused because a transport-cc feedback in them was malformed (also in malformedRtcp). */
    final LongAdder malformedTransportFeedback = new LongAdder();
    /** Padding-only probe packets sent to subscribers. */
    final LongAdder probePackets = new LongAdder();

    Map<String, Long> snapshot() {
        Map<String, Long> values = new LinkedHashMap<>();
        for (var field : SfuCounters.class.getDeclaredFields()) {
            if (field.getType() == LongAdder.class) {
                try {
                    values.put(field.getName(), ((LongAdder) field.get(this)).sum());
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return values;
    }
}
