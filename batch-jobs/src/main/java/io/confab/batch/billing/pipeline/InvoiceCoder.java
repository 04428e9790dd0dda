package io.confab.batch.billing.pipeline;

import io.confab.batch.billing.invoice.Invoice;
import io.confab.batch.billing.invoice.InvoiceLine;
import org.apache.beam.sdk.coders.CustomCoder;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** An invoice field by field; decimals keep their scale, so an invoice decodes equal to itself. */
public final class InvoiceCoder extends CustomCoder<Invoice> {

    private static final InvoiceCoder INSTANCE = new InvoiceCoder();

    public static InvoiceCoder of() {
        return INSTANCE;
    }

    @Override
    public void encode(Invoice invoice, OutputStream out) throws IOException {
        Fields.text(invoice.accountId(), out);
        Fields.text(invoice.month(), out);
        Fields.text(invoice.currency(), out);
        Fields.small(invoice.lines().size(), out);
        for (InvoiceLine line : invoice.lines()) {
            Fields.text(line.description(), out);
            Fields.text(line.plan(), out);
            Fields.text(line.period(), out);
            Fields.decimal(line.quantity(), out);
            Fields.text(line.unit(), out);
            Fields.decimal(line.unitPrice(), out);
            Fields.decimal(line.amount(), out);
        }
        Fields.decimal(invoice.subtotal(), out);
        Fields.decimal(invoice.taxRate(), out);
        Fields.decimal(invoice.tax(), out);
        Fields.decimal(invoice.total(), out);
        // Sorted, so equal invoices encode to equal bytes.
        Map<String, Long> usage = new TreeMap<>(invoice.usage());
        Fields.small(usage.size(), out);
        for (Map.Entry<String, Long> metric : usage.entrySet()) {
            Fields.text(metric.getKey(), out);
            Fields.number(metric.getValue(), out);
        }
    }

    @Override
    public Invoice decode(InputStream in) throws IOException {
        String account = Fields.text(in);
        String month = Fields.text(in);
        String currency = Fields.text(in);
        int count = Fields.small(in);
        List<InvoiceLine> lines = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            lines.add(new InvoiceLine(Fields.text(in), Fields.text(in), Fields.text(in), Fields.decimal(in), Fields.text(in),
                    Fields.decimal(in), Fields.decimal(in)));
        }
        BigDecimal subtotal = Fields.decimal(in);
        BigDecimal taxRate = Fields.decimal(in);
        BigDecimal tax = Fields.decimal(in);
        BigDecimal total = Fields.decimal(in);
        int metrics = Fields.small(in);
        Map<String, Long> usage = new TreeMap<>();
        for (int i = 0; i < metrics; i++) {
            usage.put(Fields.text(in), Fields.number(in));
        }
        return new Invoice(account, month, currency, lines, subtotal, taxRate, tax, total, usage);
    }

    @Override
    public void verifyDeterministic() {
    }
}
