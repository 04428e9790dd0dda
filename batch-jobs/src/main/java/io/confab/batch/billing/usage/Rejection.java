package io.confab.batch.billing.usage;

import java.io.Serializable;

/** A record the rules cannot meter, with the topic it came from and why (USAGE.md "Inputs"). */
public record Rejection(String topic, String reason) implements Serializable {
}
