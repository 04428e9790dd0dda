package io.confab.orchestration.cli;

import io.confab.orchestration.cds.ClassDataArchives;
import io.confab.orchestration.platform.ServerProcess;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The {@code confab} command and its subcommands. Exit codes: 0 ok, 1 failure or unhealthy, 2 bad usage. */
@Command(name = "confab", mixinStandardHelpOptions = true, version = "confab 0.1.0",
        description = "Confab: video meetings on a streaming and batch data platform.",
        subcommands = {UpCommand.class, StatusCommand.class, DownCommand.class, BenchCommand.class, TurnCommand.class, BotCommand.class, DemoCommand.class,
                RecordingsCommand.class, BillingCommand.class, QueryCommand.class, QualityCommand.class, WarehouseCommand.class,
                TranscriptCommand.class, TranscriptsCommand.class, TranscribeCommand.class,
                CommandLine.HelpCommand.class})
public final class ConfabCommand implements Runnable {

    static final int FAILED = 1;
    static final int USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /**
     * Runs the command line; never throws. Bad usage (unknown flag, bad value, bad config file) is
     * one line on standard error naming the problem and exit code 2.
     */
    public static int run(String[] args, Map<String, String> environment) {
        CommandLine command = new CommandLine(new ConfabCommand());
        Path home = Path.of(environment.getOrDefault("CONFAB_HOME", ".")).toAbsolutePath().normalize();
        ConfabContext context = new ConfabContext(home, args, environment);
        giveContext(command, context);
        ConfigDefaults defaults;
        try {
            defaults = ConfigDefaults.load(args, environment);
            ServerProcess.useClassData(ClassDataArchives.fromEnvironment(environment));
        } catch (RuntimeException e) {
            System.err.println("confab: " + e.getMessage());
            return USAGE;
        }
        List<String> unknown = defaults.unknownKeys(command);
        if (!unknown.isEmpty()) {
            System.err.println("confab: unknown key(s) in the config file: " + String.join(", ", unknown)
                    + "; keys are flag names without '--', see 'confab up --help'");
            return USAGE;
        }
        command.setDefaultValueProvider(defaults);
        command.setParameterExceptionHandler((e, ignored) -> {
            String name = e.getCommandLine().getCommandName();
            String path = name.equals("confab") ? "confab" : "confab " + name;
            System.err.println(path + ": " + e.getMessage() + "; see '" + path + " --help'");
            return USAGE;
        });
        command.setExecutionExceptionHandler((e, cmd, parsed) -> {
            System.err.println("confab: " + e.getMessage());
            return FAILED;
        });
        return command.execute(args);
    }

    private static void giveContext(CommandLine command, ConfabContext context) {
        command.getSubcommands().values().forEach(sub -> {
            giveToMixins(sub.getCommandSpec(), context);
            if (sub.getCommand() instanceof UsesContext uses) {
                uses.context(context);
            }
            giveContext(sub, context);
        });
    }

    /** A mixin may hold mixins of its own, so the walk goes down them too. */
    private static void giveToMixins(CommandLine.Model.CommandSpec spec, ConfabContext context) {
        spec.mixins().values().forEach(mixin -> {
            if (mixin.userObject() instanceof ProcessContext given) {
                given.give(context);
            }
            giveToMixins(mixin, context);
        });
    }

    /** What the subcommands need from the process they run in. */
    public record ConfabContext(Path home, String[] args, Map<String, String> environment) {
    }

    /** The setter form of {@link ProcessContext}, which TurnBench still takes; new commands take the mixin. */
    interface UsesContext {
        void context(ConfabContext context);
    }
}
