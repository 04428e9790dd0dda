package io.confab.dataapi.quality;

import java.time.Instant;

/**
 * One interval of one participant's audio in one direction, as kept in
 * {@code call_quality_by_meeting} and answered by the API.
 */
public record QualityPoint(String meetingId, String participantId, Instant intervalStart, String direction, String accountId,
                           Instant intervalEnd, long packets, long packetsLost, double fractionLost, double jitterMs, Double rttMs,
                           double bitrateKbps, double r, double mos) {
}
