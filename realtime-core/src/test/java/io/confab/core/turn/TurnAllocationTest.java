package io.confab.core.turn;

import static io.confab.core.turn.TurnFixture.RELAY_HOST;
import static io.confab.core.turn.TurnFixture.T0;
import static io.confab.core.turn.TurnFixture.allocateRequest;
import static io.confab.core.turn.TurnFixture.errorOf;
import static io.confab.core.turn.TurnFixture.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.confab.core.stun.StunClass;
import io.confab.core.stun.StunMessage;
import io.confab.core.stun.StunMessageBuilder;
import io.confab.core.stun.StunMethod;
import io.confab.core.stun.TransactionId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Allocate and Refresh (RFC 8656 §7, §8): lifetimes, quotas, and the error code for each refusal. */
class TurnAllocationTest {

    private final TurnFixture client = new TurnFixture();

    @Test
    void allocationAnswersWithRelayedAndMappedAddressesAndDefaultLifetime() {
        TurnOutcome outcome = client.outcomeOf(client.signed(allocateRequest()));

        assertEquals(1, outcome.actions().size(), () -> "one OpenRelay, carrying the answer: " + outcome);
        TurnAction.OpenRelay open = assertInstanceOf(TurnAction.OpenRelay.class, outcome.actions().get(0),
                "the relay socket must be opened before the client learns its address");
        StunMessage response = TurnFixture.parse(open.granted());
        assertEquals(508, errorOf(TurnFixture.parse(open.refused())), "the answer should the socket not bind");
        assertEquals(response.transactionId(), TurnFixture.parse(open.refused()).transactionId());
        assertEquals(open.relay(), response.xorRelayedAddress().orElseThrow());
        assertEquals(RELAY_HOST, open.relay().getAddress());
        assertTrue(open.relay().getPort() >= TurnConfig.DEFAULT_RELAY_PORT_MIN);
        assertEquals(client.tuple.client(), response.xorMappedAddress().orElseThrow());
        assertEquals(Duration.ofSeconds(600), response.lifetime().orElseThrow());
    }

    @Test
    void requestedLifetimeIsCappedAtTheMaximumAndRaisedToTheDefault() {
        assertEquals(Duration.ofSeconds(3600), client.send(client.signed(allocateRequest().lifetime(Duration.ofDays(1))))
                .lifetime().orElseThrow());
        TurnFixture other = new TurnFixture(TurnFixture.config(), TurnFixture.client("192.0.2.78", 1, Transport.UDP));
        assertEquals(Duration.ofSeconds(600), other.send(other.signed(allocateRequest().lifetime(Duration.ofSeconds(30))))
                .lifetime().orElseThrow());
    }

    @Test
    void secondAllocateOnTheSameFiveTupleGets437() {
        client.allocate();
        assertEquals(437, errorOf(client.send(client.signed(allocateRequest()))));
    }

    @Test
    void retransmittedAllocateGetsTheSameSuccessAgain() {
        String nonce = client.nonce();
        TransactionId id = TransactionId.random();
        byte[] request = client.signed(new StunMessageBuilder(StunClass.REQUEST, StunMethod.ALLOCATE, id).requestedTransport(17), nonce);
        StunMessage first = client.send(request);
        StunMessage again = client.send(request);

        assertEquals(StunClass.SUCCESS_RESPONSE, again.stunClass(), again::toString);
        assertEquals(first.xorRelayedAddress(), again.xorRelayedAddress());
        assertEquals(1, client.server.allocationCount());
    }

    @Test
    void missingRequestedTransportIsABadRequest() {
        assertEquals(400, errorOf(client.send(client.signed(request(StunMethod.ALLOCATE)))));
    }

    @Test
    void tcpRelayingGets442() {
        assertEquals(442, errorOf(client.send(client.signed(request(StunMethod.ALLOCATE).requestedTransport(6)))));
    }

    @Test
    void ipv6RelayOnAnIpv4ServerGets440() {
        assertEquals(440, errorOf(client.send(client.signed(allocateRequest().requestedAddressFamily(0x02)))));
    }

    @Test
    void evenPortWithoutReservationGetsAnEvenPort() {
        StunMessage response = client.send(client.signed(allocateRequest().evenPort(false)));
        assertEquals(0, response.xorRelayedAddress().orElseThrow().getPort() % 2);
    }

    @Test
    void unknownComprehensionRequiredAttributeGets420ListingIt() {
        StunMessage response = client.send(client.signed(allocateRequest().add(0x7F31, new byte[] {1, 2})));

        assertEquals(420, errorOf(response));
        assertEquals(List.of(0x7F31), response.unknownAttributes().orElseThrow());
    }

    @Test
    void unknownComprehensionOptionalAttributeIsIgnored() {
        assertEquals(StunClass.SUCCESS_RESPONSE,
                client.send(client.signed(allocateRequest().add(0xC031, new byte[] {1}))).stunClass());
    }

    @Test
    void perUserAndTotalQuotasAnswer486And508() {
        TurnFixture alice1 = new TurnFixture(TurnFixture.config().withQuotas(1, 2));
        TurnServer server = alice1.server;
        alice1.allocate();
        TurnFixture alice2 = sharing(server, "192.0.2.77", 2);
        assertEquals(486, errorOf(alice2.send(alice2.signed(allocateRequest()))));
        TurnFixture bob = sharing(server, "192.0.2.88", 1);
        bob.username = "bob";
        bob.password = "builder";
        bob.allocate();
        TurnFixture carol = sharing(server, "192.0.2.99", 1);
        EphemeralCredential credential = EphemeralCredential.issue(TurnFixture.SECRET, "carol", T0.plusSeconds(600));
        carol.username = credential.username();
        carol.password = credential.password();
        assertEquals(508, errorOf(carol.send(carol.signed(allocateRequest()))));
    }

