package io.confab.batch.billing.price;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a price book from YAML. The YAML is composed into nodes (not bound to objects) so that every
 * error can name the line and the field: {@code prices.yaml line 12: plans.pro.participant-minute-tiers[1].rate:
 * expected a decimal number, got "cheap"}. Unknown keys are errors too: a misspelt key would
 * otherwise silently bill with a default.
 */
public final class PriceBookReader {

    private final String source;

    private PriceBookReader(String source) {
        this.source = source;
    }

    public static PriceBook read(Path file) {
        try {
            return parse(Files.readString(file), file.getFileName().toString());
        } catch (IOException e) {
            throw new InvalidPriceBook("cannot read price book " + file + ": " + e.getMessage());
        }
    }

    public static PriceBook parse(String yaml, String sourceName) {
        return new PriceBookReader(sourceName).book(yaml);
    }

    private PriceBook book(String yaml) {
        Node root;
        try {
            root = new Yaml(new LoaderOptions()).compose(new StringReader(yaml));
        } catch (MarkedYAMLException e) {
            throw new InvalidPriceBook(source + " line " + (e.getProblemMark().getLine() + 1) + ": not valid YAML: " + e.getProblem());
        }
        if (root == null) {
            throw new InvalidPriceBook(source + ": the price book is empty");
        }
        Map<String, Node> top = mapping(root, "(top level)", Set.of("currency", "tax-rate", "default-plan", "plans", "accounts"));
        String currency = text(required(top, root, "currency"), "currency");
        if (!currency.matches("[A-Z]{3}")) {
            throw error(top.get("currency"), "currency", "expected a three-letter ISO 4217 code such as EUR, got \"" + currency + "\"");
        }
        BigDecimal taxRate = decimal(required(top, root, "tax-rate"), "tax-rate");
        if (taxRate.compareTo(BigDecimal.ONE) > 0) {
            throw error(top.get("tax-rate"), "tax-rate", "expected a fraction between 0 and 1 (0.2 for 20%), got " + taxRate.toPlainString());
        }
        Node plansNode = required(top, root, "plans");
        Map<String, Plan> plans = new LinkedHashMap<>();
        for (Map.Entry<String, Node> entry : mapping(plansNode, "plans", null).entrySet()) {
            plans.put(entry.getKey(), plan(entry.getKey(), entry.getValue()));
        }
        if (plans.isEmpty()) {
            throw error(plansNode, "plans", "at least one plan is needed");
        }
        String defaultPlan = text(required(top, root, "default-plan"), "default-plan");
        if (!plans.containsKey(defaultPlan)) {
            throw error(top.get("default-plan"), "default-plan", "no plan named \"" + defaultPlan + "\"; plans: " + plans.keySet());
        }
        Map<String, List<PlanAssignment>> accounts = new LinkedHashMap<>();
        if (top.containsKey("accounts")) {
            for (Map.Entry<String, Node> entry : mapping(top.get("accounts"), "accounts", null).entrySet()) {
                accounts.put(entry.getKey(), assignments("accounts." + entry.getKey(), entry.getValue(), plans));
            }
        }
        return new PriceBook(currency, taxRate, defaultPlan, plans, accounts);
    }

    private Plan plan(String name, Node node) {
        String at = "plans." + name;
        Map<String, Node> fields = mapping(node, at, Set.of("monthly-fee", "included-participant-minutes",
                "participant-minute-tiers", "recording-storage-per-gb-month", "transcription-per-minute"));
        BigDecimal fee = fields.containsKey("monthly-fee") ? decimal(fields.get("monthly-fee"), at + ".monthly-fee") : BigDecimal.ZERO;
        long included = fields.containsKey("included-participant-minutes")
                ? whole(fields.get("included-participant-minutes"), at + ".included-participant-minutes") : 0;
        Node tiersNode = required(fields, node, at, "participant-minute-tiers");
        List<Tier> tiers = tiers(at + ".participant-minute-tiers", tiersNode);
        BigDecimal storage = decimal(required(fields, node, at, "recording-storage-per-gb-month"), at + ".recording-storage-per-gb-month");
        BigDecimal transcription = decimal(required(fields, node, at, "transcription-per-minute"), at + ".transcription-per-minute");
        return new Plan(name, fee, included, tiers, storage, transcription);
    }

