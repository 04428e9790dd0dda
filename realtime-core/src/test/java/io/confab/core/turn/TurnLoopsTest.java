package io.confab.core.turn;

import static io.confab.core.turn.TurnFixture.PEER;
import static io.confab.core.turn.TurnFixture.allocateRequest;
import static io.confab.core.turn.TurnFixture.errorOf;
import static io.confab.core.turn.TurnFixture.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.confab.core.ratelimit.RateLimit;
import io.confab.core.stun.StunClass;
import io.confab.core.stun.StunMessage;
import io.confab.core.stun.StunMethod;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The servers of {@link TurnServer#forLoops}, one per event loop, as one TURN service: quotas, relay
 * ports and reservations are server-wide, a 5-tuple's allocation lives on one loop, and a message
 * that reaches another loop is handed to it.
 */
class TurnLoopsTest {

    private final List<TurnServer> loops = TurnServer.forLoops(TurnFixture.config().withQuotas(2, 3), 2);

    private static TurnFixture on(TurnServer loop, int port) {
        return new TurnFixture(loop, TurnFixture.client("192.0.2.77", port, Transport.UDP));
    }

    @Test
    void aMessageForAnAllocationOnAnotherLoopIsHandedToThatLoop() {
        TurnFixture alice = on(loops.get(0), 50000);
        alice.allocate();
        String nonce = alice.nonce();
        StunMessage bound = alice.send(alice.signed(request(StunMethod.CHANNEL_BIND).channelNumber(0x4000).xorPeerAddress(PEER), nonce));
        assertEquals(StunClass.SUCCESS_RESPONSE, bound.stunClass(), bound::toString);

        TurnFixture sameTupleElsewhere = new TurnFixture(loops.get(1), alice.tuple);
        byte[] frame = new ChannelData(0x4000, new byte[] {1, 2, 3}).encode(false);
        assertEquals(List.of(new TurnAction.HandOff(0)), sameTupleElsewhere.outcomeOf(frame).actions(), "ChannelData");
        assertEquals(List.of(new TurnAction.HandOff(0)),
                sameTupleElsewhere.outcomeOf(sameTupleElsewhere.signed(allocateRequest(), nonce)).actions(),
                "a second Allocate from the same 5-tuple gets its 437 from the owner, not a second allocation");
        assertEquals(0, loops.get(1).allocationsOnThisLoop(), "loop 1 holds none");
        assertEquals(1, loops.get(1).allocationCount(), "the count is server-wide");

        TurnOutcome relayed = alice.outcomeOf(frame);
        assertInstanceOf(TurnAction.SendToPeer.class, relayed.actions().get(0), relayed::toString);
    }

    @Test
    void quotasCountAllocationsOnEveryLoop() {
        on(loops.get(0), 50000).allocate();
        TurnFixture second = on(loops.get(1), 50001);
        second.allocate();
        TurnFixture third = on(loops.get(1), 50002);
        assertEquals(486, errorOf(third.send(third.signed(allocateRequest()))), "alice's quota of 2 is spread over two loops");
        TurnFixture bob = on(loops.get(0), 50003);
        bob.username = "bob";
        bob.password = "builder";
        bob.allocate();
        TurnFixture bob2 = on(loops.get(1), 50004);
        bob2.username = "bob";
        bob2.password = "builder";
        assertEquals(508, errorOf(bob2.send(bob2.signed(allocateRequest()))), "the total of 3 counts both loops");
        assertEquals(3, loops.get(0).allocationCount());
        assertEquals(List.of(2, 1), loops.stream().map(TurnServer::allocationsOnThisLoop).toList());
    }

    @Test
    void aReservationMadeOnOneLoopIsClaimedOnAnother() {
        TurnFixture rtp = on(loops.get(0), 50000);
        StunMessage even = rtp.send(rtp.signed(allocateRequest().evenPort(true)));
        byte[] token = even.reservationToken().orElseThrow();
        TurnFixture rtcp = on(loops.get(1), 50001);
        StunMessage reserved = rtcp.send(rtcp.signed(allocateRequest().reservationToken(token)));
        assertEquals(even.xorRelayedAddress().orElseThrow().getPort() + 1, reserved.xorRelayedAddress().orElseThrow().getPort());
    }

    @Test
    void loopsAllocatingAtOnceNeverShareARelayPortNorPassTheQuota() throws Exception {
        int perLoop = 200;
        // Lifted Allocate rate: 800 Allocates from one user in a moment are the point here.
        List<TurnServer> servers = TurnServer.forLoops(TurnFixture.config().withQuotas(10_000, 300)
                .withAllocateRate(new RateLimit(100_000, 100_000, 1)), 4);
        Set<InetSocketAddress> relays = ConcurrentHashMap.newKeySet();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(servers.size());
        try {
            List<Future<Integer>> refused = new ArrayList<>();
            for (TurnServer server : servers) {
                refused.add(threads.submit(() -> {
                    start.await();
                    int refusals = 0;
                    for (int i = 0; i < perLoop; i++) {
                        // Each thread is one loop: it alone drives its server, as an event loop would.
                        TurnFixture client = new TurnFixture(server, TurnFixture.client("192.0.2." + (server.loop() + 1), 20000 + i,
                                Transport.UDP));
                        StunMessage answer = client.send(client.signed(allocateRequest()));
                        if (answer.stunClass() == StunClass.SUCCESS_RESPONSE) {
                            assertTrue(relays.add(answer.xorRelayedAddress().orElseThrow()), "a relay port given twice");
                        } else {
                            assertEquals(508, errorOf(answer));
                            refusals++;
                        }
                    }
                    return refusals;
                }));
            }
            start.countDown();
            int refusals = 0;
            for (Future<Integer> each : refused) {
                refusals += each.get(60, TimeUnit.SECONDS);
            }
            assertEquals(300, relays.size(), "exactly the total quota is granted, over all loops");
            assertEquals(4 * perLoop - 300, refusals);
            assertEquals(300, servers.get(0).allocationCount());
            assertEquals(300, servers.stream().mapToInt(TurnServer::allocationsOnThisLoop).sum());
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void everyLoopsServerAcceptsTheOthersNonces() {
        TurnFixture first = on(loops.get(0), 50000);
        String nonce = first.nonce();
        TurnFixture second = new TurnFixture(loops.get(1), first.tuple);
        StunMessage allocated = second.send(second.signed(allocateRequest(), nonce));
        assertEquals(StunClass.SUCCESS_RESPONSE, allocated.stunClass(), allocated::toString);
        assertEquals(List.of(0, 1), loops.stream().map(TurnServer::allocationsOnThisLoop).toList());
    }
}
