package io.confab.batch.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A batch job's last run in the Prometheus text format, in a file the launcher serves on its own
 * {@code /metrics} (node_exporter's textfile collector does the same for cron jobs). The file is
 * replaced whole by a rename, so a scrape never reads half of it. A failed run keeps the previous
 * file's last success time: "how long since this job last worked" is the figure to alert on.
 */
public final class RunFiguresFile {

    static final String LAST_SUCCESS = "confab_batch_last_success_timestamp_seconds";

    private final Path file;

    public RunFiguresFile(Path file) {
        this.file = file;
    }

    public Path path() {
        return file;
    }

    public void write(RunFigures run) throws IOException {
        String label = "{job=\"" + run.job() + "\"}";
        StringBuilder text = new StringBuilder();
        gauge(text, "confab_batch_last_run_success", "1 when the job's last run did its work, 0 when it failed", label,
                run.succeeded() ? 1 : 0);
        gauge(text, "confab_batch_last_run_timestamp_seconds", "when the job's last run ended (Unix time)", label,
                run.finished().toEpochMilli() / 1000.0);
        gauge(text, "confab_batch_last_run_duration_seconds", "how long the job's last run took", label,
                run.took().toMillis() / 1000.0);
        OptionalLong lastSuccess = run.succeeded() ? OptionalLong.of(run.finished().toEpochMilli()) : previousSuccessMillis();
        if (lastSuccess.isPresent()) {
            gauge(text, LAST_SUCCESS, "when the job last ended with success (Unix time)", label, lastSuccess.getAsLong() / 1000.0);
        }
        if (run.recordsRead().isPresent()) {
            gauge(text, "confab_batch_last_run_records_read", "Kafka records the job's last successful run read", label,
                    run.recordsRead().getAsLong());
        }
        if (run.rowsWritten().isPresent()) {
            gauge(text, "confab_batch_last_run_rows_written",
                    "what the job's last successful run wrote: Parquet rows (warehouse_export), invoices (billing_run)", label,
                    run.rowsWritten().getAsLong());
        }
        if (run.deadLetters().isPresent()) {
            gauge(text, "confab_batch_last_run_dead_letters",
                    "input records the job's last successful run refused (written with their reasons beside its output)", label,
                    run.deadLetters().getAsLong());
        }
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path partial = Files.createTempFile(directory, "." + file.getFileName(), ".partial");
        try {
            Files.writeString(partial, text, StandardCharsets.UTF_8);
            try {
                Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** The last success time the file holds now, if it holds one (a job that never succeeded has none). */
    private OptionalLong previousSuccessMillis() throws IOException {
        if (!Files.isRegularFile(file)) {
            return OptionalLong.empty();
        }
        Matcher sample = Pattern.compile("(?m)^" + LAST_SUCCESS + "\\{[^}]*} (\\S+)$").matcher(Files.readString(file));
        if (!sample.find()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Math.round(Double.parseDouble(sample.group(1)) * 1000));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private static void gauge(StringBuilder text, String name, String help, String labels, double value) {
        text.append("# HELP ").append(name).append(' ').append(help).append('\n')
                .append("# TYPE ").append(name).append(" gauge\n")
                .append(name).append(labels).append(' ').append(format(value)).append('\n');
    }

    private static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%.3f", value);
    }
}
