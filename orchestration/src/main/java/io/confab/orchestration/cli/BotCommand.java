package io.confab.orchestration.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.confab.bot.Bot;
import io.confab.bot.BotMedia;
import io.confab.bot.BotReport;
import io.confab.bot.source.VideoLayer;
import io.confab.orchestration.platform.Platform;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code confab bot}: one participant without a browser, for load tests, demos and pipeline tests. */
@Command(name = "bot", mixinStandardHelpOptions = true,
        description = {"Join a meeting as a bot: send Opus and VP8 (from files, or silence and a test pattern),",
                "the video as three simulcast layers as a browser does (or one with --no-simulcast),",
                "receive and count what the others send, and print the receive statistics as JSON on exit."})
final class BotCommand implements Callable<Integer> {

    private static final FlagRange DURATION = new FlagRange("--duration", 1, 24 * 3600, " seconds");

    @Mixin
    PlatformOptions options;

    @Option(names = "--meeting", required = true, description = "Meeting id to join.")
    String meetingId;

    @Option(names = "--name", defaultValue = "Confab Bot", description = "Display name (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--passcode", description = "The meeting's passcode, if it has one.")
    String passcode;

    @Option(names = "--audio", paramLabel = "FILE.wav", description = "PCM WAV to send as Opus, looped (default: silence).")
    Path audio;

    @Option(names = "--video", paramLabel = "FILE.y4m", description = "YUV4MPEG2 video to send as VP8, looped (default: a moving test pattern).")
    Path video;

    @Option(names = "--simulcast", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Send the video as rid simulcast layers l/m/h at 1/4, 1/2 and full size, pausing those the SFU"
                    + " says nobody receives (default); --no-simulcast sends one stream, as --layers 1.")
    boolean simulcast;

    @Option(names = "--layers", paramLabel = "N", description = "Simulcast layers, 1 to 3 (default: 3, or 1 with --no-simulcast);"
            + " 2 sends m and h.")
    Integer layers;

    @Option(names = "--duration", defaultValue = "30", description = "Seconds to stay (default: ${DEFAULT-VALUE}).")
    int durationSeconds;

    @Option(names = "--web", paramLabel = "URL", description = "The web server (default: the running platform's).")
    String web;

    @Override
    public Integer call() throws Exception {
        if (DURATION.refuses("bot", durationSeconds)) {
            return ConfabCommand.USAGE;
        }
        for (Path file : new Path[] {audio, video}) {
            if (file != null && !Files.isReadable(file)) {
                System.err.println("confab bot: cannot read " + file + "; give a readable file or leave the option out");
                return ConfabCommand.USAGE;
            }
        }
        if (layers != null && (layers < 1 || layers > VideoLayer.MAX_LAYERS)) {
            System.err.println("confab bot: --layers must be 1, 2 or 3, got " + layers);
            return ConfabCommand.USAGE;
        }
        if (!simulcast && layers != null && layers != 1) {
            System.err.println("confab bot: --no-simulcast sends one layer; leave out --layers " + layers + " or drop --no-simulcast");
            return ConfabCommand.USAGE;
        }
        int videoLayers = layers != null ? layers : simulcast ? VideoLayer.MAX_LAYERS : 1;
        String address = web != null ? web : webAddress();
        System.err.println("confab bot: " + name + " joining meeting " + meetingId + " at " + address + " for " + durationSeconds
                + " s, video in " + videoLayers + (videoLayers == 1 ? " layer" : " simulcast layers"));
        try (Bot bot = new Bot(new Bot.Options(address, meetingId, name, passcode, null, Duration.ofSeconds(durationSeconds), false),
                BotMedia.audio(audio), BotMedia.video(video, videoLayers))) {
            BotReport report = bot.run();
            System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
            return report.received().audioPackets() + report.received().videoPackets() > 0 || report.ended() == null ? 0 : ConfabCommand.FAILED;
        } catch (java.io.IOException | IllegalStateException | IllegalArgumentException e) {
            System.err.println("confab bot: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            return ConfabCommand.FAILED;
        }
    }

    private String webAddress() {
        return Platform.describe(options.runningOrGiven()).web().address();
    }
}
