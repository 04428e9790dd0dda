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
}
