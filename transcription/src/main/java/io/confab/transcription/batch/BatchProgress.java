package io.confab.transcription.batch;

import java.time.Duration;
import java.util.Optional;

/** Told about once per second of audio how far a batch transcription has come. */
@FunctionalInterface
public interface BatchProgress {
    BatchProgress NONE = (done, total) -> {
    };

    /**
     * @param done  audio transcribed so far
     * @param total the file's duration, when its container states it
     */
    void progress(Duration done, Optional<Duration> total);
}
