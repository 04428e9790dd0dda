package io.confab.batch.billing.invoice;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.List;

/** Invoices as the files finance reads: JSON (also read back by {@code billing report}), CSV and one HTML report. */
public final class InvoiceFormats {

    public static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private InvoiceFormats() {
    }

    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Invoice invoice(String json) {
        try {
            return JSON.readValue(json, Invoice.class);
        } catch (IOException e) {
            throw new UncheckedIOException("not an invoice: " + e.getMessage(), e);
        }
    }

    public static String csv(Invoice invoice) {
        StringBuilder out = new StringBuilder("account,month,description,plan,period,quantity,unit,unit_price,amount,currency\n");
        for (InvoiceLine line : invoice.lines()) {
            out.append(String.join(",", cell(invoice.accountId()), invoice.month(), cell(line.description()), cell(line.plan()),
                    line.period(), plain(line.quantity()), line.unit(), plain(line.unitPrice()), plain(line.amount()),
                    invoice.currency())).append('\n');
        }
        String prefix = cell(invoice.accountId()) + "," + invoice.month() + ",";
        out.append(prefix).append("Subtotal,,,,,,").append(plain(invoice.subtotal())).append(',').append(invoice.currency()).append('\n');
        out.append(prefix).append("Tax,,,").append(plain(invoice.taxRate())).append(",rate,,").append(plain(invoice.tax()))
                .append(',').append(invoice.currency()).append('\n');
        out.append(prefix).append("Total,,,,,,").append(plain(invoice.total())).append(',').append(invoice.currency()).append('\n');
        return out.toString();
    }

    /** The month's report: one table per account, then the run's counts (events, duplicates, rejections). */
    public static String html(String month, List<Invoice> invoices, RunSummary summary) {
        StringBuilder out = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Confab billing ")
                .append(month).append("</title>\n<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:2em}"
                        + "td,th{border:1px solid #ccc;padding:4px 8px}td.n{text-align:right}</style></head><body>\n<h1>Confab billing, ")
                .append(month).append("</h1>\n");
        if (invoices.isEmpty()) {
            out.append("<p>No metered usage this month: no invoices.</p>\n");
        }
        for (Invoice invoice : invoices) {
            out.append("<h2>").append(escape(invoice.accountId())).append("</h2>\n<table><tr><th>line</th><th>plan</th><th>period</th>"
                    + "<th>quantity</th><th>unit</th><th>unit price</th><th>amount</th></tr>\n");
            for (InvoiceLine line : invoice.lines()) {
                out.append("<tr><td>").append(escape(line.description())).append("</td><td>").append(escape(line.plan()))
                        .append("</td><td>").append(line.period()).append("</td><td class=n>").append(plain(line.quantity()))
                        .append("</td><td>").append(line.unit()).append("</td><td class=n>").append(plain(line.unitPrice()))
                        .append("</td><td class=n>").append(plain(line.amount())).append("</td></tr>\n");
            }
            out.append("<tr><th colspan=6>Subtotal</th><td class=n>").append(plain(invoice.subtotal())).append("</td></tr>\n")
                    .append("<tr><th colspan=6>Tax ").append(plain(invoice.taxRate())).append("</th><td class=n>").append(plain(invoice.tax()))
                    .append("</td></tr>\n<tr><th colspan=6>Total ").append(invoice.currency()).append("</th><td class=n>")
                    .append(plain(invoice.total())).append("</td></tr>\n</table>\n");
        }
        out.append("<h2>Run</h2>\n<pre>").append(escape(json(summary))).append("</pre>\n</body></html>\n");
        return out.toString();
    }

    private static String plain(BigDecimal value) {
        return value.toPlainString();
    }

    private static String cell(String value) {
        return value.contains(",") || value.contains("\"") ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }

    private static String escape(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
