package io.confab.orchestration.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Supplies a flag's value when it is not on the command line: first from the environment
 * ({@code --kafka-port} reads {@code CONFAB_KAFKA_PORT}), then from the config file
 * ({@code kafka-port=...}), else the flag's own default.
 */
final class ConfigDefaults implements CommandLine.IDefaultValueProvider {

    private final Map<String, String> environment;
    private final Properties file;

    ConfigDefaults(Map<String, String> environment, Properties file) {
        this.environment = environment;
        this.file = file;
    }

    /**
     * Reads the config file named by {@code --config} (or {@code CONFAB_CONFIG}), or
     * {@code ./confab.properties} when that exists.
     *
     * @throws IllegalArgumentException naming the file when it is given but cannot be read
     */
    static ConfigDefaults load(String[] args, Map<String, String> environment) {
        Path named = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                named = Path.of(args[i + 1]);
            } else if (args[i].startsWith("--config=")) {
                named = Path.of(args[i].substring("--config=".length()));
            }
        }
        if (named == null && environment.containsKey("CONFAB_CONFIG")) {
            named = Path.of(environment.get("CONFAB_CONFIG"));
        }
        Properties properties = new Properties();
        Path file = named != null ? named : Path.of("confab.properties");
        if (named != null && !Files.isRegularFile(named)) {
            throw new IllegalArgumentException("config file " + named + " does not exist; check --config or CONFAB_CONFIG");
        }
        if (Files.isRegularFile(file)) {
            try (var in = Files.newBufferedReader(file)) {
                properties.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read config file " + file, e);
            }
        }
        return new ConfigDefaults(environment, properties);
    }

    @Override
    public String defaultValue(ArgSpec argSpec) {
        if (!(argSpec instanceof OptionSpec option) || option.longestName().equals("--config")) {
            return null;
        }
        String key = option.longestName().replaceFirst("^--", "");
        String fromEnvironment = environment.get("CONFAB_" + key.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        if (fromEnvironment != null) {
            return fromEnvironment;
        }
        String fromFile = file.getProperty(key);
        if (fromFile != null) {
            return fromFile.trim();
        }
        return option.defaultValue();
    }

    /** Keys in the config file that name no flag: a typo there should stop start-up, not be ignored. */
    java.util.List<String> unknownKeys(CommandLine command) {
        java.util.Set<String> known = new java.util.HashSet<>();
        collect(command, known);
        return file.stringPropertyNames().stream().filter(k -> !known.contains(k)).sorted().toList();
    }

    private static void collect(CommandLine command, java.util.Set<String> known) {
        command.getCommandSpec().options().forEach(o -> known.add(o.longestName().replaceFirst("^--", "")));
        command.getSubcommands().values().forEach(sub -> collect(sub, known));
    }
}
