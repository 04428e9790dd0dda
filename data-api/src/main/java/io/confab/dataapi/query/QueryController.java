package io.confab.dataapi.query;

import io.confab.dataapi.auth.Caller;
import io.confab.dataapi.web.Problems;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/data/query}: read-only SQL over the caller's account's warehouse rows. Account
 * owners only: the warehouse holds every meeting, session and usage figure of the account.
 */
@RestController
@Tag(name = "analytics", description = "SQL over the Parquet warehouse (DuckDB)")
@SecurityRequirement(name = "bearer")
public class QueryController {

    /** @param sql one SELECT/WITH/EXPLAIN/DESCRIBE/SHOW/SUMMARIZE statement, @param maxRows rows returned at most (1-100000, default 10000) */
    public record QueryRequest(String sql, Integer maxRows) {
    }

    private final WarehouseSql warehouse;
    private final Timer timer;
    private final Counter refused;
    private final Counter failed;

    public QueryController(WarehouseSql warehouse, MeterRegistry meters) {
        this.warehouse = warehouse;
        this.timer = Timer.builder("confab.data.api.query.duration").description("SQL queries over the warehouse, cache sync included")
                .register(meters);
        this.refused = Counter.builder("confab.data.api.query.refused").description("Queries refused as not read-only").register(meters);
        this.failed = Counter.builder("confab.data.api.query.failed").description("Queries DuckDB failed (syntax, types, missing table)")
                .register(meters);
    }

    @PostMapping("/api/data/query")
    @Operation(summary = "Run one read-only SQL statement over the warehouse views",
            description = "Views: meetings, participant_sessions, media_quality, meeting_events, usage_daily, recordings, transcripts; "
                    + "each shows only the caller's account and has the partition column date. Writes, file access outside the "
                    + "warehouse and settings are refused (400, error REFUSED); DuckDB's errors are 400 with its message (error SQL). "
                    + "A query that reads every day of a table says so in notice.")
    public QueryAnswer query(@Parameter(hidden = true) Caller caller, @RequestBody QueryRequest request) {
        if (!caller.ownsAccount()) {
            throw Problems.forbidden("SQL over the warehouse is for the account owner; this token is " + caller.role());
        }
        int maxRows = request.maxRows() == null ? 10_000 : request.maxRows();
        if (maxRows < 1 || maxRows > 100_000) {
            throw Problems.invalid("maxRows must be between 1 and 100000, got " + maxRows);
        }
        try {
            return timer.recordCallable(() -> warehouse.run(request.sql(), caller.accountId(), maxRows));
        } catch (ReadOnlyStatement.Refused e) {
            refused.increment();
            throw Problems.problem(HttpStatus.BAD_REQUEST, "REFUSED", e.getMessage());
        } catch (WarehouseSql.Failed e) {
            failed.increment();
            throw Problems.problem(HttpStatus.BAD_REQUEST, "SQL", e.getMessage());
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
