package io.confab.orchestration.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.confab.orchestration.demo.Demo;
import io.confab.orchestration.demo.DemoSummary;
import io.confab.orchestration.demo.RecordingFiles;
import io.confab.orchestration.platform.Platform;
import io.confab.orchestration.platform.PlatformState;
import io.confab.orchestration.platform.WebServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code confab demo}: a scripted meeting end to end with bot participants on the running platform.
 * {@code --json} prints one object for scripts: {@code {"meetingId", "participants": [{"name",
 * "received": {"audioPackets", "videoPackets", "videoFramesDecoded", "fromParticipants"}}], ...}};
 * {@code "recordings": [{"id", "durationSeconds", "files": [{"kind", "url"}]}]} (kind: mp4, m4a,
 * mp4-360p, poster, thumbnail, chat, timeline, track; url: a link valid for a day);
 * {@code "usage"}: the demo account's metered usage this month as GET /api/usage answers it
 * ({@code {"account", "from", "to", "days": [{"day", "metrics"}], "totals": {METRIC: quantity}}}, quantities in
 * milliseconds, bytes or counts); {@code "warehouse"}: the demo account's rows per warehouse table on the demo day
 * after the export of that day ran ({@code {"meetings": n, "participant_sessions": n, ...}}, null when the export failed);
 * {@code "quality"}: each bot's mean MOS (E-model) by name; {@code "transcript"}; {@code "invoice"}: the demo account's
 * invoice for the month so far as {@code confab billing preview} prices it from the metered usage in Cassandra
 * ({@code {"accountId", "month", "currency", "lines": [{"description", "plan", "period", "quantity", "unit",
 * "unitPrice", "amount"}], "subtotal", "taxRate", "tax", "total", "usage": {METRIC: quantity}}}, null when it failed).
 * Fields are never renamed or removed.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run a scripted meeting on the running platform: three bots speak known sentences in turn",
                "over test-pattern video, the meeting is recorded and then ended, and what happened is printed."})
final class DemoCommand implements Callable<Integer> {

    private static final FlagRange SECONDS = new FlagRange("--seconds", 10, 3600, "");

    @Mixin
    ProcessContext context;

    /** The warehouse export of the demo day in its own JVM; its output goes to standard error, beside the demo's progress. */
    private boolean exportDay(io.confab.orchestration.platform.PlatformConfig config, java.time.LocalDate day) {
        try {
            Process export = io.confab.orchestration.platform.BatchCli.WAREHOUSE.process(new io.confab.orchestration.platform.Installation(context.home()),
                    java.util.List.of("export", "--date", day.toString()), config, "-Xmx1g").redirectErrorStream(true).start();
            export.getInputStream().transferTo(System.err);
            return export.waitFor() == 0;
        } catch (Exception e) {
            System.err.println("confab demo: the warehouse export did not run: " + e.getMessage());
            return false;
        }
    }

    /**
     * The billing CLI's preview in its own JVM: the month so far priced by batch-jobs' Pricing, not a
     * billing run (that would rewrite every account's invoices of the month and take a minute).
     */
    private com.fasterxml.jackson.databind.JsonNode invoicePreview(io.confab.orchestration.platform.PlatformConfig config, String account,
                                                                   java.time.YearMonth month) {
        try {
            String out = BillingCommand.billingOutput(new io.confab.orchestration.platform.Installation(context.home()), config,
                    java.util.List.of("preview", "--month", month.toString(), "--account", account, "--json"));
            return out == null ? null : new ObjectMapper().readTree(out);
        } catch (Exception e) {
            System.err.println("confab demo: the invoice preview did not run: " + e.getMessage());
            return null;
        }
    }

    @Mixin
    PlatformOptions options;

    @Option(names = "--seconds", defaultValue = "60", description = "How long the meeting runs (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--json", description = "Print one JSON object for scripts instead of a summary.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (SECONDS.refuses("demo", seconds)) {
            return ConfabCommand.USAGE;
        }
        Optional<PlatformState> state = PlatformState.read(options.dataDir());
        if (state.isEmpty() || !state.get().ready()) {
            System.err.println("confab demo: no running platform in " + options.dataDir() + "; start one with ./confab up");
            return ConfabCommand.FAILED;
        }
        Platform platform = Platform.describe(state.get().config());
        String web = platform.web().address();
        Path work = Files.createDirectories(options.dataDir().resolve("demo"));
        var s3 = state.get().config().s3();
        RecordingFiles files = new RecordingFiles(new RecordingFiles.Access(platform.kafka().address(), platform.kafka().login(), platform.s3().address(),
                s3.region(), s3.accessKey(), s3.secretKey()));
        Demo.Result result = new Demo(new Demo.Options(web, seconds, work, line -> System.err.println(line), files,
                WebServer.operatorKey(options.dataDir()), day -> exportDay(state.get().config(), day),
                (account, month) -> invoicePreview(state.get().config(), account, month))).run();
        if (json) {
            System.out.println(new ObjectMapper().writeValueAsString(result));
        } else {
            DemoSummary.lines(result, options.dataDir()).forEach(System.out::println);
        }
        boolean everyoneHeard = result.participants().stream()
                .allMatch(p -> p.received().fromParticipants().size() == result.participants().size() - 1);
        return everyoneHeard ? 0 : ConfabCommand.FAILED;
    }
}
