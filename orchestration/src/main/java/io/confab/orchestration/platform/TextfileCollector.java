package io.confab.orchestration.platform;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The batch jobs' last runs on the launcher's {@code /metrics}: every {@code *.prom} file in
 * {@code data/metrics/} (written by {@code warehouse export} and {@code billing run} at the end of
 * each run, see batch-jobs' {@code RunFiguresFile}) read at each scrape, as node_exporter's textfile
 * collector does for cron jobs. Gauges only, which is all the jobs write; a file that does not parse
 * as such is left out whole and {@code confab_textfile_scrape_error{file}} says so (1), so a broken
 * file never breaks the launcher's scrape. Of two files holding the same series, the first by name is
 * served and the other flagged. Why a file was left out (its name and line) is logged at WARN once
 * for each failure of each version of the file, not at every scrape: Prometheus scrapes every 15 s.
 */
final class TextfileCollector implements MultiCollector {

    /** Where the launcher asks the batch jobs to write, under the data directory. */
    static final String DIRECTORY = "metrics";

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    /** {@code name{label="value",...} value [timestamp]}; the labels are read by {@link #LABEL}. */
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)(?:\\s+-?\\d+)?");
    /** One {@code label="value"}, the value with the text format's escapes ({@code \\}, {@code \"}, {@code \n}) still in it. */
    private static final Pattern LABEL = Pattern.compile("\\s*([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"\\s*(,|$)");

    private static final Logger LOG = LoggerFactory.getLogger(TextfileCollector.class);

    private final Path directory;
    private final Consumer<String> warnings;
    /** Per file left out, the failure last logged and the file's modification time then. */
    private final Map<String, String> logged = new ConcurrentHashMap<>();

    TextfileCollector(Path directory) {
        this(directory, LOG::warn);
    }

    /** @param warnings where the reasons files are left out go (the log; a test's list) */
    TextfileCollector(Path directory, Consumer<String> warnings) {
        this.directory = directory;
        this.warnings = warnings;
    }

    static Path directoryOf(PlatformConfig config) {
        return config.dataDir().resolve(DIRECTORY);
    }

    @Override
    public MetricSnapshots collect() {
        Map<String, Family> families = new TreeMap<>();
        Map<String, Boolean> files = new TreeMap<>();
        for (Path file : files()) {
            String name = file.getFileName().toString();
            try {
                Map<String, Family> parsed = parse(Files.readString(file, StandardCharsets.UTF_8));
                merge(families, parsed);
                files.put(name, true);
                logged.remove(name);
            } catch (IOException | IllegalArgumentException e) {
                files.put(name, false);
                leftOut(file, e);
            }
        }
        logged.keySet().retainAll(files.keySet());
        List<MetricSnapshot> snapshots = new ArrayList<>();
        families.forEach((name, family) -> snapshots.add(family.snapshot(name)));
        if (!files.isEmpty()) {
            GaugeSnapshot.Builder errors = GaugeSnapshot.builder().name("confab_textfile_scrape_error")
                    .help("1 when a file in the data directory's metrics/ could not be read as Prometheus gauges (it is left out), else 0");
            files.forEach((file, ok) -> errors.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                    .labels(Labels.of("file", file)).value(ok ? 0 : 1).build()));
            snapshots.add(errors.build());
        }
        return new MetricSnapshots(snapshots);
    }

    /** Logs why {@code file} is left out, unless this failure of this version of it was logged already. */
    private void leftOut(Path file, Exception failure) {
        String name = file.getFileName().toString();
        String reason = failure instanceof IOException ? "cannot be read: " + failure : failure.getMessage();
        String version;
        try {
            version = Files.getLastModifiedTime(file).toString();
        } catch (IOException gone) {
            version = "gone";
        }
        if (!(version + " " + reason).equals(logged.put(name, version + " " + reason))) {
            warnings.accept("metrics file " + file + " is left out of the launcher's /metrics"
                    + " (confab_textfile_scrape_error 1): " + reason);
        }
    }

    private List<Path> files() {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return files;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, "*.prom")) {
            stream.forEach(files::add);
        } catch (IOException e) {
            // The directory went away between the check and the listing: nothing to serve this time.
        }
        // By name, so that of two files holding the same series the same one wins at every scrape.
        files.sort(null);
        return files;
    }

    /** One file's gauge families; a line that is not a gauge's help, type or sample fails the whole file. */
    static Map<String, Family> parse(String text) {
        Map<String, Family> families = new LinkedHashMap<>();
        int number = 0;
        for (String line : text.split("\n")) {
            number++;
            String trimmed = line.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (trimmed.startsWith("# HELP ") || trimmed.startsWith("# TYPE ")) {
                String[] parts = trimmed.substring(7).split(" ", 2);
                requireName(parts[0], number);
                Family family = families.computeIfAbsent(parts[0], n -> new Family());
                if (trimmed.startsWith("# HELP ")) {
                    family.help = parts.length > 1 ? parts[1] : "";
                } else if (parts.length < 2 || !parts[1].strip().equals("gauge")) {
                    throw new IllegalArgumentException("line " + number + ": only gauges are served, not " + trimmed);
                } else {
                    family.typed = true;
                }
                continue;
            }
            if (trimmed.startsWith("#")) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(trimmed);
            if (!sample.matches()) {
                throw new IllegalArgumentException("line " + number + ": not a sample: " + trimmed);
            }
            Family family = families.get(sample.group(1));
            if (family == null || !family.typed) {
                throw new IllegalArgumentException("line " + number + ": " + sample.group(1) + " has no '# TYPE ... gauge' before it");
            }
            double value;
            try {
                value = Double.parseDouble(sample.group(3).replace("+Inf", "Infinity").replace("-Inf", "-Infinity"));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("line " + number + ": not a number: " + sample.group(3));
            }
            Labels labels = labels(sample.group(2), number);
            if (family.samples.put(labels, value) != null) {
                throw new IllegalArgumentException("line " + number + ": " + sample.group(1) + labels + " twice");
            }
        }
        return families;
    }

    private static Labels labels(String text, int number) {
        if (text == null || text.isBlank()) {
            return Labels.EMPTY;
        }
        List<String> names = new ArrayList<>();
        List<String> values = new ArrayList<>();
        Matcher label = LABEL.matcher(text);
        int at = 0;
        while (at < text.length() && label.find(at) && label.start() == at) {
            names.add(label.group(1));
            values.add(unescape(label.group(2)));
            at = label.end();
        }
        if (at != text.length()) {
            throw new IllegalArgumentException("line " + number + ": labels that do not parse: {" + text + "}");
        }
        return Labels.of(names, values);
    }

    /**
     * A label value as the text format escapes it: {@code \\} a backslash, {@code \"} a quote,
     * {@code \n} a line feed, read in one pass (an escaped backslash before an n is a backslash and
     * an n, not a line feed); any other escape is kept as written.
     */
    static String unescape(String escaped) {
        if (escaped.indexOf('\\') < 0) {
            return escaped;
        }
        StringBuilder value = new StringBuilder(escaped.length());
        for (int i = 0; i < escaped.length(); i++) {
            char c = escaped.charAt(i);
            if (c != '\\' || i + 1 == escaped.length()) {
                value.append(c);
                continue;
            }
            char next = escaped.charAt(++i);
            switch (next) {
                case '\\', '"' -> value.append(next);
                case 'n' -> value.append('\n');
                default -> value.append(c).append(next);
            }
        }
        return value.toString();
    }

    private static void requireName(String name, int number) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("line " + number + ": not a metric name: " + name);
        }
    }

    /** Several files may hold one family (every job writes confab_batch_last_run_success); a series only once. */
    private static void merge(Map<String, Family> into, Map<String, Family> parsed) {
        for (Map.Entry<String, Family> family : parsed.entrySet()) {
            Family existing = into.get(family.getKey());
            if (existing != null) {
                Set<Labels> overlap = new HashSet<>(existing.samples.keySet());
                overlap.retainAll(family.getValue().samples.keySet());
                if (!overlap.isEmpty()) {
                    throw new IllegalArgumentException(family.getKey() + overlap + " is in another file too");
                }
            }
        }
        parsed.forEach((name, family) -> into.merge(name, family, (a, b) -> {
            a.samples.putAll(b.samples);
            if (a.help.isEmpty()) {
                a.help = b.help;
            }
            return a;
        }));
    }

    /** A gauge family as read: its help and its series. */
    static final class Family {
        String help = "";
        boolean typed;
        final Map<Labels, Double> samples = new LinkedHashMap<>();

        GaugeSnapshot snapshot(String name) {
            GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name(name).help(help.isEmpty() ? null : help);
            samples.forEach((labels, value) -> gauge.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                    .labels(labels).value(value).build()));
            return gauge.build();
        }
    }
}
