package io.confab.core.turn;

import static io.confab.core.turn.TurnFixture.PEER;
import static io.confab.core.turn.TurnFixture.T0;
import static io.confab.core.turn.TurnFixture.address;
import static io.confab.core.turn.TurnFixture.errorOf;
import static io.confab.core.turn.TurnFixture.request;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.confab.core.stun.StunClass;
import io.confab.core.stun.StunMessage;
import io.confab.core.stun.StunMessageBuilder;
import io.confab.core.stun.StunMethod;
import io.confab.core.stun.TransactionId;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Permissions, Send and Data indications, channels and ChannelData (RFC 8656 §9-§12). */
class TurnRelayTest {
    private static final byte[] HELLO = "hello".getBytes(StandardCharsets.UTF_8);

    private final TurnFixture client = new TurnFixture();

    private static byte[] sendIndication(InetSocketAddress peer, byte[] data) {
        return new StunMessageBuilder(StunClass.INDICATION, StunMethod.SEND, TransactionId.random())
                .xorPeerAddress(peer).data(data).encode();
    }

    private byte[] channelBind(int channel, InetSocketAddress peer) {
        return client.signed(request(StunMethod.CHANNEL_BIND).channelNumber(channel).xorPeerAddress(peer));
    }

    private static TurnAction only(TurnOutcome outcome) {
        assertEquals(1, outcome.actions().size(), outcome::toString);
        return outcome.actions().get(0);
    }

    @Test
    void happyPathFromAllocationToDeletion() {
        InetSocketAddress relay = client.allocate().xorRelayedAddress().orElseThrow();

        assertEquals(StunClass.SUCCESS_RESPONSE, client.permit(PEER).stunClass());

        TurnAction.SendToPeer sent = assertInstanceOf(TurnAction.SendToPeer.class,
                only(client.outcomeOf(sendIndication(PEER, HELLO))));
        assertEquals(relay, sent.relay());
        assertEquals(PEER, sent.peer());
        assertArrayEquals(HELLO, sent.data());

        TurnAction.SendToClient data = assertInstanceOf(TurnAction.SendToClient.class,
                only(client.server.fromPeer(relay, PEER, "back".getBytes(StandardCharsets.UTF_8), client.now)));
        StunMessage indication = TurnFixture.parse(data.bytes());
        assertTrue(indication.is(StunClass.INDICATION, StunMethod.DATA), indication::toString);
        assertEquals(PEER, indication.xorPeerAddress().orElseThrow());
        assertArrayEquals("back".getBytes(StandardCharsets.UTF_8), indication.data().orElseThrow());

        assertEquals(StunClass.SUCCESS_RESPONSE, client.send(channelBind(0x4001, PEER)).stunClass());

        byte[] frame = new ChannelData(0x4001, HELLO).encode(false);
        TurnAction.SendToPeer viaChannel = assertInstanceOf(TurnAction.SendToPeer.class,
                only(client.server.fromClient(client.tuple, frame, 0, frame.length, client.now)));
        assertEquals(PEER, viaChannel.peer());
        assertArrayEquals(HELLO, viaChannel.data());

        TurnAction.SendToClient channelBack = assertInstanceOf(TurnAction.SendToClient.class,
                only(client.server.fromPeer(relay, PEER, HELLO, client.now)));
        ChannelData back = ChannelData.decode(channelBack.bytes(), 0, channelBack.bytes().length).orElseThrow();
        assertEquals(0x4001, back.channel());
        assertArrayEquals(HELLO, back.data());

        client.now = T0.plusSeconds(300);
        assertEquals(Duration.ofSeconds(600),
                client.send(client.signed(request(StunMethod.REFRESH))).lifetime().orElseThrow());

        TurnOutcome deleted = client.outcomeOf(client.signed(request(StunMethod.REFRESH).lifetime(Duration.ZERO)));
        assertEquals(new TurnAction.CloseRelay(relay), deleted.actions().get(0));
        assertEquals(Optional.of(TurnDropReason.NO_ALLOCATION), client.server.fromPeer(relay, PEER, HELLO, client.now).dropped());
    }

    @Test
    void sendIndicationWithoutPermissionIsDroppedSilently() {
        client.allocate();
        TurnOutcome outcome = client.outcomeOf(sendIndication(PEER, HELLO));

        assertEquals(List.of(), outcome.actions());
        assertEquals(Optional.of(TurnDropReason.NO_PERMISSION), outcome.dropped());
        assertEquals(1, client.server.drops(TurnDropReason.NO_PERMISSION));
    }

