package io.confab.orchestration.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.confab.orchestration.platform.Component;
import io.confab.orchestration.platform.Health;
import io.confab.orchestration.platform.Platform;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/** {@code confab status}: every component, its address, healthy or not; exit 1 if any is not. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Check every component of the platform by speaking its protocol.",
                "Exits 0 when all are healthy, 1 otherwise. --json prints {\"components\": [{\"name\", \"address\", \"healthy\", ...}]}",
                "(\"metrics\": the Prometheus address, for components that have one; \"metricsTargets\": every one of",
                "its processes; \"launcher\": {\"metrics\"}: the launcher's own)."})
final class StatusCommand implements Callable<Integer> {

    @Mixin
    PlatformOptions options;

    @Option(names = "--json", description = "Print the status as one JSON object for scripts.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Platform platform = Platform.describe(options.runningOrGiven());
        List<Component> components = platform.components();
        List<CompletableFuture<Health>> checks = components.stream()
                .map(c -> CompletableFuture.supplyAsync(c::check)).toList();
        List<Health> health = checks.stream().map(CompletableFuture::join).toList();
        boolean allHealthy = health.stream().allMatch(Health::healthy);

        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode root = mapper.createObjectNode();
            ArrayNode array = root.putArray("components");
            for (int i = 0; i < components.size(); i++) {
                ObjectNode node = array.addObject();
                node.put("name", components.get(i).name());
                node.put("address", components.get(i).address());
                node.put("healthy", health.get(i).healthy());
                node.put("embedded", components.get(i).embedded());
                node.put("detail", health.get(i).detail());
                if (components.get(i).metricsAddress() != null) {
                    node.put("metrics", components.get(i).metricsAddress());
                    ArrayNode targets = node.putArray("metricsTargets");
                    components.get(i).metricsAddresses().forEach(targets::add);
                }
            }
            root.putObject("launcher").put("metrics", platform.metricsAddress());
            System.out.println(mapper.writeValueAsString(root));
        } else {
            List<Row> rows = new java.util.ArrayList<>();
            for (int i = 0; i < components.size(); i++) {
                rows.add(new Row(components.get(i).name(), components.get(i).address(),
                        health.get(i).healthy() ? "healthy" : "UNHEALTHY", health.get(i).detail()));
            }
            aligned(rows).forEach(System.out::println);
        }
        return allHealthy ? 0 : ConfabCommand.FAILED;
    }

    /** One component's line of the table: name, address, health, detail. */
    record Row(String name, String address, String health, String detail) {
    }

    /**
     * The rows as lines whose columns line up: each column as wide as its widest cell (TURN's address,
     * with its two transports, is wider than the others').
     */
    static List<String> aligned(List<Row> rows) {
        String format = "%-" + widest(rows, Row::name) + "s  %-" + widest(rows, Row::address) + "s  %-"
                + widest(rows, Row::health) + "s  %s";
        return rows.stream().map(row -> String.format(Locale.ROOT, format, row.name(), row.address(), row.health(), row.detail())
                .stripTrailing()).toList();
    }

    /** The width of a column: its widest cell, at least one (a format's width cannot be 0). */
    private static int widest(List<Row> rows, java.util.function.Function<Row, String> cell) {
        return Math.max(1, rows.stream().mapToInt(row -> cell.apply(row).length()).max().orElse(0));
    }
}