    private List<Tier> tiers(String at, Node node) {
        if (!(node instanceof SequenceNode sequence) || sequence.getValue().isEmpty()) {
            throw error(node, at, "expected a list of tiers (- up-to: N, rate: R; the last without up-to)");
        }
        List<Tier> tiers = new ArrayList<>();
        long previous = 0;
        List<Node> items = sequence.getValue();
        for (int i = 0; i < items.size(); i++) {
            String here = at + "[" + i + "]";
            Map<String, Node> fields = mapping(items.get(i), here, Set.of("up-to", "rate"));
            BigDecimal rate = decimal(required(fields, items.get(i), here, "rate"), here + ".rate");
            Long upTo = null;
            if (fields.containsKey("up-to")) {
                upTo = whole(fields.get("up-to"), here + ".up-to");
                if (upTo <= previous) {
                    throw error(fields.get("up-to"), here + ".up-to", "tiers must rise: " + upTo + " is not above " + previous);
                }
                previous = upTo;
            } else if (i != items.size() - 1) {
                throw error(items.get(i), here + ".up-to", "only the last tier may leave up-to out");
            }
            tiers.add(new Tier(upTo, rate));
        }
        if (tiers.get(tiers.size() - 1).upTo() != null) {
            throw error(items.get(items.size() - 1), at, "the last tier must have no up-to, so that every minute has a price");
        }
        return tiers;
    }

    private List<PlanAssignment> assignments(String at, Node node, Map<String, Plan> plans) {
        if (!(node instanceof SequenceNode sequence) || sequence.getValue().isEmpty()) {
            throw error(node, at, "expected a list of assignments (- plan: NAME, from: YYYY-MM-DD)");
        }
        List<PlanAssignment> assignments = new ArrayList<>();
        List<Node> items = sequence.getValue();
        for (int i = 0; i < items.size(); i++) {
            String here = at + "[" + i + "]";
            Map<String, Node> fields = mapping(items.get(i), here, Set.of("plan", "from"));
            Node planNode = required(fields, items.get(i), here, "plan");
            String plan = text(planNode, here + ".plan");
            if (!plans.containsKey(plan)) {
                throw error(planNode, here + ".plan", "no plan named \"" + plan + "\"; plans: " + plans.keySet());
            }
            Node fromNode = required(fields, items.get(i), here, "from");
            LocalDate from;
            try {
                from = LocalDate.parse(text(fromNode, here + ".from"));
            } catch (DateTimeParseException e) {
                throw error(fromNode, here + ".from", "expected a date YYYY-MM-DD, got \"" + ((ScalarNode) fromNode).getValue() + "\"");
            }
            for (PlanAssignment earlier : assignments) {
                if (earlier.from().equals(from)) {
                    throw error(fromNode, here + ".from", "two assignments start on " + from);
                }
            }
            assignments.add(new PlanAssignment(plan, from));
        }
        return assignments;
    }

    private Map<String, Node> mapping(Node node, String at, Set<String> allowed) {
        if (!(node instanceof MappingNode map)) {
            throw error(node, at, "expected a mapping of keys to values");
        }
        Map<String, Node> fields = new LinkedHashMap<>();
        for (NodeTuple tuple : map.getValue()) {
            String key = text(tuple.getKeyNode(), at);
            if (allowed != null && !allowed.contains(key)) {
                throw error(tuple.getKeyNode(), at.equals("(top level)") ? key : at + "." + key, "unknown key; expected one of " + allowed);
            }
            if (fields.put(key, tuple.getValueNode()) != null) {
                throw error(tuple.getKeyNode(), at + "." + key, "given twice");
            }
        }
        return fields;
    }

    private Node required(Map<String, Node> fields, Node parent, String field) {
        return required(fields, parent, null, field);
    }

    private Node required(Map<String, Node> fields, Node parent, String at, String field) {
        Node node = fields.get(field);
        if (node == null) {
            throw error(parent, at == null ? field : at + "." + field, "missing");
        }
        return node;
    }

    private String text(Node node, String at) {
        if (!(node instanceof ScalarNode scalar) || scalar.getValue().isBlank()) {
            throw error(node, at, "expected a value");
        }
        return scalar.getValue().trim();
    }

    private BigDecimal decimal(Node node, String at) {
        String value = text(node, at);
        try {
            BigDecimal decimal = new BigDecimal(value);
            if (decimal.signum() < 0) {
                throw error(node, at, "must not be negative, got " + value);
            }
            return decimal;
        } catch (NumberFormatException e) {
            throw error(node, at, "expected a decimal number, got \"" + value + "\"");
        }
    }

    private long whole(Node node, String at) {
        String value = text(node, at);
        try {
            long number = Long.parseLong(value.replace("_", ""));
            if (number < 0) {
                throw error(node, at, "must not be negative, got " + value);
            }
            return number;
        } catch (NumberFormatException e) {
            throw error(node, at, "expected a whole number, got \"" + value + "\"");
        }
    }

    private InvalidPriceBook error(Node node, String field, String problem) {
        return new InvalidPriceBook(source + " line " + (node.getStartMark().getLine() + 1) + ": " + field + ": " + problem);
    }
}
