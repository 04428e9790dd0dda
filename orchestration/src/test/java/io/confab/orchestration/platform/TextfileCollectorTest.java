package io.confab.orchestration.platform;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The batch jobs' figure files (in the format batch-jobs' RunFiguresFile writes) on the launcher's scrape. */
class TextfileCollectorTest {

    private static String run(String job, int success, long rows) {
        return """
                # HELP confab_batch_last_run_success 1 when the job's last run did its work, 0 when it failed
                # TYPE confab_batch_last_run_success gauge
                confab_batch_last_run_success{job="%s"} %d
                # HELP confab_batch_last_run_rows_written what the job's last successful run wrote
                # TYPE confab_batch_last_run_rows_written gauge
                confab_batch_last_run_rows_written{job="%s"} %d
                """.formatted(job, success, job, rows);
    }

    @Test
    void eachJobsLastRunIsServedBesideTheLaunchersOwnMeters(@TempDir Path data) throws Exception {
        Path dir = Files.createDirectories(data.resolve("metrics"));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.getPrometheusRegistry().register(new TextfileCollector(dir));
        assertFalse(registry.scrape().contains("confab_batch"), "no file, no series");
        assertFalse(registry.scrape().contains("confab_textfile_scrape_error"), "no file, no error gauge");

        Files.writeString(dir.resolve("warehouse-export.prom"), run("warehouse_export", 1, 39_000));
        Files.writeString(dir.resolve("billing-run.prom"), run("billing_run", 0, 12));
        Files.writeString(dir.resolve("notes.txt"), "not a metrics file");
        String scrape = registry.scrape();
        assertTrue(scrape.contains("confab_batch_last_run_success{job=\"warehouse_export\"} 1.0"), scrape);
        assertTrue(scrape.contains("confab_batch_last_run_success{job=\"billing_run\"} 0.0"), scrape);
        assertTrue(scrape.contains("confab_batch_last_run_rows_written{job=\"warehouse_export\"} 39000.0"), scrape);
        assertEquals(1, scrape.split("# TYPE confab_batch_last_run_success gauge", -1).length - 1, "one family for both jobs: " + scrape);
        assertTrue(scrape.contains("# HELP confab_batch_last_run_success 1 when the job's last run did its work"), scrape);
        assertTrue(scrape.contains("confab_textfile_scrape_error{file=\"billing-run.prom\"} 0.0"), scrape);
        assertFalse(scrape.contains("notes.txt"), "only *.prom files are read");

        Files.writeString(dir.resolve("warehouse-export.prom"), run("warehouse_export", 1, 40_000));
        assertTrue(registry.scrape().contains("confab_batch_last_run_rows_written{job=\"warehouse_export\"} 40000.0"),
                "read again at each scrape");
    }