    @Test
    void theQuotaCountsPerUserAcrossTheirEphemeralNames() {
        TurnServer server = new TurnFixture(TurnFixture.config().withQuotas(2, 100)).server;
        // Each join issues a new "expiry:user" name; all of them are one user's quota.
        for (int join = 0; join < 2; join++) {
            TurnFixture carol = ephemeral(server, "192.0.2.50", 4000 + join, "carol", T0.plusSeconds(600 + join));
            carol.allocate();
        }
        TurnFixture third = ephemeral(server, "192.0.2.51", 4100, "carol", T0.plusSeconds(900));
        assertEquals(486, errorOf(third.send(third.signed(allocateRequest()))),
                "a third join's fresh name must not bring a fresh quota");
        TurnFixture dave = ephemeral(server, "192.0.2.52", 4200, "dave", T0.plusSeconds(900));
        dave.allocate();
    }

    @Test
    void aClosedStreamReleasesItsAllocationAndQuota() {
        TurnFixture tcp = new TurnFixture(TurnFixture.config().withQuotas(1, 10),
                TurnFixture.client("192.0.2.60", 5000, Transport.TCP));
        StunMessage allocated = tcp.allocate();
        TurnOutcome closed = tcp.server.connectionClosed(tcp.tuple);
        assertEquals(List.of(new TurnAction.CloseRelay(allocated.xorRelayedAddress().orElseThrow())), closed.actions());
        assertEquals(0, tcp.server.allocationCount());
        TurnFixture again = new TurnFixture(tcp.server, TurnFixture.client("192.0.2.60", 5001, Transport.TCP));
        again.allocate();
    }

    private static TurnFixture ephemeral(TurnServer server, String host, int port, String user, Instant expiry) {
        TurnFixture client = sharing(server, host, port);
        EphemeralCredential credential = EphemeralCredential.issue(TurnFixture.SECRET, user, expiry);
        client.username = credential.username();
        client.password = credential.password();
        return client;
    }

    @Test
    void exhaustedPortRangeAnswers508() {
        TurnFixture first = new TurnFixture(TurnFixture.config().withRelayPorts(50000, 50000));
        first.allocate();
        TurnFixture second = sharing(first.server, "192.0.2.78", 1);
        assertEquals(508, errorOf(second.send(second.signed(allocateRequest()))));
    }

    @Test
    void refreshExtendsAndLifetimeZeroDeletes() {
        client.allocate();
        client.now = T0.plusSeconds(500);
        StunMessage refreshed = client.send(client.signed(request(StunMethod.REFRESH).lifetime(Duration.ofSeconds(1200))));
        assertEquals(Duration.ofSeconds(1200), refreshed.lifetime().orElseThrow());
        client.now = T0.plusSeconds(1000);
        assertTrue(client.server.allocation(client.tuple, client.now).isPresent(), "refresh should have kept it alive");

        TurnOutcome deleted = client.outcomeOf(client.signed(request(StunMethod.REFRESH).lifetime(Duration.ZERO)));
        assertInstanceOf(TurnAction.CloseRelay.class, deleted.actions().get(0));
        assertEquals(Duration.ZERO, TurnFixture.parse(((TurnAction.SendToClient) deleted.actions().get(1)).bytes())
                .lifetime().orElseThrow());
        assertEquals(0, client.server.allocationCount());
        assertEquals(437, errorOf(client.send(client.signed(request(StunMethod.REFRESH)))));
    }

    @Test
    void refreshByAnotherUserOnTheSameFiveTupleGets441() {
        client.allocate();
        client.username = "bob";
        client.password = "builder";
        assertEquals(441, errorOf(client.send(client.signed(request(StunMethod.REFRESH)))));
    }

    @Test
    void allocationExpiresAfterItsLifetimeAndItsPortIsReleased() {
        StunMessage response = client.allocate();
        TurnOutcome early = client.server.expire(T0.plusSeconds(599));
        assertTrue(early.actions().isEmpty(), early::toString);

        TurnOutcome expired = client.server.expire(T0.plusSeconds(600));

        assertEquals(List.of(new TurnAction.CloseRelay(response.xorRelayedAddress().orElseThrow())), expired.actions());
        assertEquals(0, client.server.allocationCount());
        client.now = T0.plusSeconds(601);
        client.allocate();
    }

    @Test
    void expiredButUnsweptAllocationIsClosedWhenTheFiveTupleAllocatesAgain() {
        client.allocate();
        client.now = T0.plusSeconds(700);
        TurnOutcome outcome = client.outcomeOf(client.signed(allocateRequest()));
        assertInstanceOf(TurnAction.CloseRelay.class, outcome.actions().get(0));
        assertInstanceOf(TurnAction.OpenRelay.class, outcome.actions().get(1));
        assertEquals(1, client.server.allocationCount());
    }

    private static TurnFixture sharing(TurnServer server, String host, int port) {
        return new TurnFixture(server, TurnFixture.client(host, port, Transport.UDP));
    }
}
