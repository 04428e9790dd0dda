package io.confab.core.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** What main sources import, read as text, for the tests that keep a package layer to its imports. */
public final class SourceImports {

    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)(?:\\.\\*)?\\s*;", Pattern.MULTILINE);

    private SourceImports() {
    }

    /** The imported names of one source, static imports included, in order. */
    public static List<String> of(String source) {
        List<String> found = new ArrayList<>();
        Matcher matcher = IMPORT.matcher(source);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }

    /**
     * Each import of the package's sources that {@code allowed} refuses, as "File.java imports name";
     * fails when the package has fewer than {@code leastFiles} sources, so a moved package cannot pass empty.
     */
    public static List<String> refused(String pkg, Predicate<String> allowed, int leastFiles) throws IOException {
        List<Path> sources = sourcesOf(pkg);
        if (sources.size() < leastFiles) {
            throw new AssertionError("expected at least " + leastFiles + " sources in " + pkg + ", found " + sources.size());
        }
        List<String> refused = new ArrayList<>();
        for (Path source : sources) {
            for (String imported : of(Files.readString(source))) {
                if (!allowed.test(imported)) {
                    refused.add(source.getFileName() + " imports " + imported);
                }
            }
        }
        return refused;
    }

    /** The Java sources directly in a package of realtime-core's main code (run from the module's folder). */
    public static List<Path> sourcesOf(String pkg) throws IOException {
        Path dir = Path.of("src/main/java", pkg.replace('.', '/'));
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("the package " + pkg + " is missing at " + dir.toAbsolutePath());
        }
        try (Stream<Path> sources = Files.list(dir)) {
            return sources.filter(path -> path.toString().endsWith(".java")).sorted().toList();
        }
    }
}
