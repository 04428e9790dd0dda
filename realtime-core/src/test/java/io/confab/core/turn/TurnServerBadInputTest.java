package io.confab.core.turn;

import static io.confab.core.turn.TurnFixture.PEER;
import static io.confab.core.turn.TurnFixture.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.confab.core.ratelimit.RateLimit;
import io.confab.core.stun.StunClass;
import io.confab.core.stun.StunMessageBuilder;
import io.confab.core.stun.StunMethod;
import io.confab.core.stun.TransactionId;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Mutated client traffic never throws out of the server, and the client it came from is still served. */
class TurnServerBadInputTest {

    @Test
    void allocateFloodFromOneSourceIsCutWhileAnotherSourceIsServed() {
        TurnConfig config = TurnFixture.config().withAllocateRate(new RateLimit(1, 5, 1));
        TurnFixture flooder = new TurnFixture(config);
        byte[] unauthenticated = TurnFixture.allocateRequest().encode();
        int answered = 0;
        for (int i = 0; i < 100; i++) {
            answered += flooder.outcomeOf(unauthenticated).actions().size();
        }
        assertEquals(5, answered, "the burst is answered, the rest dropped");
        assertEquals(95, flooder.server.drops(TurnDropReason.RATE_LIMITED));

        TurnFixture neighbour = new TurnFixture(flooder.server, TurnFixture.client("192.0.2.50", 1, Transport.UDP));
        neighbour.username = "bob";
        neighbour.password = "builder";
        neighbour.allocate();

        flooder.now = flooder.now.plusSeconds(3);
        assertEquals(401, TurnFixture.errorOf(flooder.send(unauthenticated)), "tokens come back with time");
    }

    @Test
    void allocateFloodFromOneUserIsCutAcrossSources() {
        TurnConfig config = TurnFixture.config().withAllocateRate(new RateLimit(1, 2, 1)).withQuotas(100, 100);
        TurnServer server = new TurnServer(config, new byte[] {9});
        int granted = 0;
        for (int port = 1; port <= 6; port++) {
            TurnFixture device = new TurnFixture(server, TurnFixture.client("192.0.2." + port, port, Transport.UDP));
            String nonce = device.send(TurnFixture.allocateRequest().encode()).nonce().orElseThrow();
            TurnOutcome outcome = device.outcomeOf(device.signed(TurnFixture.allocateRequest(), nonce));
            granted += outcome.isDropped() ? 0 : 1;
        }
        assertEquals(2, granted);
        assertEquals(4, server.drops(TurnDropReason.RATE_LIMITED));
    }

    @Test
    void thousandsOfMutatedMessagesNeverThrowAndTheAllocationStillWorks() {
        TurnFixture client = new TurnFixture();
        client.allocate();
        client.permit(PEER);
        String nonce = client.nonce();
        List<byte[]> seeds = List.of(
                client.signed(request(StunMethod.CHANNEL_BIND).channelNumber(0x4001).xorPeerAddress(PEER), nonce),
                client.signed(request(StunMethod.REFRESH).lifetime(Duration.ofSeconds(900)), nonce),
                client.signed(request(StunMethod.CREATE_PERMISSION).xorPeerAddress(PEER), nonce),
                client.signed(TurnFixture.allocateRequest(), nonce),
                new StunMessageBuilder(StunClass.INDICATION, StunMethod.SEND, TransactionId.random())
                        .xorPeerAddress(PEER).data(new byte[] {1, 2, 3}).encode(),
                new ChannelData(0x4001, new byte[] {7, 7, 7}).encode(true));
        Random random = new Random(8656);
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = seeds.get(i % seeds.size()).clone();
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
            }
            int length = random.nextInt(4) == 0 ? random.nextInt(bytes.length + 1) : bytes.length;
            client.server.fromClient(client.tuple, bytes, 0, length, client.now);
        }

        assertTrue(client.server.drops(TurnDropReason.MALFORMED) > 0, "some mutations must have been refused");
        assertEquals(1, client.server.allocationCount());
        TurnOutcome send = client.outcomeOf(new StunMessageBuilder(StunClass.INDICATION, StunMethod.SEND, TransactionId.random())
                .xorPeerAddress(PEER).data(new byte[] {1}).encode());
        assertTrue(send.actions().get(0) instanceof TurnAction.SendToPeer, send::toString);
    }
}
