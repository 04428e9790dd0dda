package io.confab.orchestration.platform;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The SFU's media port as a component of the platform. The SFU runs inside realtime-core; this
 * reports its UDP address and checks it the way a browser's first packet would: a STUN Binding
 * request. Without ICE credentials an ICE-lite agent must refuse it with 400 (RFC 8445 §7.3.1.1),
 * and that refusal is the proof the media thread is reading the port.
 */
public final class MediaPort implements Component {


    private final PlatformConfig config;
    private final int port;

    public MediaPort(PlatformConfig config, Ports ports) {
        this.config = config;
        this.port = ports.resolve("sfu-port", config.sfu().port());
    }

    @Override
    public String name() {
        return "sfu";
    }

    @Override
    public String address() {
        return "udp " + config.host() + ":" + port;
    }

    public int port() {
        return port;
    }

    @Override
    public boolean embedded() {
        return true;
    }

    @Override
    public Map<String, Integer> ports() {
        return Map.of("--sfu-port", port);
    }

    /** realtime-core starts the SFU; this waits until its port answers. */
    @Override
    public void start(Duration timeout) throws StartupFailure {
        Readiness.await(this, timeout, () -> true, () -> "",
                detail -> new StartupFailure(name(), "no answer on udp " + config.host() + ":" + port + " (" + detail + ")",
                        "see the web log (realtime-core runs the SFU)"));
    }

    @Override
    public Health check() {
        return StunProbe.check(config.host(), port, type -> type == StunProbe.BINDING_ERROR
                ? Health.up("ICE-lite agent answering; last-N " + (config.sfu().lastN() < 0 ? "off" : config.sfu().lastN()))
                : Health.down("unexpected answer to a STUN binding request"));
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