    @Test
    void peerDataWithoutPermissionIsDropped() {
        InetSocketAddress relay = client.allocate().xorRelayedAddress().orElseThrow();
        client.permit(PEER);
        assertEquals(Optional.of(TurnDropReason.NO_PERMISSION),
                client.server.fromPeer(relay, address("203.0.113.6", 40000), HELLO, client.now).dropped());
    }

    @Test
    void permissionCoversEveryPortOfThePeerAddress() {
        InetSocketAddress relay = client.allocate().xorRelayedAddress().orElseThrow();
        client.permit(PEER);
        assertTrue(!client.server.fromPeer(relay, address("203.0.113.5", 1), HELLO, client.now).isDropped());
    }

    @Test
    void permissionExpiresAfterFiveMinutesUnlessRefreshed() {
        InetSocketAddress relay = client.allocate().xorRelayedAddress().orElseThrow();
        client.permit(PEER);
        client.now = T0.plusSeconds(299);
        assertTrue(!client.server.fromPeer(relay, PEER, HELLO, client.now).isDropped());
        client.now = T0.plusSeconds(300);
        assertEquals(Optional.of(TurnDropReason.NO_PERMISSION), client.server.fromPeer(relay, PEER, HELLO, client.now).dropped());
        assertEquals(Optional.of(TurnDropReason.NO_PERMISSION), client.outcomeOf(sendIndication(PEER, HELLO)).dropped());
    }

    @Test
    void theServersOwnAddressTakesDatagramsOnlyOnItsOpenPorts() {
        InetSocketAddress sfu = address("203.0.113.9", 10000);
        InetSocketAddress database = address("203.0.113.9", 5432);
        TurnFixture own = new TurnFixture(TurnFixture.config().withPeers(PeerPolicy.defaults()
                .withOwn(java.util.Set.of(sfu.getAddress()), List.of(PeerPolicy.PortRange.of(10000)))));
        own.allocate();
        assertEquals(StunClass.SUCCESS_RESPONSE, own.permit(database).stunClass());
        assertTrue(!own.outcomeOf(sendIndication(sfu, HELLO)).isDropped(), "the SFU is open to relays");
        assertEquals(Optional.of(TurnDropReason.CLOSED_OWN_PORT), own.outcomeOf(sendIndication(database, HELLO)).dropped());
        assertEquals(403, errorOf(own.send(own.signed(request(StunMethod.CHANNEL_BIND).channelNumber(0x4000)
                .xorPeerAddress(database)))));
        assertEquals(StunClass.SUCCESS_RESPONSE, own.send(own.signed(request(StunMethod.CHANNEL_BIND)
                .channelNumber(0x4001).xorPeerAddress(sfu))).stunClass());
    }

    @Test
    void privatePeerIsForbiddenWith403() {
        client.allocate();
        assertEquals(403, errorOf(client.permit(address("10.1.2.3", 5000))));
        assertEquals(403, errorOf(client.permit(address("192.168.1.1", 5000))));
        assertEquals(403, errorOf(client.send(channelBind(0x4000, address("169.254.0.1", 5000)))));
    }

    @Test
    void oneForbiddenPeerRefusesTheWholeCreatePermission() {
        client.allocate();
        StunMessage response = client.send(client.signed(request(StunMethod.CREATE_PERMISSION)
                .xorPeerAddress(PEER).xorPeerAddress(address("172.16.0.1", 1))));
        assertEquals(403, errorOf(response));
        assertEquals(Optional.of(TurnDropReason.NO_PERMISSION), client.outcomeOf(sendIndication(PEER, HELLO)).dropped());
    }

    @Test
    void refusesRelayToLoopbackPeerByDefault() {
        client.allocate();
        assertEquals(403, errorOf(client.permit(address("127.0.0.1", 5000))));
    }

    @Test
    void relaysToLoopbackPeerWhenConfiguredForOneMachine() {
        TurnConfig config = TurnFixture.config().withPeers(PeerPolicy.defaults().withLoopbackAllowed(true));
        TurnFixture local = new TurnFixture(config);
        local.allocate();
        assertEquals(StunClass.SUCCESS_RESPONSE, local.permit(address("127.0.0.1", 5000)).stunClass());
        assertEquals(403, errorOf(local.permit(address("10.0.0.1", 5000))), "only loopback is opened");
    }

    @Test
    void ipv6PeerForAnIpv4RelayGets443() {
        client.allocate();
        assertEquals(443, errorOf(client.permit(address("2001:db8::5", 5000))));
    }

    @Test
    void createPermissionWithoutAnAllocationGets437AndWithoutAPeerGets400() {
        assertEquals(437, errorOf(client.permit(PEER)));
        client.allocate();
        assertEquals(400, errorOf(client.send(client.signed(request(StunMethod.CREATE_PERMISSION)))));
    }

