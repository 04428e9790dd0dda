package io.confab.orchestration.cli;

import io.confab.orchestration.platform.PlatformConfig;
import io.confab.orchestration.platform.PlatformState;
import io.confab.orchestration.platform.PlatformState.ComponentState;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * The platform a bench drives, as its launcher wrote it into the data directory ({@link PlatformState}):
 * the components' addresses and processes, and the configuration they run with (the logins).
 */
record RunningPlatform(PlatformState state) {

    /**
     * The platform running from {@code options}' data directory; empty, after one line on stderr
     * naming {@code command} and how to start one, when no launcher runs from there.
     */
    static Optional<RunningPlatform> of(PlatformOptions options, String command) {
        Optional<PlatformState> state = PlatformState.read(options.dataDir());
        if (state.isEmpty() || !state.get().supervisorAlive()) {
            System.err.println("confab " + command + ": no platform is running from " + options.dataDir()
                    + "; start one with './confab up --detach'");
            return Optional.empty();
        }
        return Optional.of(new RunningPlatform(state.get()));
    }

    PlatformConfig config() {
        return state.config();
    }

    /** The component named {@code name} ("web", "kafka", "usage", ...), when the platform has it. */
    Optional<ComponentState> component(String name) {
        return state.components().stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** realtime-core's web server: every platform has one. */
    ComponentState web() {
        return component("web").orElseThrow();
    }

    /** Where the component named {@code name} is reached, or null when the platform has none. */
    String address(String name) {
        return component(name).map(ComponentState::address).orElse(null);
    }

    /** The component's first process, or none for a service the launcher does not run (an external one). */
    static OptionalLong firstPid(ComponentState component) {
        return component.pids().isEmpty() ? OptionalLong.empty() : OptionalLong.of(component.pids().get(0));
    }
}
