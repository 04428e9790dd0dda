package io.confab.dataapi.invoices;

import java.time.YearMonth;
import java.util.Optional;

/** The invoices the billing run wrote, as JSON. */
public interface InvoiceArchive {

    /** The account's invoice JSON for the month; empty when the month is not billed or the account had no usage. */
    Optional<String> invoiceJson(YearMonth month, String accountId);
}
