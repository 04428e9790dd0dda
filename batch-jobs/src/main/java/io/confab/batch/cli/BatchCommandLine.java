package io.confab.batch.cli;

import java.time.format.DateTimeParseException;
import java.util.function.Function;
import java.util.function.Predicate;
import picocli.CommandLine;

/**
 * How every batch command ends: exit 0 when it did its work, {@value #FAILED} when it failed, and
 * {@value #USAGE} for bad usage or configuration, each failure as one line on stderr naming the
 * command ({@code confab billing run: ...}).
 */
public final class BatchCommandLine {

    public static final int FAILED = 1;
    public static final int USAGE = 2;

    private BatchCommandLine() {
    }

    /**
     * The command line of {@code root} ({@code confab NAME}): its usage when no subcommand is given,
     * and one-line errors.
     *
     * @param usageError which exceptions a subcommand throws for bad usage or configuration: their
     *                   message alone is printed and the exit code is {@link #USAGE}; any other is
     *                   printed whole and the exit code is {@link #FAILED}
     */
    public static CommandLine of(Object root, String name, Predicate<Exception> usageError) {
        CommandLine command = new CommandLine(root);
        // The root command does nothing of its own: without a subcommand it shows what there is.
        command.setExecutionStrategy(parsed -> {
            if (parsed.hasSubcommand()) {
                return new CommandLine.RunLast().execute(parsed);
            }
            parsed.commandSpec().commandLine().usage(System.out);
            return 0;
        });
        command.setParameterExceptionHandler((e, ignored) -> {
            System.err.println("confab " + name + " " + e.getCommandLine().getCommandName() + ": " + e.getMessage());
            return USAGE;
        });
        command.setExecutionExceptionHandler((e, cmd, parsed) -> {
            boolean usage = usageError.test(e);
            System.err.println("confab " + name + " " + cmd.getCommandName() + ": " + (usage ? e.getMessage() : e));
            return usage ? USAGE : FAILED;
        });
        return command;
    }

    /**
     * An option type of java.time read by {@code parse} (a day, a month); a value it cannot read is a
     * usage error "expected {@code expected}, got '...'".
     */
    public static <T> CommandLine.ITypeConverter<T> time(Function<String, T> parse, String expected) {
        return value -> {
            try {
                return parse.apply(value);
            } catch (DateTimeParseException e) {
                throw new CommandLine.TypeConversionException("expected " + expected + ", got '" + value + "'");
            }
        };
    }
}
