package io.confab.orchestration.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.confab.orchestration.platform.Platform;
import io.confab.orchestration.platform.PlatformState;
import io.confab.orchestration.recordings.RecordingsClient;
import io.confab.storage.s3.S3Layout;
import io.confab.storage.warehouse.WarehouseTable;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code confab bench query}: the platform's SQL path against bare duckdb_jdbc on the same files.
 *
 * <pre>
 * generate N participant_sessions rows (DuckDB, one Parquet file per day, storage's column names)
 *   ─▶ upload to the running platform's S3 at the warehouse keys, for a fresh benchmark account
 *   ─▶ one query through POST /api/data/query to fill data-api's cache
 *   ─▶ alternate: the query through data-api (what confab query sends) | the same SQL in bare DuckDB
 *      here, over data-api's cache files, same threads ─▶ medians, ratio, rows/s per core
 * </pre>
 */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = {"SQL through data-api (what 'confab query' does) against bare duckdb_jdbc on the same local Parquet files.",
                "Needs a running platform ('./confab up'); writes a generated participant_sessions table for a new account into its S3."})
final class QueryBench implements Callable<Integer> {

    @Mixin
    PlatformOptions options;

    @Option(names = "--rows", defaultValue = "10000000", description = "Rows of participant_sessions to generate (default: ${DEFAULT-VALUE}).")
    long rows;

    @Option(names = "--days", defaultValue = "10", description = "Days (Parquet partitions) they spread over (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--runs", defaultValue = "5", description = "Timed runs of each path (default: ${DEFAULT-VALUE}).")
    int runs;

    @Mixin
    BenchFigures output;

    static final String SQL = "SELECT role, count(*) AS sessions, sum(duration_ms) AS ms, avg(duration_ms) AS mean_ms, "
            + "count(DISTINCT meeting_id) AS meetings FROM participant_sessions GROUP BY role ORDER BY role";

