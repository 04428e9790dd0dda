package io.confab.dataapi.webhooks;

import java.util.List;

/** The event types a webhook can subscribe to. */
public final class WebhookEvents {

    /** A recording's every file is in S3 and its rows are written: the mixer published its timeline. */
    public static final String RECORDING_COMPLETED = "recording.completed";

    public static final List<String> ALL = List.of(RECORDING_COMPLETED);

    private WebhookEvents() {
    }
}
