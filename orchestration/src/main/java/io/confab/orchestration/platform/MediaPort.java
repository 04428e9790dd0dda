package io.confab.orchestration.platform;

import java.util.Map;

/**
 * The SFU's media port as a component of the platform. The SFU runs inside realtime-core; this
 * reports its UDP address and checks it the way a browser's first packet would: a STUN Binding
 * request. Without ICE credentials an ICE-lite agent must refuse it with 400 (RFC 8445 §7.3.1.1),
 * and that refusal is the proof the media thread is reading the port.
 */
public final class MediaPort extends CoreListener {

    public MediaPort(PlatformConfig config, Ports ports) {
        super(config, ports.resolve("sfu-port", config.sfu().port()), "the SFU");
    }

    @Override
    public String name() {
        return "sfu";
    }

    @Override
    public String address() {
        return "udp " + config.host() + ":" + port;
    }

    @Override
    public Map<String, Integer> ports() {
        return Map.of("--sfu-port", port);
    }

    @Override
    public Health check() {
        return StunProbe.check(config.host(), port, type -> type == StunProbe.BINDING_ERROR
                ? Health.up("ICE-lite agent answering; last-N " + (config.sfu().lastN() < 0 ? "off" : config.sfu().lastN()))
                : Health.down("unexpected answer to a STUN binding request"));
    }
}
