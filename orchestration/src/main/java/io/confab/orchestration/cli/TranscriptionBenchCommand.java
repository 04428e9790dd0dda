package io.confab.orchestration.cli;

import io.confab.transcription.TranscriptionConfig;
import io.confab.transcription.bench.TranscriptionBench;
import io.confab.transcription.model.ModelUnavailable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.util.concurrent.Callable;

/**
 * {@code confab bench transcription}: Vosk's small English model on espeak-ng voices after the bot's
 * Opus, in this JVM (see {@link TranscriptionBench}). Needs no running platform.
 */
@Command(name = "transcription", mixinStandardHelpOptions = true,
        description = {"Speech recognition: real-time factor per speaking stream, streams one core",
                "sustains when speakers take turns (voice activity detection on), and word error",
                "rate against the text espeak-ng spoke. Needs espeak-ng; no running platform.",
                "Progress goes to stderr, the figures to stdout. A bigger model:",
                "JAVA_TOOL_OPTIONS=-Dconfab.vosk.model=/path."})
final class TranscriptionBenchCommand implements Callable<Integer> {

    @Option(names = "--participants", defaultValue = "20",
            description = "Tracks in the turn-taking meeting, each speaking in turn (default: ${DEFAULT-VALUE}).")
    int participants;

    @Mixin
    BenchFigures output;

    @Override
    public Integer call() {
        if (participants < 1 || participants > 200) {
            System.err.println("confab bench transcription: --participants must be 1..200, not " + participants);
            return ConfabCommand.USAGE;
        }
        try {
            TranscriptionBench.Figures figures = TranscriptionBench.measure(new TranscriptionBench.Settings(participants, 0.5),
                    TranscriptionConfig.fromSystemProperties(), line -> System.err.println(line));
            System.out.print(output.json ? TranscriptionBench.json(figures) + System.lineSeparator() : TranscriptionBench.report(figures));
            return 0;
        } catch (ModelUnavailable | IllegalArgumentException | IOException e) {
            System.err.println("confab bench transcription: " + e.getMessage());
            return ConfabCommand.FAILED;
        }
    }
}
