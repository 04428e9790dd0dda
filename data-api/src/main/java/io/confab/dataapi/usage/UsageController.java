package io.confab.dataapi.usage;

import io.confab.dataapi.DataApiConfig;
import io.confab.dataapi.auth.Caller;
import io.confab.dataapi.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Metered usage: per account and UTC day from Cassandra (what billing reads), and the live state
 * from the usage meter. Account owners and hosts see their own account's usage; participants and
 * guests do not (403); another account is 404 with the words of one that does not exist.
 */
@RestController
@Tag(name = "usage", description = "Metered usage per account and day (storage/USAGE.md), and live usage")
@SecurityRequirement(name = "bearer")
public class UsageController {

    /** The longest range one call may ask for. */
    static final int MAX_DAYS = 366;

    /**
     * One UTC day's totals, metric name to quantity in the metric's base unit: milliseconds for
     * *_MINUTES, bytes for STORAGE_BYTES, a count for PEAK_PARTICIPANTS.
     */
    public record UsageDay(String day, Map<String, Long> metrics) {
    }

    /** {@code totals} sums the days (PEAK_PARTICIPANTS: the largest day). */
    public record UsageReport(String account, String from, String to, List<UsageDay> days, Map<String, Long> totals) {
    }

    private final UsageLedger ledger;
    private final Clock clock;
    private final URI meter;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public UsageController(UsageLedger ledger, Clock clock, DataApiConfig config) {
        this.ledger = ledger;
        this.clock = clock;
        this.meter = config.usageMeter();
    }

    @GetMapping("/api/usage")
    @Operation(summary = "Usage of an account per UTC day (account owner or host; default: the caller's account, this month)")
    public UsageReport usage(@Parameter(hidden = true) Caller caller,
                             @RequestParam(required = false) String account,
                             @Parameter(description = "first day, YYYY-MM-DD (default: the first of this month)") @RequestParam(required = false) String from,
                             @Parameter(description = "last day, inclusive, YYYY-MM-DD (default: today)") @RequestParam(required = false) String to) {
        String accountId = authorize(caller, account);
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        LocalDate first = date("from", from, today.withDayOfMonth(1));
        LocalDate last = date("to", to, today);
        if (last.isBefore(first)) {
            throw Problems.invalid("to (" + last + ") is before from (" + first + ")");
        }
        if (first.plusDays(MAX_DAYS).isBefore(last.plusDays(1))) {
            throw Problems.invalid("at most " + MAX_DAYS + " days per call, got " + first + " to " + last);
        }
        List<UsageDay> days = new ArrayList<>();
        Map<String, Long> totals = new TreeMap<>();
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            Map<String, Long> metrics = ledger.day(accountId, day);
            if (!metrics.isEmpty()) {
                days.add(new UsageDay(day.toString(), metrics));
            }
            metrics.forEach((metric, quantity) -> totals.merge(metric, quantity,
                    "PEAK_PARTICIPANTS".equals(metric) ? Math::max : Long::sum));
        }
        return new UsageReport(accountId, first.toString(), last.toString(), days, totals);
    }

    @GetMapping(value = "/api/usage/live", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Live usage from the usage meter: meetings in progress, participants now, participant minutes so far today (UTC)")
    public ResponseEntity<String> live(@Parameter(hidden = true) Caller caller, @RequestParam(required = false) String account) {
        String accountId = authorize(caller, account);
        URI uri = meter.resolve("/live?account=" + URLEncoder.encode(accountId, StandardCharsets.UTF_8));
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw Problems.unavailable("the usage meter answered " + response.statusCode() + ": " + response.body());
            }
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(response.body());
        } catch (IOException e) {
            throw Problems.unavailable("the usage meter at " + meter + " is not reachable: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Problems.unavailable("interrupted");
        }
    }

    private static String authorize(Caller caller, String account) {
        String accountId = account == null || account.isBlank() ? caller.accountId() : account;
        if (!accountId.equals(caller.accountId())) {
            throw Problems.notFound("no account " + accountId + " that this token may see");
        }
        if (!caller.managesRecordings()) {
            throw Problems.forbidden("usage is for the account owner and hosts; this token is a " + caller.role());
        }
        return accountId;
    }

    private static LocalDate date(String name, String value, LocalDate fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw Problems.invalid(name + " must be a date YYYY-MM-DD, got '" + value + "'");
        }
    }
}
