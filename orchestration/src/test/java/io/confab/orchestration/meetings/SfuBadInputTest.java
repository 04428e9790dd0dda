package io.confab.orchestration.meetings;

import com.fasterxml.jackson.databind.JsonNode;
import io.confab.bot.BotReport;
import io.confab.bot.sdp.BotOffer;
import io.confab.bot.sdp.SfuDescription;
import io.confab.core.sfu.dtls.DtlsCertificate;
import io.confab.core.sfu.ice.IceCredentials;
import io.confab.core.stun.IntegrityKey;
import io.confab.core.stun.StunClass;
import io.confab.core.stun.StunMessageBuilder;
import io.confab.core.stun.StunMethod;
import io.confab.core.stun.TransactionId;
import io.confab.orchestration.SharedPlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SFU under hostile and broken input while a meeting goes on: garbage, truncated STUN, checks
 * with unknown or wrong credentials, RTP and DTLS from addresses no check bound, an offer with only
 * unsupported codecs, and a peer that passes ICE but never starts DTLS. Everything is refused or
 * dropped and counted, and the meeting's two bots keep receiving each other throughout.
 */
@ExtendWith(SharedPlatform.class)
class SfuBadInputTest {

    @Test
    void badInputIsCountedAndNeverDisturbsTheMeeting(SharedPlatform.Running running) throws Exception {
        MeetingFixtures fixtures = new MeetingFixtures(running);
        MeetingFixtures.Account host = fixtures.signUp("Hal");
        String meetingId = fixtures.instantMeeting(host, null, MeetingFixtures.open());
        InetSocketAddress sfu = new InetSocketAddress("127.0.0.1", running.platform().sfu().port());
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<List<BotReport>> meeting = pool.submit(() ->
                    BotsInAMeetingTest.runBots(fixtures.webUrl, meetingId, null, List.of("Ivy", "Jo"), null, Duration.ofSeconds(30), true));
            BotsInAMeetingTest.awaitForwarding(fixtures, 2_000);
            JsonNode before = stats(fixtures);
            assertEquals(401, fixtures.api.get("/api/sfu/stats", null).status(), "live meetings are not shown to anyone");
            assertEquals(401, fixtures.api.get("/api/sfu/stats", "0".repeat(64)).status(), "nor to a wrong key");
            Random random = new Random(42);
            try (DatagramSocket attacker = new DatagramSocket()) {
                for (int i = 0; i < 200; i++) {
                    byte[] garbage = new byte[1 + random.nextInt(1200)];
                    random.nextBytes(garbage);
                    send(attacker, sfu, garbage);
                }
                byte[] check = new StunMessageBuilder(StunClass.REQUEST, StunMethod.BINDING, TransactionId.random())
                        .username("nosuchufrag:x").iceControlling(1).useCandidate()
                        .messageIntegrity(IntegrityKey.shortTerm("not-a-real-password-at-all")).fingerprint().encode();
                send(attacker, sfu, check);
                for (int length = 1; length < check.length; length += 7) {
                    send(attacker, sfu, java.util.Arrays.copyOf(check, length));
                }
                byte[] rtp = new byte[200];
                random.nextBytes(rtp);
                rtp[0] = (byte) 0x80;
                rtp[1] = 96;
                send(attacker, sfu, rtp);
                byte[] dtls = new byte[100];
                random.nextBytes(dtls);
                dtls[0] = 22;
                send(attacker, sfu, dtls);
            }

            // An offer whose only codec the SFU does not forward is refused, not half-accepted.
            SignalingClient client = fixtures.join(meetingId, "Kim", fixtures.ticket(meetingId, "Kim", null, null), null, "joined");
            IceCredentials ice = IceCredentials.random();
            DtlsCertificate certificate = DtlsCertificate.generate("test");
            String pcmuOnly = new BotOffer(7, ice, certificate.fingerprint(), client.participantId, 1, 2, 3, "kim").sdp()
                    .replace("UDP/TLS/RTP/SAVPF 111", "UDP/TLS/RTP/SAVPF 0")
                    .replace("a=rtpmap:111 opus/48000/2", "a=rtpmap:0 PCMU/8000")
                    .replace("a=fmtp:111 minptime=10;useinbandfec=1\r\n", "")
                    .replace("UDP/TLS/RTP/SAVPF 96 97", "UDP/TLS/RTP/SAVPF 100")
                    .replaceAll("a=rtpmap:96 VP8/90000", "a=rtpmap:100 AV2/90000")
                    .replaceAll("a=rtcp-fb:96 [^\r]*\r\n", "").replace("a=rtpmap:97 rtx/90000\r\n", "")
                    .replace("a=fmtp:97 apt=96\r\n", "");
            client.send(client.message("offer").put("sdp", pcmuOnly));

            // A peer that passes ICE with the right password but never starts DTLS is dropped after the handshake timeout.
            SignalingClient silent = fixtures.join(meetingId, "Lou", fixtures.ticket(meetingId, "Lou", null, null), null, "joined");
            IceCredentials silentIce = IceCredentials.random();
            String offer = new BotOffer(8, silentIce, certificate.fingerprint(), silent.participantId, 11, 12, 13, "lou").sdp();
            silent.send(silent.message("offer").put("sdp", offer));
            SfuDescription answer = SfuDescription.parse(silent.await("answer").path("sdp").asText());
            try (DatagramSocket lurker = new DatagramSocket()) {
                byte[] valid = new StunMessageBuilder(StunClass.REQUEST, StunMethod.BINDING, TransactionId.random())
                        .username(answer.ufrag() + ":" + silentIce.ufrag()).priority(1).iceControlling(2).useCandidate()
                        .messageIntegrity(IntegrityKey.shortTerm(answer.password())).fingerprint().encode();
                send(lurker, answer.candidate(), valid);
                lurker.setSoTimeout(3000);
                DatagramPacket response = new DatagramPacket(new byte[1500], 1500);
                lurker.receive(response);
                assertEquals(0x0101, ((response.getData()[0] & 0xFF) << 8) | (response.getData()[1] & 0xFF),
                        "a valid check gets a success response");
            }
            // The test platform's handshake timeout is 10 s (SharedPlatform); the transport must be dropped and counted then.
            BotsInAMeetingTest.awaitStats(fixtures, Duration.ofSeconds(30), "the silent peer's DTLS handshake to fail",
                    now -> delta(before, now, "dtlsHandshakesFailed") >= 1);
            JsonNode after = stats(fixtures);
            assertTrue(delta(before, after, "unknownAddress") >= 2, "RTP/DTLS from unbound addresses: " + after);
            assertTrue(delta(before, after, "iceRefused") + delta(before, after, "iceDropped") >= 2, "bad STUN: " + after);
            assertTrue(delta(before, after, "unknownKind") + delta(before, after, "unknownAddress") + delta(before, after, "iceDropped")
                    >= 150, "garbage not counted: " + after);
            assertTrue(delta(before, after, "offersRefused") >= 1, "the PCMU-only offer was not refused: " + after);
            assertTrue(delta(before, after, "dtlsHandshakesFailed") >= 1, "the silent peer was not dropped: " + after);
            client.close();
            silent.close();

            for (BotReport report : meeting.get()) {
                for (BotReport.Sender sender : report.bySender()) {
                    assertTrue(sender.videoPackets() > 300 && sender.audioPackets() > 600,
                            report.name() + " stopped receiving during the attack: " + report);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void send(DatagramSocket socket, InetSocketAddress to, byte[] bytes) throws Exception {
        socket.send(new DatagramPacket(bytes, bytes.length, to));
    }

    private static JsonNode stats(MeetingFixtures fixtures) {
        return fixtures.api.get("/api/sfu/stats", fixtures.operatorKey).body();
    }

    private static long delta(JsonNode before, JsonNode after, String field) {
        return after.path(field).asLong() - before.path(field).asLong();
    }
}
