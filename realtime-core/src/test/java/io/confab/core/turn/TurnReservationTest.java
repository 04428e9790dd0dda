package io.confab.core.turn;

import static io.confab.core.turn.TurnFixture.T0;
import static io.confab.core.turn.TurnFixture.allocateRequest;
import static io.confab.core.turn.TurnFixture.errorOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.confab.core.stun.StunMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * EVEN-PORT with the R bit and RESERVATION-TOKEN (RFC 8656 §7.2 steps 5 and 6, §14.6, §14.9): the
 * RTP/RTCP port pair an older client (coturn's turnutils_uclient without -c) asks for, and the
 * relay socket that cannot be bound.
 */
class TurnReservationTest {

    private final TurnServer server = new TurnServer(TurnFixture.config(), new byte[] {1, 2, 3, 4});
    private final TurnFixture rtp = new TurnFixture(server, TurnFixture.client("192.0.2.77", 50000, Transport.UDP));
    private final TurnFixture rtcp = new TurnFixture(server, TurnFixture.client("192.0.2.77", 50001, Transport.UDP));

    @Test
    void evenPortWithReserveBitGetsAnEvenPortAndATokenForTheNextOne() {
        StunMessage response = rtp.send(rtp.signed(allocateRequest().evenPort(true)));

        int port = response.xorRelayedAddress().orElseThrow().getPort();
        assertEquals(0, port % 2, "EVEN-PORT asks for an even port, got " + port);
        byte[] token = response.reservationToken().orElseThrow(() -> new AssertionError("no RESERVATION-TOKEN: " + response));
        assertEquals(8, token.length);

        StunMessage reserved = rtcp.send(rtcp.signed(allocateRequest().reservationToken(token)));
        assertEquals(port + 1, reserved.xorRelayedAddress().orElseThrow().getPort(),
                "the token claims the port next to the even one");
        assertFalse(reserved.reservationToken().isPresent(), "only an R-bit request is given a token");
        assertEquals(2, server.allocationCount());
    }

    @Test
    void evenPortWithoutReserveBitGetsAnEvenPortAndNoToken() {
        StunMessage response = rtp.send(rtp.signed(allocateRequest().evenPort(false)));
        assertEquals(0, response.xorRelayedAddress().orElseThrow().getPort() % 2);
        assertFalse(response.reservationToken().isPresent());
    }

    @Test
    void aTokenIsUsedOnce() {
        byte[] token = rtp.send(rtp.signed(allocateRequest().evenPort(true))).reservationToken().orElseThrow();
        rtcp.send(rtcp.signed(allocateRequest().reservationToken(token)));

        TurnFixture third = new TurnFixture(server, TurnFixture.client("192.0.2.77", 50002, Transport.UDP));
        assertEquals(508, errorOf(third.send(third.signed(allocateRequest().reservationToken(token)))));
    }

    @Test
    void aTokenNeverIssuedGets508() {
        assertEquals(508, errorOf(rtcp.send(rtcp.signed(allocateRequest().reservationToken(new byte[8])))));
        assertEquals(0, server.allocationCount());
    }

    @Test
    void aReservationLapsesAfterThirtySecondsAndItsPortIsFreeAgain() {
        TurnServer small = new TurnServer(TurnFixture.config().withRelayPorts(50000, 50001), new byte[] {1});
        TurnFixture first = new TurnFixture(small, TurnFixture.client("192.0.2.77", 50000, Transport.UDP));
        TurnFixture second = new TurnFixture(small, TurnFixture.client("192.0.2.77", 50001, Transport.UDP));
        byte[] token = first.send(first.signed(allocateRequest().evenPort(true))).reservationToken().orElseThrow();

        assertEquals(508, errorOf(second.send(second.signed(allocateRequest()))), "50001 is held for the token");
        second.now = T0.plus(PortReservations.HOLD);
        small.expire(second.now);
        assertEquals(508, errorOf(second.send(second.signed(allocateRequest().reservationToken(token)))),
                "a lapsed token claims nothing");
        assertEquals(50001, second.allocate().xorRelayedAddress().orElseThrow().getPort(),
                "the lapsed reservation's port went back to the pool");
    }

    @Test
    void aTokenPresentedJustBeforeTheHoldEndsStillWorks() {
        byte[] token = rtp.send(rtp.signed(allocateRequest().evenPort(true))).reservationToken().orElseThrow();
        rtcp.now = T0.plus(PortReservations.HOLD).minusMillis(1);
        server.expire(rtcp.now);
        assertTrue(rtcp.send(rtcp.signed(allocateRequest().reservationToken(token))).xorRelayedAddress().isPresent());
    }

    @Test
    void tokenTogetherWithEvenPortOrAddressFamilyGets400() {
        byte[] token = rtp.send(rtp.signed(allocateRequest().evenPort(true))).reservationToken().orElseThrow();
        assertEquals(400, errorOf(rtcp.send(rtcp.signed(allocateRequest().reservationToken(token).evenPort(false)))));
        assertEquals(400, errorOf(rtcp.send(rtcp.signed(allocateRequest().reservationToken(token).requestedAddressFamily(1)))));
    }

    @Test
    void noFreePairGets508() {
        // 50001-50002: the only even port, 50002, has no neighbour inside the range.
        TurnServer small = new TurnServer(TurnFixture.config().withRelayPorts(50001, 50002), new byte[] {1});
        TurnFixture client = new TurnFixture(small, TurnFixture.client("192.0.2.77", 50000, Transport.UDP));
        assertEquals(508, errorOf(client.send(client.signed(allocateRequest().evenPort(true)))));
        assertEquals(0, small.allocationCount());
    }

    @Test
    void aRelaySocketThatCannotBindGets508AndNoAllocation() {
        TurnServer small = new TurnServer(TurnFixture.config().withRelayPorts(50000, 50000), new byte[] {1});
        TurnFixture client = new TurnFixture(small, TurnFixture.client("192.0.2.77", 50000, Transport.UDP));
        TurnOutcome outcome = client.outcomeOf(client.signed(allocateRequest()));
        TurnAction.OpenRelay open = assertInstanceOf(TurnAction.OpenRelay.class, outcome.actions().get(0));

        TurnOutcome refused = small.relayUnavailable(open);

        assertEquals(List.of(new TurnAction.SendToClient(client.tuple, open.refused())), refused.actions());
        assertEquals(508, errorOf(TurnFixture.parse(open.refused())));
        assertEquals(0, small.allocationCount(), "no allocation may outlive its relay socket");
        assertEquals(1, small.relayBindFailures());
        assertEquals(50000, client.allocate().xorRelayedAddress().orElseThrow().getPort(),
                "the port went back to the pool and the same 5-tuple can try again");
    }
}
