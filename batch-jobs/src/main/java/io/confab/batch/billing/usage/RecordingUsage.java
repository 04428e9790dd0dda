package io.confab.batch.billing.usage;

import io.confab.storage.usage.DaySplit;

import java.util.ArrayList;
import java.util.List;

/**
 * USAGE.md RECORDING_MINUTES and STORAGE_BYTES for the files of one recording: every file's bytes on
 * the day it was created; the MP4's duration, or the M4A's when the recording has no MP4
 * (audio-only), on the day that file was created.
 */
public final class RecordingUsage {

    private RecordingUsage() {
    }

    public static List<DailyUsage> of(List<ArtifactFact> files) {
        List<DailyUsage> usage = new ArrayList<>();
        boolean hasMp4 = files.stream().anyMatch(file -> file.kind().equals("MP4"));
        String timed = hasMp4 ? "MP4" : "M4A";
        for (ArtifactFact file : files) {
            usage.add(new DailyUsage(file.accountId(), DaySplit.dayOf(file.createdAt()), Metric.STORAGE_BYTES, file.sizeBytes()));
            if (file.kind().equals(timed) && file.durationMs() != null) {
                usage.add(new DailyUsage(file.accountId(), DaySplit.dayOf(file.createdAt()), Metric.RECORDING_MINUTES, file.durationMs()));
            }
        }
        return usage;
    }
}
