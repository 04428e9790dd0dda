package io.confab.orchestration.platform;

import java.time.Duration;
import java.util.List;

/**
 * A listener that runs inside realtime-core's process (the SFU's media port, the TURN server),
 * reported and checked as a component of its own: it has no process of ours, starts and stops with
 * realtime-core, and is ready once it answers on its UDP port. A listener adds only its name, its
 * address and ports, and the answer its check expects.
 */
abstract class CoreListener implements Component {

    protected final PlatformConfig config;
    /** The UDP port the check probes with a STUN Binding request. */
    protected final int port;
    /** What in realtime-core opens the port, e.g. "the SFU", for the hint to its log. */
    private final String server;

    CoreListener(PlatformConfig config, int port, String server) {
        this.config = config;
        this.port = port;
        this.server = server;
    }

    public int port() {
        return port;
    }

    @Override
    public boolean embedded() {
        return true;
    }

    /** realtime-core opens the port; this waits until it answers. */
    @Override
    public void start(Duration timeout) throws StartupFailure {
        Readiness.await(this, timeout, () -> true, () -> "",
                detail -> new StartupFailure(name(), "no STUN answer on udp " + config.host() + ":" + port + " (" + detail + ")",
                        "see the web log (realtime-core runs " + server + ")"));
    }

    /** Stopped with realtime-core. */
    @Override
    public void stop() {
    }

    @Override
    public List<Long> pids() {
        return List.of();
    }
}
