package io.confab.batch.billing.price;

import java.io.Serializable;
import java.math.BigDecimal;

/**
 * One step of a plan's participant-minute ladder: billable minutes (those beyond the included ones)
 * up to {@code upTo} cost {@code rate} each; the last tier has no bound ({@code upTo} null).
 */
public record Tier(Long upTo, BigDecimal rate) implements Serializable {
}