    @Test
    void channelNumbersOutsideTheRangeAreBadRequests() {
        client.allocate();
        assertEquals(400, errorOf(client.send(channelBind(0x3FFF, PEER))));
        assertEquals(400, errorOf(client.send(channelBind(0x8000, PEER))));
    }

    @Test
    void rfc5766ChannelNumbersAboveTheNewRangeStillBindForOlderClients() {
        client.allocate();
        assertEquals(StunClass.SUCCESS_RESPONSE, client.send(channelBind(0x7ABC, PEER)).stunClass());
    }

    @Test
    void channelBoundToOnePeerCannotBeReboundToAnotherNorThePeerToAnotherChannel() {
        client.allocate();
        client.send(channelBind(0x4001, PEER));

        assertEquals(400, errorOf(client.send(channelBind(0x4001, address("203.0.113.9", 1)))));
        assertEquals(400, errorOf(client.send(channelBind(0x4002, PEER))));
        assertEquals(StunClass.SUCCESS_RESPONSE, client.send(channelBind(0x4001, PEER)).stunClass(),
                "binding the same pair again refreshes it");
    }

    @Test
    void expiredChannelIsHeldFiveMinutesBeforeItCanBindAnotherPeer() {
        client.allocate();
        client.send(client.signed(request(StunMethod.REFRESH).lifetime(Duration.ofSeconds(3600))));
        client.send(channelBind(0x4001, PEER));
        InetSocketAddress other = address("203.0.113.9", 1);

        client.now = T0.plusSeconds(600 + 299);
        client.server.expire(client.now);
        assertEquals(400, errorOf(client.send(channelBind(0x4001, other))));
        assertEquals(400, errorOf(client.send(channelBind(0x4002, PEER))));

        client.now = T0.plusSeconds(600 + 300);
        client.server.expire(client.now);
        assertEquals(StunClass.SUCCESS_RESPONSE, client.send(channelBind(0x4001, other)).stunClass());
    }

    @Test
    void channelDataOnAnUnboundChannelIsDropped() {
        client.allocate();
        byte[] frame = new ChannelData(0x4005, HELLO).encode(false);
        TurnOutcome outcome = client.server.fromClient(client.tuple, frame, 0, frame.length, client.now);
        assertEquals(Optional.of(TurnDropReason.CHANNEL_NOT_BOUND), outcome.dropped());
    }

    @Test
    void channelBindingExpiresAfterTenMinutesAndDataFallsBackToIndications() {
        InetSocketAddress relay = client.allocate().xorRelayedAddress().orElseThrow();
        client.send(client.signed(request(StunMethod.REFRESH).lifetime(Duration.ofSeconds(3600))));
        client.send(channelBind(0x4001, PEER));
        client.now = T0.plusSeconds(599);
        client.permit(PEER);
        client.now = T0.plusSeconds(600);

        byte[] frame = new ChannelData(0x4001, HELLO).encode(false);
        assertEquals(Optional.of(TurnDropReason.CHANNEL_NOT_BOUND),
                client.server.fromClient(client.tuple, frame, 0, frame.length, client.now).dropped());
        byte[] toClient = ((TurnAction.SendToClient) only(client.server.fromPeer(relay, PEER, HELLO, client.now))).bytes();
        assertTrue(TurnFixture.parse(toClient).is(StunClass.INDICATION, StunMethod.DATA));
    }

    @Test
    void peerDatagramTooLargeForADataIndicationIsDroppedNotThrown() {
        InetSocketAddress relay = client.allocate().xorRelayedAddress().orElseThrow();
        client.permit(PEER);
        byte[] largest = new byte[TurnServer.MAX_DATA_INDICATION_PAYLOAD];
        TurnAction.SendToClient wrapped = (TurnAction.SendToClient) only(client.server.fromPeer(relay, PEER, largest, client.now));
        assertEquals(largest.length, TurnFixture.parse(wrapped.bytes()).data().orElseThrow().length);
        assertEquals(Optional.of(TurnDropReason.OVERSIZED),
                client.server.fromPeer(relay, PEER, new byte[65507], client.now).dropped());
    }

    @Test
    void channelDataToATcpClientIsPaddedToFourBytes() {
        TurnFixture tcp = new TurnFixture(TurnFixture.config(), TurnFixture.client("192.0.2.77", 50000, Transport.TCP));
        InetSocketAddress relay = tcp.allocate().xorRelayedAddress().orElseThrow();
        tcp.send(tcp.signed(request(StunMethod.CHANNEL_BIND).channelNumber(0x4000).xorPeerAddress(PEER)));

        byte[] frame = ((TurnAction.SendToClient) only(tcp.server.fromPeer(relay, PEER, HELLO, tcp.now))).bytes();

        assertEquals(12, frame.length, "4 header + 5 data + 3 padding");
        assertEquals(5, ((frame[2] & 0xFF) << 8) | (frame[3] & 0xFF), "length excludes padding");
    }

