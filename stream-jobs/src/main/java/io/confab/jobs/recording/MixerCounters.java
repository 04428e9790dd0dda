package io.confab.jobs.recording;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * The recording mixer's counters, exported through Flink's metric system (and so by its
 * Prometheus reporter when one is configured): every packet and event is counted where it ends.
 */
public final class MixerCounters {
    public final Counter packets;
    public final Counter packetsUndecodable;
    public final Counter packetsOutsideWindow;
    public final Counter packetsHeld;
    public final Counter packetsHeldExpired;
    public final Counter events;
    public final Counter eventsUndecodable;
    public final Counter eventsIgnored;
    public final Counter recordingsStarted;
    /** Rendered and handed to the {@link RecordingFinisher} (which counts recordings_finalized). */
    public final Counter recordingsHandedOver;
    public final Counter recordingsFailed;
    public final Counter recordingsIdleTimedOut;
    public final Counter engineRebuilds;
    /** What the engines did with the packets, summed over this subtask's recordings. */
    public final io.confab.jobs.track.TrackCounters tracks = new io.confab.jobs.track.TrackCounters();

    public MixerCounters(MetricGroup group) {
        MetricGroup g = group.addGroup("confab_recording");
        packets = g.counter("packets");
        packetsUndecodable = g.counter("packets_undecodable");
        packetsOutsideWindow = g.counter("packets_outside_window");
        packetsHeld = g.counter("packets_held_for_window");
        packetsHeldExpired = g.counter("packets_held_expired");
        events = g.counter("events");
        eventsUndecodable = g.counter("events_undecodable");
        eventsIgnored = g.counter("events_ignored");
        recordingsStarted = g.counter("recordings_started");
        recordingsHandedOver = g.counter("recordings_handed_over");
        recordingsFailed = g.counter("recordings_failed");
        recordingsIdleTimedOut = g.counter("recordings_idle_timed_out");
        engineRebuilds = g.counter("engine_rebuilds");
        g.gauge("packets_duplicate", () -> tracks.duplicates);
        g.gauge("packets_late", () -> tracks.late);
        g.gauge("packets_lost", () -> tracks.lost);
        g.gauge("packets_overflow", () -> tracks.overflow);
        g.gauge("payloads_undecodable", () -> tracks.undecodable);
        g.gauge("audio_samples_concealed", () -> tracks.concealedSamples);
        g.gauge("video_frames_decoded", () -> tracks.framesDecoded);
        g.gauge("video_frames_dropped", () -> tracks.framesDropped);
        g.gauge("packets_unsupported_codec", () -> tracks.unsupportedCodec);
        g.gauge("codec_changes", () -> tracks.codecChanges);
    }
}
