package io.confab.orchestration.platform;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a component's health check to pass, failing early when its process has died. */
final class Readiness {

    private static final Duration POLL = Duration.ofMillis(250);

    private Readiness() {
    }

    /**
     * @param alive false once the component's own process is gone (always true for an external one)
     * @param onTimeout what to tell the user when the time is up, given the last check's detail
     */
    static void await(Component component, Duration timeout, BooleanSupplier alive,
                      java.util.function.Supplier<String> onDeath,
                      java.util.function.Function<String, StartupFailure> onTimeout) throws StartupFailure {
        long deadline = System.nanoTime() + timeout.toNanos();
        Health last = Health.down("not checked yet");
        while (System.nanoTime() < deadline) {
            if (!alive.getAsBoolean()) {
                throw new StartupFailure(component.name(), onDeath.get(), null);
            }
            last = component.check();
            if (last.healthy()) {
                return;
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StartupFailure(component.name(), "start-up interrupted", null);
            }
        }
        throw onTimeout.apply(last.detail());
    }

    /** The usual wait for an embedded server's JVM. */
    static void awaitEmbedded(Component component, ServerProcess process, Duration timeout) throws StartupFailure {
        await(component, timeout, process::alive,
                () -> process.exitReport() + "; see " + process.log(),
                detail -> new StartupFailure(component.name(),
                        "not healthy " + timeout.toSeconds() + " s after start (" + detail + ")",
                        "see " + process.log()));
    }

    /** The wait for an external service that we only reach. */
    static void awaitExternal(Component component, Duration timeout, String flag) throws StartupFailure {
        await(component, timeout, () -> true, () -> "",
                detail -> new StartupFailure(component.name(),
                        "external service at " + component.address() + " is unreachable (" + detail + ")",
                        "check " + flag + " or start that service"));
    }
}
