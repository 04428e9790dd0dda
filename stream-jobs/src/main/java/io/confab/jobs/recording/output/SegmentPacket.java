package io.confab.jobs.recording.output;

/** One encoded packet of a segment's stream, timestamps in the stream's time base from the recording's start. */
public record SegmentPacket(String stream, long pts, long dts, boolean keyFrame, byte[] data) { }
