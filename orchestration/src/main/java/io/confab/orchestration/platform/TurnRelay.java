package io.confab.orchestration.platform;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Map;

/**
 * The TURN/STUN server as a component of the platform. It runs inside realtime-core's process
 * (started with it): UDP and TCP on one port and, unless turned off, TLS on another with the web's
 * certificate. This component reports the addresses and checks the server by sending a real STUN
 * Binding request over UDP and reading the success response.
 */
public final class TurnRelay extends CoreListener {

    /** -1 when TURN over TLS is off. */
    private final int tlsPort;

    public TurnRelay(PlatformConfig config, Ports ports) {
        super(config, ports.resolve("turn-port", config.turn().port()), "the TURN server");
        this.tlsPort = config.turn().tlsPort() < 0 ? -1 : ports.resolve("turn-tls-port", config.turn().tlsPort());
    }

    @Override
    public String name() {
        return "turn";
    }

    @Override
    public String address() {
        return "turn:" + config.host() + ":" + port + " (udp, tcp)"
                + (tlsPort < 0 ? "" : ", turns:" + config.host() + ":" + tlsPort);
    }

    /** The TURN over TLS port, or -1 when TLS is off. */
    public int tlsPort() {
        return tlsPort;
    }

    /**
     * Relaying to loopback peers is refused anywhere but a platform that itself runs on loopback,
     * where every participant and peer is on this one machine.
     */
    public boolean loopbackPeersAllowed() {
        try {
            return InetAddress.getByName(config.host()).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public Map<String, Integer> ports() {
        return tlsPort < 0 ? Map.of("--turn-port", port) : Map.of("--turn-port", port, "--turn-tls-port", tlsPort);
    }

    @Override
    public Health check() {
        return StunProbe.check(config.host(), port, type -> type == StunProbe.BINDING_SUCCESS
                ? Health.up("STUN binding answered" + (loopbackPeersAllowed() ? "; loopback peers allowed (single machine)" : ""))
                : Health.down("unexpected answer to a STUN binding request"));
    }
}
