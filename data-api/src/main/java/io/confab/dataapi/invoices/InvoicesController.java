package io.confab.dataapi.invoices;

import io.confab.dataapi.auth.Caller;
import io.confab.dataapi.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Invoices by month, as {@code confab billing run} wrote them. Billing is the account owner's:
 * the caller's own account only, and only with an account owner's token.
 */
@RestController
@Tag(name = "invoices", description = "Monthly invoices from the billing run")
@SecurityRequirement(name = "bearer")
public class InvoicesController {

    private final InvoiceArchive archive;

    public InvoicesController(InvoiceArchive archive) {
        this.archive = archive;
    }

    @GetMapping(value = "/api/invoices", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The caller's account's invoice for a month: {\"month\", \"invoices\": [invoice]} (empty when not billed)",
            description = "An invoice has accountId, month, currency, lines (description, plan, period, quantity, unit, unitPrice, "
                    + "amount), subtotal, taxRate, tax, total and usage (metric totals in ms or bytes). Account owners only.")
    public ResponseEntity<String> invoices(@Parameter(hidden = true) Caller caller,
                                           @RequestParam @Parameter(description = "YYYY-MM") String month,
                                           @RequestParam(required = false) @Parameter(description = "defaults to the caller's account") String account) {
        YearMonth billed;
        try {
            billed = YearMonth.parse(month);
        } catch (DateTimeParseException e) {
            throw Problems.invalid("month must be YYYY-MM, got '" + month + "'");
        }
        if (!caller.ownsAccount()) {
            throw Problems.forbidden("invoices are for the account owner; this token's role is " + caller.role());
        }
        if (account != null && !account.equals(caller.accountId())) {
            throw Problems.forbidden("a token of account " + caller.accountId() + " cannot read account " + account + "'s invoices");
        }
        String invoice = archive.invoiceJson(billed, caller.accountId()).orElse(null);
        return ResponseEntity.ok("{\"month\":\"" + billed + "\",\"invoices\":[" + (invoice == null ? "" : invoice) + "]}");
    }
}
