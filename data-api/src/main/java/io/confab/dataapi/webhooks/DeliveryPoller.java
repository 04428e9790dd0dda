package io.confab.dataapi.webhooks;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link WebhookDispatcher#attemptDue()} every {@code interval} on one thread (fixed delay, so
 * passes never overlap and a delivery is never attempted twice at once). Attempts run one after
 * another: a slow endpoint (up to the 10 s timeout) delays the others' attempts by that much.
 */
public final class DeliveryPoller implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryPoller.class);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "webhook-deliveries");
        thread.setDaemon(true);
        return thread;
    });

    public DeliveryPoller(WebhookDispatcher dispatcher, Duration interval) {
        timer.scheduleWithFixedDelay(() -> {
            try {
                dispatcher.attemptDue();
            } catch (RuntimeException e) {
                LOG.warn("webhook delivery pass failed; next pass in {} ms: {}", interval.toMillis(), e.toString());
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