    @Test
    void aFileThatDoesNotParseIsLeftOutWholeAndFlagged(@TempDir Path dir) throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.getPrometheusRegistry().register(new TextfileCollector(dir));
        Files.writeString(dir.resolve("billing-run.prom"), run("billing_run", 1, 12));
        Files.writeString(dir.resolve("broken.prom"), "# TYPE confab_x gauge\nconfab_x{job=\"a\"} 1\nconfab_x{job=\"b\" 2\n");
        Files.writeString(dir.resolve("same-series.prom"), run("billing_run", 0, 1));
        String scrape = registry.scrape();
        assertTrue(scrape.contains("confab_textfile_scrape_error{file=\"broken.prom\"} 1.0"), scrape);
        assertTrue(scrape.contains("confab_textfile_scrape_error{file=\"same-series.prom\"} 1.0"), scrape);
        assertFalse(scrape.contains("confab_x"), "nothing of the broken file, not even its good line: " + scrape);
        assertTrue(scrape.contains("confab_batch_last_run_success{job=\"billing_run\"} 1.0"), "the good file still served: " + scrape);
    }

    @Test
    void whyAFileIsLeftOutIsLoggedOncePerVersionNamingTheFileAndTheLine(@TempDir Path dir) throws Exception {
        List<String> warnings = new ArrayList<>();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.getPrometheusRegistry().register(new TextfileCollector(dir, warnings::add));
        Path broken = dir.resolve("broken.prom");
        String unclosedLabels = "# TYPE confab_x gauge\nconfab_x{job=\"a\"} 1\nconfab_x{job=\"b\" 2\n";
        write(broken, unclosedLabels, 1);
        registry.scrape();
        registry.scrape();
        registry.scrape();
        assertEquals(1, warnings.size(), "once, not at every scrape: " + warnings);
        assertTrue(warnings.get(0).contains(broken.toString()) && warnings.get(0).contains("line 3"), warnings.get(0));

        write(broken, "# TYPE confab_x gauge\nconfab_x{job=\"a\"} many\n", 2);
        registry.scrape();
        registry.scrape();
        assertEquals(2, warnings.size(), "a new failure is logged: " + warnings);
        assertTrue(warnings.get(1).contains("line 2: not a number: many"), warnings.get(1));

        write(broken, "# TYPE confab_x gauge\nconfab_x{job=\"a\"} many\n", 3);
        registry.scrape();
        assertEquals(3, warnings.size(), "the same failure in a file written again (the job ran again) is logged: " + warnings);

        write(broken, run("billing_run", 1, 12), 4);
        registry.scrape();
        write(broken, unclosedLabels, 5);
        registry.scrape();
        assertEquals(4, warnings.size(), "nothing while the file parsed, then its failure again: " + warnings);
    }

    /** Writes {@code text} with a modification time of its own, as a job writing the file again gives it. */
    private static void write(Path file, String text, int version) throws Exception {
        Files.writeString(file, text);
        Files.setLastModifiedTime(file, FileTime.fromMillis(1_700_000_000_000L + version * 60_000L));
    }

    @Test
    void onlyGaugesWithTheirTypeDeclaredParse() {
        IllegalArgumentException counter = assertThrows(IllegalArgumentException.class,
                () -> TextfileCollector.parse("# TYPE confab_runs_total counter\nconfab_runs_total 3\n"));
        assertTrue(counter.getMessage().contains("only gauges"), counter.getMessage());
        IllegalArgumentException untyped = assertThrows(IllegalArgumentException.class, () -> TextfileCollector.parse("confab_y 3\n"));
        assertTrue(untyped.getMessage().contains("has no '# TYPE ... gauge'"), untyped.getMessage());
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> TextfileCollector.parse("# TYPE confab_y gauge\nconfab_y{job=\"a,b\",kind=\"q\\\"x\"} many\n"));
        assertTrue(nan.getMessage().contains("not a number: many"), nan.getMessage());
        var families = TextfileCollector.parse("# TYPE confab_y gauge\nconfab_y{job=\"a,b\",kind=\"q\\\"x\"} 2 1700000000000\n");
        assertEquals(1, families.get("confab_y").samples.size());
        assertEquals("q\"x", families.get("confab_y").samples.keySet().iterator().next().get("kind"));
    }

    @Test
    void labelValuesAreUnescapedInOnePassAsTheTextFormatEscapesThem() {
        // C:\new is written C:\\new: an escaped backslash, then an n, not a line feed.
        var families = TextfileCollector.parse("# TYPE confab_y gauge\n"
                + "confab_y{path=\"C:\\\\new\",said=\"a \\\"b\\\"\\nc\",odd=\"\\\\\\\\\\t\"} 1\n");
        var labels = families.get("confab_y").samples.keySet().iterator().next();
        assertEquals("C:\\new", labels.get("path"));
        assertEquals("a \"b\"\nc", labels.get("said"));
        assertEquals("\\\\\\t", labels.get("odd"), "two escaped backslashes, then an escape the format has not, kept as written");
    }

    @Test
    void onlyJobRunsGetAFiguresFile() {
        assertEquals("billing-run.prom", BatchCli.BILLING.figuresFile("run"));
        assertEquals("warehouse-export.prom", BatchCli.WAREHOUSE.figuresFile("export"));
        assertNull(BatchCli.BILLING.figuresFile("report"));
        assertNull(BatchCli.WAREHOUSE.figuresFile("bench"));
    }
}
