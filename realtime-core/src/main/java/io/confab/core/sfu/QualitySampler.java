package io.confab.core.sfu;

import io.confab.core.mediaplane.MediaPlane;
import io.confab.ingest.MediaTap;
import io.confab.storage.events.MediaDirection;
import io.confab.storage.events.MediaKind;
import io.confab.storage.events.MediaQualitySample;

import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

/**
 * One meeting's {@code media.quality} samples: per participant, kind and direction, what the
 * interval since the last sample lost, its jitter, RTT and bitrate. Upstream comes from our own
 * receive statistics of the participant's layers, downstream from the receiver reports about
 * their down tracks.
 */
final class QualitySampler {

    private final MediaPlane.MeetingRef ref;
    private long intervalStartMs = System.currentTimeMillis();

    QualitySampler(MediaPlane.MeetingRef ref) {
        this.ref = ref;
    }

    /** Closes the interval; hands each non-empty sample to {@code sink} (nothing when the SFU runs without Kafka). */
    void sample(Collection<Participant> participants, MediaTap sink) {
        long end = System.currentTimeMillis();
        long start = intervalStartMs;
        intervalStartMs = end;
        if (sink == null) {
            return;
        }
        for (Participant participant : participants) {
            for (MediaKind kind : MediaKind.values()) {
                upstream(participant, kind, start, end).ifPresent(sink::offer);
                downstream(participant, kind, start, end).ifPresent(sink::offer);
            }
        }
    }

    Optional<MediaQualitySample> upstream(Participant participant, MediaKind kind, long start, long end) {
        long expected = 0;
        long lost = 0;
        long bytes = 0;
        double jitterMs = 0;
        for (Publication.Layer layer : participant.layersBySsrc.values()) {
            if (layer.publication.kind != kind || layer.statistics == null) {
                continue;
            }
            long highest = layer.statistics.extendedHighestSequenceNumber();
            long cumulativeLost = layer.statistics.cumulativeLost();
            long received = layer.statistics.bytesReceived();
            if (layer.intervalExpectedBase >= 0) {
                expected += Math.max(0, highest - layer.intervalExpectedBase);
                lost += Math.max(0, cumulativeLost - layer.intervalLostBase);
                bytes += Math.max(0, received - layer.intervalBytesBase);
            }
            layer.intervalExpectedBase = highest;
            layer.intervalLostBase = cumulativeLost;
            layer.intervalBytesBase = received;
            jitterMs = Math.max(jitterMs, layer.statistics.jitter() * 1000.0 / layer.publication.clockRate());
        }
        if (expected == 0 && bytes == 0) {
            return Optional.empty();
        }
        return Optional.of(sample(participant, MediaDirection.UPSTREAM, kind, start, end, expected, lost, jitterMs, null, bytes));
    }

    Optional<MediaQualitySample> downstream(Participant participant, MediaKind kind, long start, long end) {
        long expected = 0;
        long lost = 0;
        long bytes = 0;
        double jitterMs = 0;
        double rtt = 0;
        int rttCount = 0;
        for (DownTrack track : participant.downTracks.values()) {
            if (track.source.kind != kind || track.packetsSent == 0) {
                continue;
            }
            if (track.intervalHighestBase >= 0) {
                expected += Math.max(0, track.highestReported - track.intervalHighestBase);
                lost += Math.max(0, track.lastCumulativeLost - track.intervalLostBase);
                bytes += Math.max(0, track.octetsSent - track.intervalOctetsBase);
            }
            track.intervalHighestBase = track.highestReported;
            track.intervalLostBase = track.lastCumulativeLost;
            track.intervalOctetsBase = track.octetsSent;
            jitterMs = Math.max(jitterMs, track.lastJitter * 1000.0 / track.source.clockRate());
            if (!Double.isNaN(track.lastRttMs)) {
                rtt += track.lastRttMs;
                rttCount++;
            }
        }
        if (expected == 0 && bytes == 0) {
            return Optional.empty();
        }
        return Optional.of(sample(participant, MediaDirection.DOWNSTREAM, kind, start, end, expected, lost, jitterMs,
                rttCount == 0 ? null : rtt / rttCount, bytes));
    }

    private MediaQualitySample sample(Participant participant, MediaDirection direction, MediaKind kind, long start, long end,
                                      long expected, long lost, double jitterMs, Double rttMs, long bytes) {
        long packets = Math.max(expected, lost);
        double seconds = Math.max(0.001, (end - start) / 1000.0);
        return MediaQualitySample.newBuilder()
                .setMeetingId(ref.meetingId())
                .setAccountId(ref.accountId())
                .setParticipantId(participant.id.value())
                .setDirection(direction)
                .setKind(kind)
                .setIntervalStart(Instant.ofEpochMilli(start))
                .setIntervalEnd(Instant.ofEpochMilli(end))
                .setPackets(packets)
                .setPacketsLost(lost)
                .setFractionLost(packets == 0 ? 0f : (float) lost / packets)
                .setJitterMs(jitterMs)
                .setRttMs(rttMs)
                .setBitrateKbps(bytes * 8 / seconds / 1000.0)
                .build();
    }
}
