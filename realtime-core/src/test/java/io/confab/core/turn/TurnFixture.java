package io.confab.core.turn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.confab.core.stun.StunErrorCode;
import io.confab.core.stun.IntegrityKey;
import io.confab.core.stun.StunClass;
import io.confab.core.stun.StunDecoder;
import io.confab.core.stun.StunMessage;
import io.confab.core.stun.StunMessageBuilder;
import io.confab.core.stun.StunMethod;
import io.confab.core.stun.TransactionId;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A TURN client in a test: builds requests, does the 401 round trip for a nonce, signs with the
 * long-term key, and reads the server's answer. Addresses are from the documentation ranges
 * (RFC 5737), which the default peer policy allows.
 */
final class TurnFixture {
    static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");
    static final String REALM = "confab.test";
    static final String SECRET = "rest-secret";
    static final InetSocketAddress SERVER = address("192.0.2.1", 3478);
    static final InetAddress RELAY_HOST = address("198.51.100.10", 0).getAddress();
    static final InetSocketAddress PEER = address("203.0.113.5", 40000);

    final TurnServer server;
    final FiveTuple tuple;
    String username = "alice";
    String password = "wonderland";
    Instant now = T0;

    TurnFixture(TurnConfig config, FiveTuple tuple) {
        this(new TurnServer(config, new byte[] {1, 2, 3, 4}), tuple);
    }

    /** Another client of the same server. */
    TurnFixture(TurnServer server, FiveTuple tuple) {
        this.server = server;
        this.tuple = tuple;
    }

    TurnFixture(TurnConfig config) {
        this(config, client("192.0.2.77", 50000, Transport.UDP));
    }

    TurnFixture() {
        this(config());
    }

    static TurnConfig config() {
        return TurnConfig.defaults(REALM, SECRET, RELAY_HOST).withStaticUsers(Map.of("alice", "wonderland", "bob", "builder"));
    }

    static FiveTuple client(String host, int port, Transport transport) {
        return new FiveTuple(address(host, port), SERVER, transport);
    }

    static InetSocketAddress address(String host, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(host, e);
        }
    }

    static StunMessageBuilder request(StunMethod method) {
        return new StunMessageBuilder(StunClass.REQUEST, method, TransactionId.random());
    }

    static StunMessageBuilder allocateRequest() {
        return request(StunMethod.ALLOCATE).requestedTransport(17);
    }

    /**
     * The one message the server sent back to the client, parsed. An Allocate success travels in
     * the OpenRelay action; this stands in for a transport whose relay socket binds.
     */
    StunMessage send(byte[] request) {
        TurnOutcome outcome = server.fromClient(tuple, request, 0, request.length, now);
        List<byte[]> replies = outcome.actions().stream().<byte[]>mapMulti((action, out) -> {
            if (action instanceof TurnAction.SendToClient reply) {
                out.accept(reply.bytes());
            } else if (action instanceof TurnAction.OpenRelay open) {
                out.accept(open.granted());
            }
        }).toList();
        assertEquals(1, replies.size(), () -> "expected one reply, got " + outcome);
        return parse(replies.get(0));
    }

    TurnOutcome outcomeOf(byte[] request) {
        return server.fromClient(tuple, request, 0, request.length, now);
    }

    /** A nonce from a first, unauthenticated request, as a real client gets one. */
    String nonce() {
        StunMessage challenge = send(request(StunMethod.ALLOCATE).encode());
        assertEquals(401, challenge.errorCode().orElseThrow().code());
        return challenge.nonce().orElseThrow();
    }

    byte[] signed(StunMessageBuilder builder, String nonce) {
        return builder.username(username).realm(REALM).nonce(nonce)
                .messageIntegrity(IntegrityKey.longTerm(username, REALM, password)).encode();
    }

    byte[] signed(StunMessageBuilder builder) {
        return signed(builder, nonce());
    }

    StunMessage allocate() {
        StunMessage response = send(signed(allocateRequest()));
        assertEquals(StunClass.SUCCESS_RESPONSE, response.stunClass(), () -> "allocate failed: " + response);
        return response;
    }

    StunMessage permit(InetSocketAddress peer) {
        return send(signed(request(StunMethod.CREATE_PERMISSION).xorPeerAddress(peer)));
    }

    static StunMessage parse(byte[] bytes) {
        return assertInstanceOf(StunMessage.class, StunDecoder.decode(bytes));
    }

    static int errorOf(StunMessage response) {
        assertEquals(StunClass.ERROR_RESPONSE, response.stunClass(), () -> "expected an error, got " + response);
        return response.errorCode().map(StunErrorCode::code).orElseThrow();
    }
}
