package io.confab.core.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * realtime-core's settings as text in three layers, each overriding the one before: the reference
 * file in the jar ({@value #REFERENCE}, the only source of defaults), the operator's file named by
 * {@code --config=FILE}, and {@code --key=value} arguments. A key the reference does not list is
 * refused in every layer.
 *
 * <p>The typed getters turn a value into what the code uses and add one problem per bad value, naming
 * the key where it was set, the value and what is allowed; {@code CoreConfig} collects them all and
 * refuses start-up once. Asking for a key the reference lacks is a programming error and throws, so a
 * new setting cannot ship without its reference entry; {@link #unread()} finds the reverse.
 */
public final class Settings {

    /** The reference file's name on the classpath. */
    public static final String REFERENCE = "realtime-core.reference.properties";
    /** The flag naming the operator's file; not a setting itself. */
    public static final String CONFIG_FLAG = "config";

    private final Map<String, String> reference;
    private final Map<String, String> values;
    private final Map<String, String> origins = new LinkedHashMap<>();
    private final Set<String> read = new HashSet<>();
    private final List<String> problems = new ArrayList<>();

    private Settings(Map<String, String> reference) {
        this.reference = reference;
        this.values = new LinkedHashMap<>(reference);
    }

    /** The reference, then the file of {@code --config=FILE} if given, then the other {@code --key=value} arguments. */
    public static Settings of(String[] args) {
        Settings settings = new Settings(reference());
        List<String[]> flags = new ArrayList<>();
        Path file = null;
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0) {
                settings.problems.add("argument '" + arg + "' is not --key=value");
                continue;
            }
            String key = arg.substring(2, eq);
            String value = arg.substring(eq + 1);
            if (key.equals(CONFIG_FLAG)) {
                file = Path.of(value);
            } else {
                flags.add(new String[] {key, value});
            }
        }
        if (file != null) {
            settings.overrideFrom(file);
        }
        for (String[] flag : flags) {
            settings.override(flag[0], flag[1], "--" + flag[0], "unknown key --" + flag[0]);
        }
        return settings;
    }

    /** Every key of the reference file, in its order. */
    public static List<String> referenceKeys() {
        return List.copyOf(reference().keySet());
    }

    /** The reference file as it is, comments and all: realtime-core's {@code --help}. */
    public static String referenceText() {
        try (InputStream in = open()) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + REFERENCE + " from realtime-core's jar", e);
        }
    }

    private static InputStream open() {
        InputStream in = Settings.class.getClassLoader().getResourceAsStream(REFERENCE);
        if (in == null) {
            throw new IllegalStateException(REFERENCE + " is missing from realtime-core's jar");
        }
        return in;
    }

    private void overrideFrom(Path file) {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            properties.load(in);
        } catch (IOException | IllegalArgumentException e) {
            problems.add("--config " + file + " cannot be read: " + e.getMessage());
            return;
        }
        properties.stringPropertyNames().stream().sorted().forEach(key -> override(key, properties.getProperty(key).strip(),
                key + " (in " + file + ")", "unknown key '" + key + "' in " + file + " (" + REFERENCE + " lists every key)"));
    }

    private void override(String key, String value, String origin, String unknown) {
        if (!reference.containsKey(key)) {
            problems.add(unknown);
            return;
        }
        values.put(key, value);
        origins.put(key, origin);
    }

    /** How a problem names {@code key}: as the flag or as the file line that set it. */
    public String name(String key) {
        return origins.getOrDefault(key, key + " (in " + REFERENCE + ")");
    }

    /** Reports a problem with {@code key} that only the caller can see (two keys that disagree, a file that cannot be read). */
    public void problem(String key, String what) {
        problems.add(name(key) + " " + what);
    }

    /** Every problem found so far, one sentence each. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** Reference keys no getter asked for: each is a setting that does nothing. */
    public Set<String> unread() {
        Set<String> unread = new java.util.TreeSet<>(reference.keySet());
        unread.removeAll(read);
        return unread;
    }

    /** The value as given, possibly empty. */
    public String text(String key) {
        if (!reference.containsKey(key)) {
            throw new IllegalStateException("setting '" + key + "' has no entry in " + REFERENCE
                    + "; add it there with its default, unit and why");
        }
        read.add(key);
        return values.get(key);
    }

    /** The value, or null when it is empty ("not set"). */
    public String optional(String key) {
        String value = text(key).strip();
        return value.isEmpty() ? null : value;
    }

    /** The value as a path, or null when it is empty. */
    public Path path(String key) {
        String value = optional(key);
        return value == null ? null : Path.of(value);
    }

    public int integer(String key, int min, int max) {
        return (int) number(key, min, max);
    }

    public long number(String key, long min, long max) {
        return within(key, Long::parseLong, n -> n >= min && n <= max, min,
                "a whole number from " + min + " to " + max);
    }

    public double decimal(String key, double min, double max) {
        return within(key, Double::parseDouble, n -> n >= min && n <= max, min,
                "a number from " + plain(min) + " to " + plain(max));
    }

    /** The value parsed, if it parses and is allowed; else {@code min}, with a problem saying what is allowed. */
    private <N> N within(String key, Function<String, N> parse, Predicate<N> allowed, N min, String what) {
        String value = text(key).strip();
        try {
            N number = parse.apply(value);
            if (allowed.test(number)) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below, with what is allowed
        }
        problems.add(name(key) + " must be " + what + ", got '" + value + "'");
        return min;
    }

    public Duration seconds(String key, long min, long max) {
        return Duration.ofSeconds(number(key, min, max));
    }

    public boolean bool(String key) {
        String value = text(key).strip().toLowerCase(Locale.ROOT);
        if (!value.equals("true") && !value.equals("false")) {
            problems.add(name(key) + " must be true or false, got '" + text(key) + "'");
        }
        return value.equals("true");
    }

    public String choice(String key, List<String> allowed) {
        String value = text(key).strip();
        if (!allowed.contains(value)) {
            problems.add(name(key) + " must be one of " + String.join(", ", allowed) + ", got '" + value + "'");
            return allowed.get(0);
        }
        return value;
    }

    private static String plain(double number) {
        return number == Math.rint(number) ? Long.toString((long) number) : Double.toString(number);
    }

    private static Map<String, String> reference() {
        Map<String, String> ordered = new LinkedHashMap<>();
        // Properties forgets the order; a subclass that sees each put keeps it for listing the keys.
        Properties properties = new Properties() {
            @Override
            public synchronized Object put(Object key, Object value) {
                ordered.put((String) key, ((String) value).strip());
                return super.put(key, value);
            }
        };
        try (InputStream in = open()) {
            properties.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + REFERENCE + " from realtime-core's jar", e);
        }
        return ordered;
    }
}
