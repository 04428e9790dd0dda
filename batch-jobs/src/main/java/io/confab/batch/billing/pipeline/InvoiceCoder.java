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
        Fields.TEXT.encode(invoice.accountId(), out);
        Fields.TEXT.encode(invoice.month(), out);
        Fields.TEXT.encode(invoice.currency(), out);
        Fields.SMALL.encode(invoice.lines().size(), out);
        for (InvoiceLine line : invoice.lines()) {
            Fields.TEXT.encode(line.description(), out);
            Fields.TEXT.encode(line.plan(), out);
            Fields.TEXT.encode(line.period(), out);
            Fields.DECIMAL.encode(line.quantity(), out);
            Fields.TEXT.encode(line.unit(), out);
            Fields.DECIMAL.encode(line.unitPrice(), out);
            Fields.DECIMAL.encode(line.amount(), out);
        }
        Fields.DECIMAL.encode(invoice.subtotal(), out);
        Fields.DECIMAL.encode(invoice.taxRate(), out);
        Fields.DECIMAL.encode(invoice.tax(), out);
        Fields.DECIMAL.encode(invoice.total(), out);
        // Sorted, so equal invoices encode to equal bytes.
        Map<String, Long> usage = new TreeMap<>(invoice.usage());
        Fields.SMALL.encode(usage.size(), out);
        for (Map.Entry<String, Long> metric : usage.entrySet()) {
            Fields.TEXT.encode(metric.getKey(), out);
            Fields.NUMBER.encode(metric.getValue(), out);
        }
    }

    @Override
    public Invoice decode(InputStream in) throws IOException {
        String account = Fields.TEXT.decode(in);
        String month = Fields.TEXT.decode(in);
        String currency = Fields.TEXT.decode(in);
        int count = Fields.SMALL.decode(in);
        List<InvoiceLine> lines = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            lines.add(new InvoiceLine(Fields.TEXT.decode(in), Fields.TEXT.decode(in), Fields.TEXT.decode(in),
                    Fields.DECIMAL.decode(in), Fields.TEXT.decode(in), Fields.DECIMAL.decode(in), Fields.DECIMAL.decode(in)));
        }
        BigDecimal subtotal = Fields.DECIMAL.decode(in);
        BigDecimal taxRate = Fields.DECIMAL.decode(in);
        BigDecimal tax = Fields.DECIMAL.decode(in);
        BigDecimal total = Fields.DECIMAL.decode(in);
        int metrics = Fields.SMALL.decode(in);
        Map<String, Long> usage = new TreeMap<>();
        for (int i = 0; i < metrics; i++) {
            usage.put(Fields.TEXT.decode(in), Fields.NUMBER.decode(in));
        }
        return new Invoice(account, month, currency, lines, subtotal, taxRate, tax, total, usage);
    }

    @Override
    public void verifyDeterministic() {
    }
}