    @Test
    void theRelayPathRoutesABoundChannelBothWaysWithoutTheBytes() {
        InetSocketAddress relay = client.allocate().xorRelayedAddress().orElseThrow();
        client.send(channelBind(0x4001, PEER));

        assertEquals(new ChannelRoute(client.tuple, relay, 0x4001, PEER), client.server.routeChannelData(client.tuple, 0x4001, client.now));
        assertEquals(new ChannelRoute(client.tuple, relay, 0x4001, PEER), client.server.routeFromPeer(relay, PEER, client.now));
        for (TurnDropReason reason : TurnDropReason.values()) {
            assertEquals(0, client.server.drops(reason), "a route counts no drop: " + reason);
        }
    }

    @Test
    void whatTheRelayPathDoesNotRouteIsLeftToTheGeneralPathUncounted() {
        InetSocketAddress relay = client.allocate().xorRelayedAddress().orElseThrow();
        InetSocketAddress stranger = address("203.0.113.6", 40000);
        // No channel yet: a peer's datagram goes as a Data indication, which the general path builds.
        client.permit(PEER);
        assertEquals(null, client.server.routeFromPeer(relay, PEER, client.now));
        client.send(channelBind(0x4001, PEER));

        assertEquals(null, client.server.routeChannelData(client.tuple, 0x4002, client.now), "unbound channel");
        assertEquals(null, client.server.routeChannelData(TurnFixture.client("192.0.2.99", 1, Transport.UDP), 0x4001, client.now),
                "no allocation");
        assertEquals(null, client.server.routeFromPeer(relay, stranger, client.now), "no permission");
        assertEquals(null, client.server.routeFromPeer(address("198.51.100.10", 1), PEER, client.now), "no such relay");
        client.now = T0.plusSeconds(600);
        assertEquals(null, client.server.routeChannelData(client.tuple, 0x4001, client.now), "binding and allocation lapsed");
        for (TurnDropReason reason : TurnDropReason.values()) {
            assertEquals(0, client.server.drops(reason), "the general path counts drops, not the route: " + reason);
        }
    }

    @Test
    void aBoundChannelWhosePermissionLapsedIsNotRouted() {
        InetSocketAddress relay = client.allocate().xorRelayedAddress().orElseThrow();
        client.send(client.signed(request(StunMethod.REFRESH).lifetime(Duration.ofSeconds(3600))));
        client.send(channelBind(0x4001, PEER));
        // A ChannelBind installs a permission for 300 s (RFC 8656 §12.2), the binding lasts 600 s.
        client.now = T0.plusSeconds(300);
        assertEquals(null, client.server.routeChannelData(client.tuple, 0x4001, client.now));
        assertEquals(null, client.server.routeFromPeer(relay, PEER, client.now));
        byte[] frame = new ChannelData(0x4001, HELLO).encode(false);
        assertEquals(Optional.of(TurnDropReason.NO_PERMISSION),
                client.server.fromClient(client.tuple, frame, 0, frame.length, client.now).dropped());
    }

    @Test
    void bindingRequestGetsTheClientsReflexiveAddressWithoutAuthentication() {
        StunMessage response = client.send(request(StunMethod.BINDING).fingerprint().encode());

        assertTrue(response.is(StunClass.SUCCESS_RESPONSE, StunMethod.BINDING));
        assertEquals(client.tuple.client(), response.xorMappedAddress().orElseThrow());
    }

    @Test
    void malformedAndUnexpectedInputIsDroppedAndCounted() {
        byte[] garbage = {0x00, 0x01, 0x00, 0x04, 0x21, 0x12};
        assertEquals(Optional.of(TurnDropReason.MALFORMED), client.outcomeOf(garbage).dropped());
        byte[] shortChannelData = {0x40, 0x00, 0x00, 0x10, 1, 2};
        assertEquals(Optional.of(TurnDropReason.MALFORMED), client.outcomeOf(shortChannelData).dropped());
        byte[] response = new StunMessageBuilder(StunClass.SUCCESS_RESPONSE, StunMethod.BINDING, TransactionId.random()).encode();
        assertEquals(Optional.of(TurnDropReason.UNEXPECTED_MESSAGE), client.outcomeOf(response).dropped());
        byte[] incomplete = new StunMessageBuilder(StunClass.INDICATION, StunMethod.SEND, TransactionId.random()).data(HELLO).encode();
        assertEquals(Optional.of(TurnDropReason.INCOMPLETE_INDICATION), client.outcomeOf(incomplete).dropped());
        assertEquals(2, client.server.drops(TurnDropReason.MALFORMED));
    }
}
