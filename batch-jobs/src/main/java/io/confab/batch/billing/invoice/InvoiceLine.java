package io.confab.batch.billing.invoice;

import java.io.Serializable;
import java.math.BigDecimal;

/** One priced line: {@code quantity} {@code unit} at {@code unitPrice}, {@code amount} rounded to cents. */
public record InvoiceLine(String description, String plan, String period, BigDecimal quantity, String unit,
                          BigDecimal unitPrice, BigDecimal amount) implements Serializable {
}
