package io.confab.dataapi.recordings;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link RecordingCatalog#sweep()} every {@code interval} on one thread of its own. Sweeps
 * never overlap (fixed delay), and a failed sweep is logged and tried again at the next one.
 */
public final class RetentionSweep implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionSweep.class);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "retention-sweep");
        thread.setDaemon(true);
        return thread;
    });

    public RetentionSweep(RecordingCatalog catalog, Duration interval, MeterRegistry meters) {
        Timer duration = Timer.builder("confab.data.api.retention.sweep")
                .description("Time of one retention sweep over every account with a retention policy")
                .register(meters);
        timer.scheduleWithFixedDelay(() -> {
            try {
                int deleted = duration.recordCallable(catalog::sweep);
                if (deleted > 0) {
                    LOG.info("retention: deleted {} recording(s) past their account's retention", deleted);
                }
            } catch (Exception e) {
                LOG.warn("retention sweep failed; next try in {} s: {}", interval.toSeconds(), e.toString());
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
