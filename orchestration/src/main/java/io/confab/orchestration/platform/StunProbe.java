package io.confab.orchestration.platform;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.function.Function;

/**
 * A health check in the protocol the component speaks: one STUN Binding request (RFC 8489 §5) over
 * UDP, and the class of the answer. The TURN server must answer it with success; the SFU's ICE-lite
 * agent must refuse it (no credentials), and either answer proves the port is served.
 */
final class StunProbe {

    /** RFC 8489 section 5. */
    private static final int MAGIC_COOKIE = 0x2112A442;
    private static final short BINDING_REQUEST = 0x0001;
    static final short BINDING_SUCCESS = 0x0101;
    static final short BINDING_ERROR = 0x0111;

    private StunProbe() {
    }

    /**
     * Sends the request to {@code host:port}; {@code judge} turns the answer's message type into
     * health. No answer within a second, or one for another transaction, is unhealthy.
     */
    static Health check(String host, int port, Function<Short, Health> judge) {
        byte[] transaction = new byte[12];
        new SecureRandom().nextBytes(transaction);
        ByteBuffer request = ByteBuffer.allocate(20).putShort(BINDING_REQUEST).putShort((short) 0)
                .putInt(MAGIC_COOKIE).put(transaction);
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(1000);
            socket.send(new DatagramPacket(request.array(), 20, new InetSocketAddress(host, port)));
            byte[] buffer = new byte[1500];
            DatagramPacket answer = new DatagramPacket(buffer, buffer.length);
            socket.receive(answer);
            ByteBuffer response = ByteBuffer.wrap(buffer, 0, answer.getLength());
            boolean ours = answer.getLength() >= 20 && response.getInt(4) == MAGIC_COOKIE
                    && Arrays.equals(Arrays.copyOfRange(buffer, 8, 20), transaction);
            return ours ? judge.apply(response.getShort(0)) : Health.down("an answer to someone else's STUN request");
        } catch (SocketTimeoutException e) {
            return Health.down("no answer to a STUN binding request within 1 s");
        } catch (IOException e) {
            return Health.down(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
