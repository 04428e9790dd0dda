package io.confab.dataapi.webhooks;

import java.util.Map;

/** Sends one POST to a webhook's URL; the transport under {@link WebhookDispatcher}. */
public interface WebhookSender {

    /** What came back: a status, or why there was none. */
    record Outcome(Integer status, String error) {
        public boolean delivered() {
            return status != null && status >= 200 && status < 300;
        }
    }

    /** Never throws for network trouble: a timeout or refused connection is an {@link Outcome} with an error. */
    Outcome post(String url, Map<String, String> headers, String body);
}
