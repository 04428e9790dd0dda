package io.confab.orchestration.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every bench that prints its figures takes {@code --json} from one mixin ({@link BenchFigures}) and
 * keeps its own flags, with the flags, defaults and help they had before it.
 */
class BenchFiguresTest {

    @Test
    void bothBenchesListTheJsonFlagWithOneHelpTextBesideTheirOwnRepeatFlags() {
        String dtls = new CommandLine(new DtlsBench()).getUsageMessage(CommandLine.Help.Ansi.OFF);
        String argon2 = new CommandLine(new Argon2BenchCommand()).getUsageMessage(CommandLine.Help.Ansi.OFF);
        for (String help : List.of(dtls, argon2)) {
            assertTrue(help.contains("      --json") && help.contains("Print the figures as one JSON object."), help);
        }
        assertTrue(dtls.contains("--runs=<runs>") && dtls.contains("Measured runs (default: 5)."), dtls);
        assertTrue(argon2.contains("--rounds=<rounds>") && argon2.contains("Measured rounds of both (default: 5)."), argon2);
        assertTrue(argon2.contains("--seconds=<seconds>") && argon2.contains("Length of each measured phase (default: 5)."), argon2);
    }

    @Test
    void theMixinTakesTheJsonFlagAndTheCommandsKeepTheirDefaults() {
        DtlsBench dtls = new DtlsBench();
        new CommandLine(dtls).parseArgs("--json", "--runs", "2");
        assertTrue(dtls.output.json);
        assertEquals(2, dtls.runs);

        Argon2BenchCommand argon2 = new Argon2BenchCommand();
        new CommandLine(argon2).parseArgs();
        assertFalse(argon2.output.json);
        assertEquals(5, argon2.rounds);
        assertEquals(5, argon2.seconds);
    }

    @Test
    void everyBenchThatPrintsFiguresTakesJsonFromTheMixinWithOneHelpText() {
        List<Object> benches = List.of(new BenchCommand.PlatformBench(), new BenchCommand.SignalingBench(), new SfuBenchCommand(),
                new TurnBench(), new BenchCommand.RecordingBench(), new TranscriptionBenchCommand(), new QueryBench(),
                new GuessingBench(), new CaptionsBenchCommand(), new DtlsBench(), new Argon2BenchCommand(), new BenchCommand.UsageBench());
        for (Object bench : benches) {
            CommandLine command = new CommandLine(bench);
            String help = command.getUsageMessage(CommandLine.Help.Ansi.OFF);
            assertTrue(help.contains("      --json") && help.contains("Print the figures as one JSON object."), help);
            CommandLine.Model.CommandSpec mixin = command.getCommandSpec().mixins().get("output");
            assertNotNull(mixin, command.getCommandName() + " has no BenchFigures mixin");
            command.parseArgs("--json");
            assertTrue(((BenchFigures) mixin.userObject()).json, command.getCommandName() + " did not take --json");
        }
    }
}
