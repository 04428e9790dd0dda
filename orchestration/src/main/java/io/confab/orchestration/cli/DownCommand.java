package io.confab.orchestration.cli;

import io.confab.orchestration.platform.PlatformState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** {@code confab down}: stops a platform started with {@code up --detach} from the same data directory. */
@Command(name = "down", mixinStandardHelpOptions = true,
        description = "Stop the platform running from the data directory (started with 'confab up --detach').")
final class DownCommand implements Callable<Integer> {

    private static final long STOP_WAIT_SECONDS = 120;

    @Mixin
    PlatformOptions options;

    @Override
    public Integer call() throws Exception {
        Optional<PlatformState> state = PlatformState.read(options.dataDir());
        if (state.isEmpty() || !state.get().supervisorAlive()) {
            state.ifPresent(PlatformState::killLeftoverServers);
            PlatformState.delete(options.dataDir());
            System.out.println("Nothing to stop: no platform is running from " + options.dataDir() + ".");
            return 0;
        }
        ProcessHandle supervisor = ProcessHandle.of(state.get().supervisorPid()).orElseThrow();
        System.out.println("Stopping Confab (launcher pid " + supervisor.pid() + ")...");
        supervisor.destroy();
        try {
            supervisor.onExit().get(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            System.err.println("confab down: the launcher did not stop within " + STOP_WAIT_SECONDS + " s; killing it and its servers");
            supervisor.destroyForcibly();
        }
        state.get().killLeftoverServers();
        PlatformState.delete(options.dataDir());
        System.out.println("Stopped.");
        return 0;
    }
}