    @Override
    public Integer call() throws Exception {
        if (rows < days || days < 1 || runs < 1) {
            System.err.println("confab bench query: needs --days >= 1, --rows >= --days, --runs >= 1");
            return ConfabCommand.USAGE;
        }
        Optional<PlatformState> state = PlatformState.read(options.dataDir());
        if (state.isEmpty() || !state.get().ready()) {
            System.err.println("confab bench query: no running platform in " + options.dataDir() + "; start one with './confab up'");
            return ConfabCommand.FAILED;
        }
        Platform platform = Platform.describe(state.get().config());
        String web = platform.web().address();
        ObjectMapper mapper = new ObjectMapper();
        HttpClient http = HttpClient.newHttpClient();
        String email = "bench-" + UUID.randomUUID() + "@example.com";
        http.send(HttpRequest.newBuilder(URI.create(web + "/api/auth/signup"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(mapper.writeValueAsString(
                        Map.of("email", email, "password", "a long passphrase", "displayName", "Bench")))).build(),
                HttpResponse.BodyHandlers.ofString());
        // Sign-up answers alike for free and taken emails; the session comes from signing in.
        HttpResponse<String> signup = http.send(HttpRequest.newBuilder(URI.create(web + "/api/auth/signin"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(mapper.writeValueAsString(
                        Map.of("email", email, "password", "a long passphrase")))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (signup.statusCode() != 200) {
            System.err.println("confab bench query: sign-up answered " + signup.statusCode() + ": " + signup.body());
            return ConfabCommand.FAILED;
        }
        JsonNode user = mapper.readTree(signup.body());
        String token = user.path("token").asText();
        String account = user.path("user").path("accountId").asText();

        Path scratch = Files.createTempDirectory("confab-bench-query");
        long generateStart = System.nanoTime();
        long bytes = 0;
        LocalDate first = LocalDate.now(ZoneOffset.UTC).minusDays(days);
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement();
             S3Client s3 = platform.s3().client()) {
            long perDay = rows / days;
            for (int d = 0; d < days; d++) {
                LocalDate day = first.plusDays(d);
                long n = d == days - 1 ? rows - perDay * (days - 1) : perDay;
                Path file = scratch.resolve(day + ".parquet");
                // Columns and types of storage's ParticipantSessionRow, in its order.
                s.execute("COPY (SELECT '" + account + "' AS account_id, 'm' || (i % 50000) AS meeting_id, 'p' || i AS participant_id, "
                        + "CASE WHEN i % 5 = 0 THEN NULL ELSE 'u' || (i % 100000) END AS user_id, 'Person ' || (i % 1000) AS display_name, "
                        + "CASE WHEN i % 9 = 0 THEN 'HOST' WHEN i % 13 = 0 THEN 'GUEST' ELSE 'PARTICIPANT' END AS role, 'chrome' AS client, "
                        + "TIMESTAMP '" + day + "' + to_milliseconds(i % 86400000) AS joined_at, "
                        + "TIMESTAMP '" + day + "' + to_milliseconds(i % 86400000 + 60000 + (i * 7919) % 3600000) AS left_at, "
                        + "'LEFT' AS leave_reason, 60000 + (i * 7919) % 3600000 AS duration_ms FROM range(" + n + ") t(i)) TO '"
                        + file + "' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 1000000)");
                bytes += Files.size(file);
                String key = S3Layout.warehouseFile(WarehouseTable.PARTICIPANT_SESSIONS, day, "bench-" + account);
                s3.putObject(b -> b.bucket(platform.config().s3().bucket()).key(key), RequestBody.fromFile(file));
                Files.delete(file);
                System.err.printf(Locale.ROOT, "generated and uploaded %s: %,d rows (%d/%d)%n", day, n, d + 1, days);
            }
        }
        double generateSeconds = (System.nanoTime() - generateStart) / 1e9;

        RecordingsClient client = RecordingsClient.withToken(web, token);
        Map<String, Object> body = Map.of("sql", SQL);
        long fillStart = System.nanoTime();
        JsonNode platformAnswer = client.send("POST", "/api/data/query", body, Duration.ofHours(1));
        double fillSeconds = (System.nanoTime() - fillStart) / 1e9;
        System.err.printf(Locale.ROOT, "first query (fills data-api's cache): %.2f s%n", fillSeconds);

        Path cacheFiles = state.get().config().dataDir().resolve("data-api/warehouse-cache/warehouse/participant_sessions");
        String glob = cacheFiles.toAbsolutePath() + "/*/*.parquet";
        int threads = Runtime.getRuntime().availableProcessors();
        List<Double> viaPlatform = new ArrayList<>();
        List<Double> bare = new ArrayList<>();
        String bareAnswer = null;
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement()) {
            s.execute("SET threads = " + threads);
            s.execute("CREATE VIEW participant_sessions AS SELECT * FROM read_parquet('" + glob + "', hive_partitioning = true, "
                    + "union_by_name = true) WHERE account_id = '" + account + "'");
            for (int r = 0; r < runs; r++) {
                long t0 = System.nanoTime();
                platformAnswer = client.send("POST", "/api/data/query", body, Duration.ofHours(1));
                viaPlatform.add((System.nanoTime() - t0) / 1e9);
                long t1 = System.nanoTime();
                StringBuilder answer = new StringBuilder();
                try (ResultSet rs = s.executeQuery(SQL)) {
                    while (rs.next()) {
                        answer.append(rs.getString(1)).append(',').append(rs.getLong(2)).append(';');
                    }
                }
                bare.add((System.nanoTime() - t1) / 1e9);
                bareAnswer = answer.toString();
                System.err.printf(Locale.ROOT, "run %d/%d: platform %.3f s, bare duckdb_jdbc %.3f s%n", r + 1, runs,
                        viaPlatform.get(r), bare.get(r));
            }
        }
        StringBuilder platformRows = new StringBuilder();
        platformAnswer.path("rows").forEach(row -> platformRows.append(row.get(0).asText()).append(',').append(row.get(1).asLong()).append(';'));
        if (!platformRows.toString().equals(bareAnswer)) {
            System.err.println("confab bench query: the two paths disagree: platform " + platformRows + " vs bare " + bareAnswer);
            return ConfabCommand.FAILED;
        }
        double platformMedian = median(viaPlatform);
        double bareMedian = median(bare);
        ObjectNode figures = mapper.createObjectNode();
        figures.put("rows", rows);
        figures.put("days", days);
        figures.put("parquetBytes", bytes);
        figures.put("cores", threads);
        figures.put("generateAndUploadSeconds", round(generateSeconds));
        figures.put("firstQuerySeconds", round(fillSeconds));
        figures.put("platformMedianSeconds", round(platformMedian));
        figures.put("bareDuckdbMedianSeconds", round(bareMedian));
        figures.put("platformSpeedOfBare", round(bareMedian / platformMedian));
        figures.put("platformRowsPerSecondPerCore", Math.round(rows / platformMedian / threads));
        figures.put("bareRowsPerSecondPerCore", Math.round(rows / bareMedian / threads));
        figures.put("sql", SQL);
        if (output.json) {
            System.out.println(mapper.writeValueAsString(figures));
        } else {
            System.out.printf(Locale.ROOT, "participant_sessions: %,d rows in %d daily files, %.1f MB Parquet (zstd), %d cores%n", rows, days,
                    bytes / 1e6, threads);
            System.out.printf(Locale.ROOT, "platform (POST /api/data/query, as confab query): median %.3f s over %d runs, %,d rows/s per core%n",
                    platformMedian, runs, figures.get("platformRowsPerSecondPerCore").asLong());
            System.out.printf(Locale.ROOT, "bare duckdb_jdbc on the same files:              median %.3f s, %,d rows/s per core%n", bareMedian,
                    figures.get("bareRowsPerSecondPerCore").asLong());
            System.out.printf(Locale.ROOT, "platform at %.2f of bare speed; first query (cache fill) %.2f s%n", bareMedian / platformMedian, fillSeconds);
        }
        return 0;
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
