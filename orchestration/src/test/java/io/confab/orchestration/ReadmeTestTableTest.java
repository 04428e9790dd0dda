package io.confab.orchestration;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * README.md's test table has a row for every test class in this module and none for a class that is
 * gone (issue #19.8: two dozen were missing). The rows themselves are written by hand.
 */
class ReadmeTestTableTest {

    @Test
    void everyTestClassHasARowAndEveryRowATestClass() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        String table = readme.substring(readme.indexOf("\n## Tests"), readme.indexOf("\n## ", readme.indexOf("\n## Tests") + 1));
        List<String> rows = new java.util.ArrayList<>();
        Matcher row = Pattern.compile("(?m)^\\| `([A-Za-z0-9]+Test)`").matcher(table);
        while (row.find()) {
            rows.add(row.group(1));
        }
        List<String> classes;
        try (Stream<Path> files = Files.walk(Path.of("src/test/java"))) {
            classes = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith("Test.java"))
                    .map(n -> n.substring(0, n.length() - ".java".length())).sorted().toList();
        }
        assertEquals(List.of(), classes.stream().filter(c -> !rows.contains(c)).toList(), "test classes without a row in README.md");
        assertEquals(List.of(), rows.stream().filter(r -> !classes.contains(r)).toList(), "rows in README.md for no test class");
        assertEquals(rows.stream().distinct().count(), rows.size(), "a class with two rows: " + rows);
    }
}
