package io.confab.orchestration.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code confab query "SQL"}: read-only SQL over the warehouse, run by data-api's embedded DuckDB
 * ({@code POST /api/data/query}). The CLI does not embed DuckDB: data-api holds the S3 cache of the
 * Parquet files and the account rules, so the terminal, notebooks and the web all get the same answer.
 */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = {"Run one read-only SQL statement over the Parquet warehouse (DuckDB in data-api).",
                "Views: meetings, participant_sessions, media_quality, meeting_events, usage_daily, recordings, transcripts;",
                "each has the partition column date (UTC). Account owners only; rows of your account.",
                "Exits 1 with DuckDB's message when the statement fails or the reason when it is refused (not read-only)."})
final class QueryCommand extends PostMeetingApiCommand {

    @Parameters(paramLabel = "SQL", description = "One SELECT, WITH, EXPLAIN, DESCRIBE, SHOW or SUMMARIZE statement.")
    String sql;

    @Option(names = "--format", defaultValue = "table", description = "table, csv or json (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--max-rows", defaultValue = "10000", description = "Rows returned at most (default: ${DEFAULT-VALUE}).")
    int maxRows;

    @Option(names = "--timeout-seconds", defaultValue = "3600", description = "Give up after this long (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Override
    int callApi() throws Exception {
        if (!List.of("table", "csv", "json").contains(format)) {
            System.err.println("confab query: --format must be table, csv or json, got '" + format + "'");
            return ConfabCommand.USAGE;
        }
        JsonNode answer;
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "query-progress");
            t.setDaemon(true);
            return t;
        });
        long start = System.nanoTime();
        // Progress on stderr while a long query runs, so stdout stays the result alone.
        ticker.scheduleAtFixedRate(() -> System.err.printf(Locale.ROOT, "confab query: running, %d s%n",
                (System.nanoTime() - start) / 1_000_000_000L), 5, 5, TimeUnit.SECONDS);
        try {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("sql", sql);
            body.put("maxRows", maxRows);
            answer = access.client().send("POST", "/api/data/query", body, Duration.ofSeconds(timeoutSeconds));
        } finally {
            ticker.shutdownNow();
        }
        if (answer.hasNonNull("notice")) {
            System.err.println("confab query: " + answer.get("notice").asText());
        }
        switch (format) {
            case "json" -> System.out.println(new ObjectMapper().writeValueAsString(answer));
            case "csv" -> printCsv(answer);
            default -> printTable(answer);
        }
        if (answer.path("truncated").asBoolean()) {
            System.err.println("confab query: cut at " + answer.path("rowCount").asInt() + " rows; raise --max-rows or aggregate");
        }
        return 0;
    }

    private static List<String> names(JsonNode answer) {
        List<String> names = new ArrayList<>();
        answer.path("columns").forEach(c -> names.add(c.path("name").asText()));
        return names;
    }

    private static String text(JsonNode value) {
        return value == null || value.isNull() ? "" : value.isValueNode() ? value.asText() : value.toString();
    }

    static void printCsv(JsonNode answer) {
        System.out.println(String.join(",", names(answer).stream().map(QueryCommand::csv).toList()));
        for (JsonNode row : answer.path("rows")) {
            List<String> cells = new ArrayList<>();
            row.forEach(v -> cells.add(v.isNull() ? "" : csv(text(v))));
            System.out.println(String.join(",", cells));
        }
    }

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }

    static void printTable(JsonNode answer) {
        List<String> names = names(answer);
        int[] width = names.stream().mapToInt(String::length).toArray();
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode row : answer.path("rows")) {
            List<String> cells = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                String cell = row.get(i).isNull() ? "NULL" : text(row.get(i));
                width[i] = Math.max(width[i], cell.length());
                cells.add(cell);
            }
            rows.add(cells);
        }
        StringBuilder rule = new StringBuilder();
        for (int w : width) {
            rule.append('+').append("-".repeat(w + 2));
        }
        rule.append('+');
        System.out.println(rule);
        System.out.println(line(names, width));
        System.out.println(rule);
        rows.forEach(r -> System.out.println(line(r, width)));
        System.out.println(rule);
        System.out.printf(Locale.ROOT, "%d row%s (%d ms)%n", rows.size(), rows.size() == 1 ? "" : "s", answer.path("elapsedMs").asLong());
    }

    private static String line(List<String> cells, int[] width) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            b.append("| ").append(cells.get(i)).append(" ".repeat(width[i] - cells.get(i).length())).append(' ');
        }
        return b.append('|').toString();
    }
}
