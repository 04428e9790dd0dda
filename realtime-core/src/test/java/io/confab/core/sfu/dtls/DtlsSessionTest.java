package io.confab.core.sfu.dtls;

import static io.confab.core.sfu.srtp.SrtpProfile.AEAD_AES_128_GCM;
import static io.confab.core.sfu.srtp.SrtpProfile.AES_CM_128_HMAC_SHA1_80;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.confab.core.sfu.dtls.DtlsHandshakeException.Reason;
import io.confab.core.sfu.srtp.SrtpProfile;
import io.confab.testing.Eventually;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Our CLIENT and SERVER roles handshake with each other over an in-memory pipe: each session's
 * sender feeds the other's receive, as the UDP socket and demux would.
 */
@Timeout(30)
class DtlsSessionTest {
    private static final DtlsCertificate CLIENT_CERTIFICATE = DtlsCertificate.generate("bot");
    private static final DtlsCertificate SERVER_CERTIFICATE = DtlsCertificate.generate("sfu");
    private static final DtlsCertificate STRANGER = DtlsCertificate.generate("mallory");
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** How long a test waits for a future before calling the run hung; not a performance bound. */
    private static final long WAIT_SECONDS = 15;

    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "dtls-test");
        thread.setDaemon(true);
        return thread;
    });
    private final List<DtlsSession> sessions = new ArrayList<>();

    @AfterEach
    void closeEverything() {
        sessions.forEach(DtlsSession::close);
        executor.shutdownNow();
    }

    private static DtlsParameters client(Fingerprint expectedServer, List<SrtpProfile> profiles) {
        return new DtlsParameters(DtlsRole.CLIENT, CLIENT_CERTIFICATE, expectedServer, profiles, TIMEOUT);
    }

    private static DtlsParameters server(Fingerprint expectedClient, List<SrtpProfile> profiles) {
        return new DtlsParameters(DtlsRole.SERVER, SERVER_CERTIFICATE, expectedClient, profiles, TIMEOUT);
    }

    private DtlsSession session(DtlsParameters parameters, Consumer<byte[]> sender) {
        DtlsSession session = new DtlsSession(parameters, sender, executor);
        sessions.add(session);
        return session;
    }

    /** Two sessions wired to each other; index 0 is the client, 1 the server. Not started. */
    private DtlsSession[] pipe(DtlsParameters clientParameters, DtlsParameters serverParameters) {
        AtomicReference<DtlsSession> serverEnd = new AtomicReference<>();
        DtlsSession clientSession = session(clientParameters, datagram -> serverEnd.get().receive(datagram));
        DtlsSession serverSession = session(serverParameters, clientSession::receive);
        serverEnd.set(serverSession);
        return new DtlsSession[] {clientSession, serverSession};
    }

    private DtlsSession[] webRtcPipe() {
        return pipe(client(SERVER_CERTIFICATE.fingerprint(), DtlsParameters.WEBRTC_PROFILES),
                server(CLIENT_CERTIFICATE.fingerprint(), DtlsParameters.WEBRTC_PROFILES));
    }

    private static void startBoth(DtlsSession[] pair) {
        pair[1].start();
        pair[0].start();
    }

    private static DtlsHandshakeResult completed(DtlsSession session) throws Exception {
        return session.handshake().get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    private static DtlsHandshakeException failure(DtlsSession session) throws Exception {
        ExecutionException thrown = assertThrows(ExecutionException.class,
                () -> session.handshake().get(WAIT_SECONDS, TimeUnit.SECONDS),
                () -> session.role() + " handshake was expected to fail");
        return assertInstanceOf(DtlsHandshakeException.class, thrown.getCause());
    }

    private static DtlsCloseReason closeReason(DtlsSession session) throws Exception {
        return session.closed().get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void clientAndServerAgreeOnProfileAndKeyingMaterial() throws Exception {
        DtlsSession[] pair = webRtcPipe();
        startBoth(pair);
        DtlsHandshakeResult client = completed(pair[0]);
        DtlsHandshakeResult server = completed(pair[1]);

        assertEquals(DtlsRole.CLIENT, client.role());
        assertEquals(DtlsRole.SERVER, server.role());
        assertEquals(AES_CM_128_HMAC_SHA1_80, client.profile(), "the first WebRTC profile both offer");
        assertEquals(client.profile(), server.profile());
        assertEquals(60, client.keyingMaterial().length, "two 16-byte keys and two 14-byte salts");
        assertArrayEquals(client.keyingMaterial(), server.keyingMaterial());
        assertArrayEquals(client.localMasterKey(), server.remoteMasterKey(), "what the client sends, the server decrypts");
        assertArrayEquals(client.remoteMasterSalt(), server.localMasterSalt());
        assertFalse(pair[0].closed().isDone(), "the session stays open after the handshake");
        assertEquals(0, pair[0].handshakesFailed() + pair[1].handshakesFailed());
        assertTrue(pair[0].datagramsSent() > 0 && pair[1].datagramsReceived() >= pair[0].datagramsSent());
    }

    @Test
    void aesCmProfileExportsSixtyBytes() throws Exception {
        DtlsSession[] pair = pipe(client(SERVER_CERTIFICATE.fingerprint(), List.of(AES_CM_128_HMAC_SHA1_80)),
                server(CLIENT_CERTIFICATE.fingerprint(), DtlsParameters.WEBRTC_PROFILES));
        startBoth(pair);
        DtlsHandshakeResult client = completed(pair[0]);
        assertEquals(AES_CM_128_HMAC_SHA1_80, client.profile());
        assertEquals(0x0001, client.profile().id());
        assertEquals(60, client.keyingMaterial().length);
        assertArrayEquals(client.keyingMaterial(), completed(pair[1]).keyingMaterial());
    }

    @Test
    void serverPicksByItsOwnPreferenceAmongWhatTheClientOffers() throws Exception {
        DtlsSession[] pair = pipe(client(SERVER_CERTIFICATE.fingerprint(), List.of(AES_CM_128_HMAC_SHA1_80, AEAD_AES_128_GCM)),
                server(CLIENT_CERTIFICATE.fingerprint(), List.of(AEAD_AES_128_GCM, AES_CM_128_HMAC_SHA1_80)));
        startBoth(pair);
        assertEquals(AEAD_AES_128_GCM, completed(pair[0]).profile());
        assertEquals(AEAD_AES_128_GCM, completed(pair[1]).profile());
    }

    @Test
    void clientRefusesAServerWhoseCertificateIsNotTheSdpFingerprint() throws Exception {
        DtlsSession[] pair = pipe(client(STRANGER.fingerprint(), DtlsParameters.WEBRTC_PROFILES),
                server(CLIENT_CERTIFICATE.fingerprint(), DtlsParameters.WEBRTC_PROFILES));
        startBoth(pair);
        DtlsHandshakeException clientFailure = failure(pair[0]);
        assertEquals(Reason.FINGERPRINT_MISMATCH, clientFailure.reason(), clientFailure.getMessage());
        assertTrue(clientFailure.getMessage().contains(SERVER_CERTIFICATE.fingerprint().toSdp()), clientFailure.getMessage());
        assertEquals(Reason.PEER_ALERT, failure(pair[1]).reason(), "the server hears bad_certificate");
        assertEquals(1, pair[0].handshakesFailed());
        assertEquals(DtlsCloseReason.HANDSHAKE_FAILED, closeReason(pair[0]));
    }

    @Test
    void serverRefusesAClientWhoseCertificateIsNotTheSdpFingerprint() throws Exception {
        DtlsSession[] pair = pipe(client(SERVER_CERTIFICATE.fingerprint(), DtlsParameters.WEBRTC_PROFILES),
                server(STRANGER.fingerprint(), DtlsParameters.WEBRTC_PROFILES));
        startBoth(pair);
        DtlsHandshakeException serverFailure = failure(pair[1]);
        assertEquals(Reason.FINGERPRINT_MISMATCH, serverFailure.reason(), serverFailure.getMessage());
        assertEquals(Reason.PEER_ALERT, failure(pair[0]).reason());
        assertEquals(1, pair[1].handshakesFailed());
        assertEquals(DtlsCloseReason.HANDSHAKE_FAILED, closeReason(pair[1]));
    }

    @Test
    void noCommonSrtpProfileFailsTheHandshake() throws Exception {
        DtlsSession[] pair = pipe(client(SERVER_CERTIFICATE.fingerprint(), List.of(AES_CM_128_HMAC_SHA1_80)),
                server(CLIENT_CERTIFICATE.fingerprint(), List.of(AEAD_AES_128_GCM)));
        startBoth(pair);
        DtlsHandshakeException serverFailure = failure(pair[1]);
        assertEquals(Reason.NO_COMMON_SRTP_PROFILE, serverFailure.reason(), serverFailure.getMessage());
        assertTrue(serverFailure.getMessage().contains("0x0001"), serverFailure.getMessage());
        DtlsHandshakeException clientFailure = failure(pair[0]);
        assertEquals(Reason.PEER_ALERT, clientFailure.reason(), clientFailure.getMessage());
        assertTrue(clientFailure.getMessage().contains("handshake_failure"), clientFailure.getMessage());
    }

    @Test
    void serverWhoseClientNeverSpeaksTimesOut() throws Exception {
        DtlsSession server = session(new DtlsParameters(DtlsRole.SERVER, SERVER_CERTIFICATE,
                CLIENT_CERTIFICATE.fingerprint(), DtlsParameters.WEBRTC_PROFILES, Duration.ofSeconds(1)), datagram -> { });
        server.start();
        assertEquals(Reason.TIMEOUT, failure(server).reason());
        assertEquals(1, server.handshakesFailed());
        assertEquals(DtlsCloseReason.HANDSHAKE_FAILED, closeReason(server));
        server.receive(new byte[] {22, (byte) 0xFE, (byte) 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        assertEquals(1, server.datagramsDropped(), "nothing is queued once the handshake has failed");
    }

    @Test
    void clientWhoseServerNeverAnswersTimesOutAfterRetransmitting() throws Exception {
        List<byte[]> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
        DtlsSession client = session(new DtlsParameters(DtlsRole.CLIENT, CLIENT_CERTIFICATE,
                SERVER_CERTIFICATE.fingerprint(), DtlsParameters.WEBRTC_PROFILES, Duration.ofMillis(1500)), sent::add);
        client.start();
        assertEquals(Reason.TIMEOUT, failure(client).reason());
        assertTrue(sent.size() >= 2, "ClientHello sent and retransmitted (RFC 6347 §4.2.4), got " + sent.size());
        assertTrue(sent.stream().allMatch(d -> d[0] == 22 && d.length <= 1200), "handshake records within the MTU");
    }

    @Test
    void malformedDatagramsAreDroppedAndTheHandshakeStillCompletes() throws Exception {
        DtlsSession[] pair = webRtcPipe();
        for (DtlsSession session : pair) {
            feedJunk(session);
        }
        assertEquals(7, pair[1].datagramsDropped(),
                "refused before reaching BC: null, empty, short, STUN, RTP, oversize, short protected record");
        startBoth(pair);
        for (DtlsSession session : pair) {
            feedJunk(session);
        }
        DtlsHandshakeResult client = completed(pair[0]);
        assertArrayEquals(client.keyingMaterial(), completed(pair[1]).keyingMaterial());
        for (DtlsSession session : pair) {
            feedJunk(session);
            session.receive(new byte[] {22, 1}, 5, 10);
            session.receive(null, 0, 0);
        }
        assertFalse(pair[0].closed().isDone() || pair[1].closed().isDone(), "junk after the handshake closes nothing");
        pair[0].close();
        assertEquals(DtlsCloseReason.PEER_CLOSE_NOTIFY, closeReason(pair[1]), "and the session still hears close_notify");
        assertTrue(pair[1].datagramsDropped() >= 3 * 7 + 2, "dropped " + pair[1].datagramsDropped());
    }

    /** Datagrams a hostile or broken peer could send: 7 the session refuses itself, 4 it passes on for BC to discard. */
    private static void feedJunk(DtlsSession session) {
        session.receive((byte[]) null);
        session.receive(new byte[0]);
        session.receive(new byte[] {22, (byte) 0xFE, (byte) 0xFD, 0, 0});
        session.receive(new byte[] {0, 1, 0, 0, 0x21, 0x12, (byte) 0xA4, 0x42, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        session.receive(new byte[] {(byte) 0x80, 0x60, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0});
        session.receive(new byte[QueuedDatagramTransport.RECEIVE_LIMIT + 1]);
        // Unknown content type 63, still in the DTLS range of RFC 7983.
        session.receive(record(63, 0, new byte[] {1, 2, 3}));
        // A handshake record from an epoch that does not exist.
        session.receive(record(22, 7, new byte[40]));
        // A length field longer than the datagram.
        byte[] truncated = record(22, 0, new byte[] {1, 0, 0, 0});
        truncated[12] = 100;
        session.receive(truncated);
        // Application data under epoch 1 that cannot authenticate.
        session.receive(record(23, 1, new byte[40]));
        // A protected alert shorter than GCM's nonce and tag, which BC would answer with a fatal decode_error.
        session.receive(record(21, 1, new byte[] {2, 0}));
    }

    private static byte[] record(int contentType, int epoch, byte[] fragment) {
        byte[] record = new byte[13 + fragment.length];
        record[0] = (byte) contentType;
        record[1] = (byte) 0xFE;
        record[2] = (byte) 0xFD;
        record[3] = (byte) (epoch >>> 8);
        record[4] = (byte) epoch;
        record[10] = 99;
        record[11] = (byte) (fragment.length >>> 8);
        record[12] = (byte) fragment.length;
        System.arraycopy(fragment, 0, record, 13, fragment.length);
        return record;
    }

    @Test
    void closeSendsCloseNotifyWhichThePeerReports() throws Exception {
        DtlsSession[] pair = webRtcPipe();
        startBoth(pair);
        completed(pair[0]);
        completed(pair[1]);
        pair[1].close();
        assertEquals(DtlsCloseReason.LOCAL_CLOSE, closeReason(pair[1]));
        assertEquals(DtlsCloseReason.PEER_CLOSE_NOTIFY, closeReason(pair[0]));
        long dropped = pair[1].datagramsDropped();
        pair[1].receive(record(23, 1, new byte[40]));
        assertEquals(dropped + 1, pair[1].datagramsDropped(), "datagrams after close are dropped");
        pair[1].close();
    }

    @Test
    void idleSessionsGiveTheirThreadsBackAndStillHearCloseNotify() throws Exception {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(0, 8, 10, TimeUnit.SECONDS, new SynchronousQueue<>());
        try {
            AtomicReference<DtlsSession> serverEnd = new AtomicReference<>();
            DtlsSession client = new DtlsSession(client(SERVER_CERTIFICATE.fingerprint(), DtlsParameters.WEBRTC_PROFILES),
                    datagram -> serverEnd.get().receive(datagram), pool);
            DtlsSession server = new DtlsSession(server(CLIENT_CERTIFICATE.fingerprint(), DtlsParameters.WEBRTC_PROFILES),
                    client::receive, pool);
            serverEnd.set(server);
            sessions.add(client);
            sessions.add(server);
            server.start();
            client.start();
            completed(client);
            completed(server);

            Eventually.within(Duration.ofSeconds(WAIT_SECONDS)).every(Duration.ofMillis(10))
                    .until("established, idle sessions to hold no thread", () -> pool.getActiveCount() == 0);
            assertFalse(client.closed().isDone());

            server.close();
            assertEquals(DtlsCloseReason.LOCAL_CLOSE, closeReason(server));
            assertEquals(DtlsCloseReason.PEER_CLOSE_NOTIFY, closeReason(client), "the datagram woke a read task");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void closingDuringTheHandshakeFailsItAsClosed() throws Exception {
        DtlsSession server = session(server(CLIENT_CERTIFICATE.fingerprint(), DtlsParameters.WEBRTC_PROFILES), datagram -> { });
        server.start();
        server.close();
        assertEquals(Reason.CLOSED, failure(server).reason());
        assertEquals(DtlsCloseReason.LOCAL_CLOSE, closeReason(server));
        assertEquals(0, server.handshakesFailed(), "our own close is not a failed handshake");
    }

    @Test
    void closingBeforeStartCompletesBothFutures() throws Exception {
        DtlsSession client = session(client(SERVER_CERTIFICATE.fingerprint(), DtlsParameters.WEBRTC_PROFILES), datagram -> { });
        client.close();
        client.start();
        assertEquals(Reason.CLOSED, failure(client).reason());
        assertEquals(DtlsCloseReason.LOCAL_CLOSE, closeReason(client));
    }

    @Test
    void datagramsArrivingBeforeStartAreKeptForTheHandshake() throws Exception {
        DtlsSession[] pair = webRtcPipe();
        pair[0].start();
        // The ClientHello sits in the server's queue until the server starts.
        CompletableFuture<DtlsHandshakeResult> client = pair[0].handshake();
        pair[1].start();
        assertArrayEquals(client.get(WAIT_SECONDS, TimeUnit.SECONDS).keyingMaterial(), completed(pair[1]).keyingMaterial());
    }

    @Test
    void aSenderThatThrowsIsCountedAndTheFlightRetransmitted() throws Exception {
        AtomicReference<DtlsSession> serverEnd = new AtomicReference<>();
        AtomicBoolean failedOnce = new AtomicBoolean();
        DtlsSession clientSession = session(client(SERVER_CERTIFICATE.fingerprint(), DtlsParameters.WEBRTC_PROFILES), datagram -> {
            if (failedOnce.compareAndSet(false, true)) {
                throw new IllegalStateException("ICE not writable yet");
            }
            serverEnd.get().receive(datagram);
        });
        DtlsSession serverSession = session(server(CLIENT_CERTIFICATE.fingerprint(), DtlsParameters.WEBRTC_PROFILES),
                clientSession::receive);
        serverEnd.set(serverSession);
        startBoth(new DtlsSession[] {clientSession, serverSession});
        assertArrayEquals(completed(clientSession).keyingMaterial(), completed(serverSession).keyingMaterial());
        assertEquals(1, clientSession.sendFailures());
    }

    @Test
    void aClientWhoseExecutorRefusesFailsItsHandshake() throws Exception {
        DtlsSession session = new DtlsSession(client(SERVER_CERTIFICATE.fingerprint(), DtlsParameters.WEBRTC_PROFILES),
                datagram -> { }, task -> {
                    throw new RejectedExecutionException("shut down");
                });
        session.start();
        assertEquals(Reason.INTERNAL_ERROR, failure(session).reason());
        assertEquals(DtlsCloseReason.HANDSHAKE_FAILED, closeReason(session));
        assertThrows(IllegalStateException.class, session::start, "start is once only");
    }

    @Test
    void aServerTakesNoThreadUntilTheClientHelloArrives() throws Exception {
        AtomicInteger serverTasks = new AtomicInteger();
        AtomicReference<DtlsSession> serverEnd = new AtomicReference<>();
        DtlsSession clientSession = session(client(SERVER_CERTIFICATE.fingerprint(), DtlsParameters.WEBRTC_PROFILES),
                datagram -> serverEnd.get().receive(datagram));
        DtlsSession serverSession = new DtlsSession(server(CLIENT_CERTIFICATE.fingerprint(), DtlsParameters.WEBRTC_PROFILES),
                clientSession::receive, task -> {
                    serverTasks.incrementAndGet();
                    executor.execute(task);
                });
        sessions.add(serverSession);
        serverEnd.set(serverSession);

        serverSession.start();
        serverSession.receive(record(22, 7, new byte[40]));
        assertEquals(0, serverTasks.get(), "a started server with no ClientHello has given the executor nothing");
        clientSession.start();
        assertArrayEquals(completed(clientSession).keyingMaterial(), completed(serverSession).keyingMaterial());
        assertTrue(serverTasks.get() >= 1, "the ClientHello handed the handshake to the executor");
    }

    @Test
    void aServerWhoseExecutorIsFullWaitsForTheClientsRetransmission() throws Exception {
        AtomicInteger refusals = new AtomicInteger();
        AtomicReference<DtlsSession> serverEnd = new AtomicReference<>();
        DtlsSession clientSession = session(client(SERVER_CERTIFICATE.fingerprint(), DtlsParameters.WEBRTC_PROFILES),
                datagram -> serverEnd.get().receive(datagram));
        DtlsSession serverSession = new DtlsSession(server(CLIENT_CERTIFICATE.fingerprint(), DtlsParameters.WEBRTC_PROFILES),
                clientSession::receive, task -> {
                    // The first offer finds every thread busy; the retransmitted ClientHello offers it again.
                    if (refusals.get() == 0) {
                        refusals.incrementAndGet();
                        throw new RejectedExecutionException("all DTLS threads busy");
                    }
                    executor.execute(task);
                });
        sessions.add(serverSession);
        serverEnd.set(serverSession);
        startBoth(new DtlsSession[] {clientSession, serverSession});

        assertArrayEquals(completed(clientSession).keyingMaterial(), completed(serverSession).keyingMaterial());
        assertEquals(1, refusals.get());
        assertEquals(0, serverSession.handshakesFailed(), "a refused task is not a failed handshake");
        assertTrue(clientSession.datagramsSent() > 5, "the client retransmitted its ClientHello, sent "
                + clientSession.datagramsSent());
    }

    @Test
    void aServerWhoseExecutorNeverTakesTheTaskTimesOutWithinItsTimeout() throws Exception {
        AtomicInteger offers = new AtomicInteger();
        DtlsSession server = new DtlsSession(new DtlsParameters(DtlsRole.SERVER, SERVER_CERTIFICATE,
                CLIENT_CERTIFICATE.fingerprint(), DtlsParameters.WEBRTC_PROFILES, Duration.ofSeconds(1)), datagram -> { },
                task -> {
                    offers.incrementAndGet();
                    throw new RejectedExecutionException("all DTLS threads busy");
                });
        sessions.add(server);
        server.start();
        byte[] clientHello = new byte[40];
        clientHello[0] = 1;
        server.receive(record(22, 0, clientHello));
        DtlsHandshakeException timedOut = failure(server);
        assertEquals(Reason.TIMEOUT, timedOut.reason(), timedOut.getMessage());
        assertEquals(1, offers.get(), "the ClientHello offered the task once");
        assertEquals(DtlsCloseReason.HANDSHAKE_FAILED, closeReason(server));
    }

    @Test
    void aLostFinalFlightIsAnsweredByAReadTaskAfterTheServerGaveItsThreadBack() throws Exception {
        AtomicReference<DtlsSession> serverEnd = new AtomicReference<>();
        AtomicLong firstDrop = new AtomicLong();
        AtomicInteger dropped = new AtomicInteger();
        DtlsSession clientSession = session(client(SERVER_CERTIFICATE.fingerprint(), DtlsParameters.WEBRTC_PROFILES),
                datagram -> serverEnd.get().receive(datagram));
        DtlsSession serverSession = session(server(CLIENT_CERTIFICATE.fingerprint(), DtlsParameters.WEBRTC_PROFILES), datagram -> {
            // The server's final flight (ChangeCipherSpec, then Finished under epoch 1) is lost the first
            // time it is sent; the client retransmits its own flight a second later (RFC 6347 §4.2.4.1).
            boolean finalFlight = datagram[0] == 20 || datagram[3] != 0 || datagram[4] != 0;
            long now = System.nanoTime();
            if (finalFlight && (firstDrop.compareAndSet(0, now) || now - firstDrop.get() < 300_000_000L)) {
                dropped.incrementAndGet();
                return;
            }
            clientSession.receive(datagram);
        });
        serverEnd.set(serverSession);
        startBoth(new DtlsSession[] {clientSession, serverSession});

        DtlsHandshakeResult server = completed(serverSession);
        assertArrayEquals(completed(clientSession).keyingMaterial(), server.keyingMaterial(),
                "the retransmitted final flight reached the client");
        assertTrue(dropped.get() >= 1, "the first final flight was dropped, so only its retransmission could finish the client");
    }
}
