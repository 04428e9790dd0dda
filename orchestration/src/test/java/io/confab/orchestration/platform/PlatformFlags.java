package io.confab.orchestration.platform;

import io.confab.orchestration.cli.PlatformOptions;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.stream.Stream;

/** The configuration {@code confab up} makes of its flags, for tests that start nothing. */
final class PlatformFlags {

    private PlatformFlags() {
    }

    /** The configuration of {@code flags} over the data directory (and home) {@code data}. */
    static PlatformConfig config(Path data, String... flags) {
        Holder holder = new Holder();
        new CommandLine(holder).parseArgs(Stream.concat(Stream.of("--data-dir=" + data), Stream.of(flags)).toArray(String[]::new));
        return holder.options.toConfig(data);
    }

    @CommandLine.Command(name = "test")
    static final class Holder {
        @CommandLine.Mixin
        PlatformOptions options = new PlatformOptions();
    }
}
