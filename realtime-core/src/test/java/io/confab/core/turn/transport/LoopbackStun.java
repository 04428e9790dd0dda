package io.confab.core.turn.transport;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.confab.core.stun.IntegrityKey;
import io.confab.core.stun.StunClass;
import io.confab.core.stun.StunDecoder;
import io.confab.core.stun.StunMessage;
import io.confab.core.stun.StunMessageBuilder;
import io.confab.core.stun.StunMethod;
import io.confab.core.stun.TransactionId;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/** A TURN client's requests against a listener on loopback, signed as one static user: what the listener tests share. */
final class LoopbackStun {

    static final String REALM = "confab.test";
    static final String USER = "alice";
    static final String PASSWORD = "wonderland";
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private LoopbackStun() {
    }

    static StunMessageBuilder request(StunMethod method) {
        return new StunMessageBuilder(StunClass.REQUEST, method, TransactionId.random());
    }

    /** An Allocate for a UDP relay (REQUESTED-TRANSPORT 17). */
    static StunMessageBuilder allocate() {
        return request(StunMethod.ALLOCATE).requestedTransport(17);
    }

    static byte[] signed(StunMessageBuilder builder, String nonce) {
        return builder.username(USER).realm(REALM).nonce(nonce)
                .messageIntegrity(IntegrityKey.longTerm(USER, REALM, PASSWORD)).encode();
    }

    static StunMessage exchange(DatagramSocket socket, InetSocketAddress server, byte[] request) throws IOException {
        socket.send(new DatagramPacket(request, request.length, server));
        return receive(socket);
    }

    static StunMessage receive(DatagramSocket socket) throws IOException {
        DatagramPacket answer = new DatagramPacket(new byte[1500], 1500);
        socket.receive(answer);
        return assertInstanceOf(StunMessage.class, StunDecoder.decode(answer.getData(), 0, answer.getLength()));
    }

    /**
     * The first of {@code count} consecutive UDP ports on loopback, free now, for a relay range.
     * They lie below the kernel's ephemeral range: a port the OS found free and handed to this
     * test could be handed again to any socket bound to port 0 (another test, another module's
     * JVM) before the listener binds it, and the client would get a 508.
     */
    static int freeRelayPorts(int count) throws IOException {
        int ephemeralLow = ephemeralRangeStart();
        int low = 10_000;
        for (int attempt = 0; attempt < 100; attempt++) {
            int first = ThreadLocalRandom.current().nextInt(low, ephemeralLow - count);
            if (allBindable(first, count)) {
                return first;
            }
        }
        throw new IllegalStateException("no " + count + " consecutive free UDP ports on loopback between "
                + low + " and " + ephemeralLow);
    }

    private static boolean allBindable(int first, int count) {
        for (int port = first; port < first + count; port++) {
            try (DatagramSocket probe = new DatagramSocket(port, LOOPBACK)) {
                // bound and closed: free
            } catch (SocketException taken) {
                return false;
            }
        }
        return true;
    }

    /** net.ipv4.ip_local_port_range's lower end; Linux's default when it cannot be read. */
    private static int ephemeralRangeStart() {
        try {
            // Line by line: Files.readString trusts the size /proc reports and reads a single byte.
            return Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim()
                    .split("\\s+")[0]);
        } catch (IOException | RuntimeException unreadable) {
            return 32768;
        }
    }
}
