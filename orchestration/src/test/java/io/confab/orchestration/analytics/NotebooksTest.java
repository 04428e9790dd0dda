package io.confab.orchestration.analytics;

import io.confab.orchestration.Cli;
import io.confab.orchestration.SharedPlatform;
import io.confab.orchestration.recordings.RecordingFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The notebooks in notebooks/ executed headless ({@code jupyter nbconvert --execute}) against the
 * shared platform filled with a generated week of three accounts' meetings (metered by the
 * platform's usage meter), exported to the warehouse with {@code confab warehouse export}: every
 * cell runs and every figure is written.
 */
@ExtendWith(SharedPlatform.class)
class NotebooksTest {

    /** A week no other test writes (WarehouseExportTest uses 13 to 10 days ago, WarehouseQueryTest the last three). */
    private static final LocalDate FIRST = LocalDate.now(ZoneOffset.UTC).minusDays(20);
    private static final List<String> NOTEBOOKS = List.of("usage.ipynb", "call-quality.ipynb");
    private static final List<String> FIGURES = List.of("meetings-per-day", "minutes-by-account", "recording-storage-growth",
            "loss-and-jitter", "mos-per-meeting");

    private RecordingFixtures fixtures;

    @BeforeEach
    void connect(SharedPlatform.Running running) {
        fixtures = new RecordingFixtures(running);
    }

    @AfterEach
    void disconnect() {
        fixtures.close();
    }

    @Test
    void notebooksRunAgainstAGeneratedWeekAndWriteTheirFigures() throws Exception {
        List<RecordingFixtures.Account> owners = List.of(fixtures.signUp("NotebookA"), fixtures.signUp("NotebookB"), fixtures.signUp("NotebookC"));
        List<LocalDate> week = FIRST.datesUntil(FIRST.plusDays(7)).toList();
        GeneratedMeetings.Expected expected = GeneratedMeetings.produce(fixtures.platform.kafka().address(),
                owners.stream().map(RecordingFixtures.Account::accountId).toList(), week, 23);
        for (RecordingFixtures.Account owner : owners) {
            GeneratedMeetings.awaitMetered(fixtures, owner, expected, week);
        }
        Cli.Result export = Cli.run(Duration.ofMinutes(4), "warehouse", "export", "--from", week.get(0).toString(),
                "--to", week.get(6).toString(), "--data-dir", fixtures.platform.config().dataDir().toString());
        assertEquals(0, export.exitCode(), export.out() + export.err());

        Path out = Files.createDirectories(Path.of("target/notebooks").toAbsolutePath());
        Path figures = out.resolve("figures");
        for (String figure : FIGURES) {
            Files.deleteIfExists(figures.resolve(figure + ".png"));
        }
        List<String> command = new ArrayList<>(List.of("jupyter", "nbconvert", "--to", "notebook", "--execute",
                "--ExecutePreprocessor.timeout=300", "--output-dir", out.toString()));
        NOTEBOOKS.forEach(notebook -> command.add(SharedPlatform.HOME.resolve("notebooks").resolve(notebook).toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.resolve("nbconvert.log").toFile());
        builder.environment().put("CONFAB_URL", fixtures.web);
        builder.environment().put("CONFAB_TOKENS", owners.stream().map(RecordingFixtures.Account::token).collect(Collectors.joining(",")));
        builder.environment().put("CONFAB_FIGURES", figures.toString());
        Process nbconvert = builder.start();
        assertTrue(nbconvert.waitFor(8, TimeUnit.MINUTES), "nbconvert did not finish in 8 minutes");
        assertEquals(0, nbconvert.exitValue(), Files.readString(out.resolve("nbconvert.log")));

        for (String figure : FIGURES) {
            Path png = figures.resolve(figure + ".png");
            assertTrue(Files.isRegularFile(png) && Files.size(png) > 5_000, figure + ".png was not written: " + Files.readString(out.resolve("nbconvert.log")));
        }
        // The executed notebook shows the week's meetings per day, as generated.
        String usage = Files.readString(out.resolve("usage.ipynb"));
        long total = expected.meetings.values().stream().flatMap(days -> days.values().stream()).mapToLong(Long::longValue).sum();
        assertTrue(total > 0 && usage.contains(week.get(0).toString()), "the usage notebook's output names the first day");
        // The call-quality notebook's MOS per meeting comes from the exported mos column: its table
        // names the generated meetings.
        String quality = Files.readString(out.resolve("call-quality.ipynb"));
        assertTrue(expected.meetingIds.stream().anyMatch(quality::contains), "the call-quality notebook's MOS table names a generated meeting");
    }
}
