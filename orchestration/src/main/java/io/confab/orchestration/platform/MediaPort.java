package io.confab.orchestration.platform;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The SFU's media ports as a component of the platform. The SFU runs inside realtime-core, one
 * media thread per UDP port from {@code --sfu-port} up; this reports the first port's address and
 * checks every port the way a browser's first packet would: a STUN Binding request. Without ICE
 * credentials an ICE-lite agent must refuse it with 400 (RFC 8445 §7.3.1.1), and that refusal is
 * the proof the media thread is reading its port.
 */
public final class MediaPort extends CoreListener {

    public MediaPort(PlatformConfig config, Ports ports) {
        super(config, ports.resolveRun("sfu-port", config.sfu().port(), config.sfu().threads()), "the SFU");
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

    /** Every media thread's port, the first one first. */
    public List<Integer> threadPorts() {
        return IntStream.range(0, config.sfu().threads()).mapToObj(i -> port + i).toList();
    }

    @Override
    public Health check() {
        List<Integer> all = threadPorts();
        for (int threadPort : all) {
            Health health = StunProbe.check(config.host(), threadPort, type -> type == StunProbe.BINDING_ERROR
                    ? Health.up("")
                    : Health.down("unexpected answer to a STUN binding request on udp " + config.host() + ":" + threadPort));
            if (!health.healthy()) {
                return all.size() == 1 ? health : Health.down("media thread " + (threadPort - port) + ": " + health.detail());
            }
        }
        String threads = all.size() == 1 ? "" : " on " + all.size() + " media threads (udp " + port + "-" + (port + all.size() - 1) + ")";
        return Health.up("ICE-lite agent answering" + threads + "; last-N " + (config.sfu().lastN() < 0 ? "off" : config.sfu().lastN()));
    }
}
