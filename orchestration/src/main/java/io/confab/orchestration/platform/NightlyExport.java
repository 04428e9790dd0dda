package io.confab.orchestration.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The warehouse export of the previous UTC day, run by {@code confab up} every night at
 * {@link #AT} (the launcher's scheduler: one thread, one child JVM per run, its output in
 * {@code logs/warehouse-export.log}, its figures in {@code metrics/warehouse-export.prom} for the
 * launcher's {@code /metrics}, see {@link BatchCli}). The last day exported is kept in
 * {@code warehouse/last-export} under the data directory; at start-up a platform that was down over
 * midnight exports every missed day (as one backfill, at most {@link #CATCH_UP_DAYS}) a minute
 * after it is up.
 *
 * <p>Ten minutes after midnight, not at midnight: a margin for the day's last records to reach the
 * topics. Meeting events come through the outbox relay within a second, quality samples at the end of
 * their interval, usage records when a presence closes (committed every 0.2 s); the slowest are final
 * transcript segments, tens of seconds after the speech on a loaded machine, minutes when the
 * transcription job restarts from a checkpoint. The usage meter's 10-minute grace is not the reason: it
 * only holds a Left that came before its Joined, which the in-order outbox does not produce. What no
 * offset covers: presences and meetings still open at the run (a meeting over midnight) are written
 * with null ends and without their usage pieces, and the run does not come back to the day
 * (batch-jobs/README.md, "time from midnight to the previous day being queryable").
 */
public final class NightlyExport implements AutoCloseable {

    public static final LocalTime AT = LocalTime.of(0, 10);
    /** media.quality keeps 7 days: an older day could no longer be exported whole. */
    static final int CATCH_UP_DAYS = 7;

    private final Installation installation;
    private final PlatformConfig config;
    private final Consumer<String> log;
    private final Clock clock;
    /** The export running now, stopped with the platform rather than left behind. */
    private volatile Process running;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "confab-nightly-export");
        thread.setDaemon(true);
        return thread;
    });

    NightlyExport(Installation installation, PlatformConfig config, Consumer<String> log, Clock clock) {
        this.installation = installation;
        this.config = config;
        this.log = log;
        this.clock = clock;
    }

    /** Schedules the nightly run and the catch-up; prints one line saying when the next run is. */
    public static NightlyExport start(Installation installation, PlatformConfig config, Consumer<String> log) {
        NightlyExport export = new NightlyExport(installation, config, log, Clock.systemUTC());
        Instant now = export.clock.instant();
        Duration untilNext = Duration.between(now, nextRun(now));
        export.scheduler.scheduleAtFixedRate(export::runDue, untilNext.toSeconds(), Duration.ofDays(1).toSeconds(), TimeUnit.SECONDS);
        export.scheduler.schedule(export::runDue, 60, TimeUnit.SECONDS);
        log.accept("warehouse  nightly export of the previous UTC day at " + AT + " UTC (next in " + untilNext.toHours() + " h "
                + untilNext.toMinutesPart() + " min); log " + config.dataDir().resolve("logs/warehouse-export.log"));
        return export;
    }

    /** The next {@link #AT} UTC after {@code now}. */
    static Instant nextRun(Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Instant todays = today.atTime(AT).toInstant(ZoneOffset.UTC);
        return now.isBefore(todays) ? todays : today.plusDays(1).atTime(AT).toInstant(ZoneOffset.UTC);
    }

    /** The days not exported yet, up to yesterday: empty when yesterday is done (or it is before {@link #AT}). */
    static Optional<LocalDate[]> due(Instant now, Optional<LocalDate> last) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        if (now.isBefore(today.atTime(AT).toInstant(ZoneOffset.UTC))) {
            today = today.minusDays(1);
        }
        LocalDate yesterday = today.minusDays(1);
        LocalDate first = last.map(day -> day.plusDays(1)).orElse(yesterday);
        if (first.isBefore(yesterday.minusDays(CATCH_UP_DAYS - 1))) {
            first = yesterday.minusDays(CATCH_UP_DAYS - 1);
        }
        return first.isAfter(yesterday) ? Optional.empty() : Optional.of(new LocalDate[] {first, yesterday});
    }

    private void runDue() {
        Path marker = config.dataDir().resolve("warehouse/last-export");
        try {
            Optional<LocalDate> last = Files.exists(marker) ? Optional.of(LocalDate.parse(Files.readString(marker).trim())) : Optional.empty();
            Optional<LocalDate[]> due = due(clock.instant(), last);
            if (due.isEmpty()) {
                return;
            }
            LocalDate from = due.get()[0];
            LocalDate to = due.get()[1];
            Path logFile = Files.createDirectories(config.dataDir().resolve("logs")).resolve("warehouse-export.log");
            ProcessBuilder builder = BatchCli.WAREHOUSE.process(installation,
                    List.of("export", "--from", from.toString(), "--to", to.toString()), config, "-Xmx1g")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            Instant started = clock.instant();
            running = builder.start();
            int exit = running.waitFor();
            if (exit == 0) {
                Files.createDirectories(marker.getParent());
                Files.writeString(marker, to + "\n");
                log.accept("warehouse  exported " + (from.equals(to) ? to : from + ".." + to) + " in "
                        + Duration.between(started, clock.instant()).toSeconds() + " s");
            } else {
                log.accept("warehouse  export of " + from + ".." + to + " failed (exit " + exit + "); see " + logFile + "; retried at the next run");
            }
        } catch (IOException | StartupFailure | RuntimeException e) {
            log.accept("warehouse  nightly export could not run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        Process export = running;
        if (export != null && export.isAlive()) {
            export.destroy();
        }
    }
}
