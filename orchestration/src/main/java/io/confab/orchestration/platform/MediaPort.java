package io.confab.orchestration.platform;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The SFU's media port as a component of the platform. The SFU runs inside realtime-core; this
 * reports its UDP address and checks it the way a browser's first packet would: a STUN Binding
 * request. Without ICE credentials an ICE-lite agent must refuse it with 400 (RFC 8445 §7.3.1.1),
 * and that refusal is the proof the media thread is reading the port.
 */
public final class MediaPort implements Component {

    /** RFC 8489 section 5. */
    private static final int MAGIC_COOKIE = 0x2112A442;
    private static final short BINDING_REQUEST = 0x0001;
    private static final short BINDING_ERROR = 0x0111;

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
        byte[] transaction = new byte[12];
        new SecureRandom().nextBytes(transaction);
        ByteBuffer request = ByteBuffer.allocate(20).putShort(BINDING_REQUEST).putShort((short) 0)
                .putInt(MAGIC_COOKIE).put(transaction);
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(1000);
            socket.send(new DatagramPacket(request.array(), 20, new InetSocketAddress(config.host(), port)));
            byte[] buffer = new byte[1500];
            DatagramPacket answer = new DatagramPacket(buffer, buffer.length);
            socket.receive(answer);
            ByteBuffer response = ByteBuffer.wrap(buffer, 0, answer.getLength());
            boolean refused = answer.getLength() >= 20 && response.getShort(0) == BINDING_ERROR
                    && response.getInt(4) == MAGIC_COOKIE && Arrays.equals(Arrays.copyOfRange(buffer, 8, 20), transaction);
            return refused ? Health.up("ICE-lite agent answering; last-N " + (config.sfu().lastN() < 0 ? "off" : config.sfu().lastN()))
                    : Health.down("unexpected answer to a STUN binding request");
        } catch (SocketTimeoutException e) {
            return Health.down("no answer to a STUN binding request within 1 s");
        } catch (IOException e) {
            return Health.down(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
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
