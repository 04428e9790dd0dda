package io.confab.batch.billing.invoice;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * One account's bill for one month. {@code usage} is the month's totals per metric in base units
 * (ms, bytes; the peak is the month's highest day), shown beside the lines.
 */
public record Invoice(String accountId, String month, String currency, List<InvoiceLine> lines, BigDecimal subtotal,
                      BigDecimal taxRate, BigDecimal tax, BigDecimal total, Map<String, Long> usage) implements Serializable {

    public Invoice {
        lines = List.copyOf(lines);
        usage = Map.copyOf(usage);
    }
}
