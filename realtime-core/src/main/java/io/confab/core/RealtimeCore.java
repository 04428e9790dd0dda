package io.confab.core;

import io.confab.core.db.Database;
import io.confab.core.captions.CaptionFeed;
import io.confab.core.events.EventOutbox;
import io.confab.core.http.HttpServer;
import io.confab.core.http.OperatorCredential;
import io.confab.core.http.Response;
import io.confab.core.http.Router;
import io.confab.core.http.SelfSignedCertificate;
import io.confab.core.accounts.AccountStore;
import io.confab.core.accounts.PasswordHash;
import io.confab.core.accounts.TokenIssuer;
import io.confab.core.meetings.MeetingStore;
import io.confab.core.metrics.CoreMeters;
import io.confab.core.metrics.MetricsServer;
import io.confab.core.guard.Argon2Pool;
import io.confab.core.meetingservice.Audit;
import io.confab.core.meetingservice.GuessGate;
import io.confab.core.meetingservice.AuthRoutes;
import io.confab.core.meetingservice.Authentication;
import io.confab.core.meetingservice.IceServers;
import io.confab.core.meetingservice.MeetingRoutes;
import io.confab.core.signaling.transport.MediaSignalRelay;
import io.confab.core.signaling.transport.SignalingService;
import io.confab.core.turn.PeerPolicy;
import io.confab.core.turn.TurnConfig;
import io.confab.core.turn.transport.TurnListener;
import io.confab.core.sfu.Sfu;
import io.confab.ingest.MediaTap;
import io.netty.handler.ssl.SslContext;

import java.security.SecureRandom;
import java.time.Clock;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * realtime-core's process: the meeting service (REST over PostgreSQL), signaling (WebSocket) and
 * the web client on one HTTP port, publishing to Kafka. Started by the launcher as its own JVM;
 * arguments are {@code --key=value} and {@code --config=FILE}, every key listed with its default in
 * {@code realtime-core.reference.properties} (see {@link CoreConfig}).
 */
public final class RealtimeCore implements AutoCloseable {

    private final CoreConfig config;
    private final Database database;
    private final EventOutbox events;
    private final ThreadPoolExecutor workers;
    private final HttpServer http;
    private final SignalingService signaling;
    private final TurnListener turn;
    private final MediaTap tap;
    private final Sfu sfu;
    private final CaptionFeed captions;
    private final MetricsServer metrics = new MetricsServer();
    private final Argon2Pool argon2;
    private final GuessGate guesses;
    private final io.confab.core.accounts.RevokedTokens revokedTokens;
    private InetSocketAddress address;

    public RealtimeCore(CoreConfig config) throws Exception {
        this.config = config;
        this.database = new Database(config.jdbcUrl(), config.jdbcUser(), config.jdbcPassword(), config.jdbcPoolSize());
        this.events = new EventOutbox(database.dataSource(), config.kafka(), config.kafkaLogin(), config.outbox());
        // REST handlers block on JDBC; a bounded queue turns overload into 503s instead of memory growth.
        this.workers = new ThreadPoolExecutor(config.rest().threads(), config.rest().threads(), 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(config.rest().queue()),
                runnable -> {
                    Thread thread = new Thread(runnable, "rest-worker");
                    thread.setDaemon(true);
                    return thread;
                });
        SslContext ssl = config.tlsEnabled()
                ? SelfSignedCertificate.serverContext(config.tlsCert(), config.tlsKey(), config.dataDir(), config.host())
                : null;
        Clock clock = Clock.systemUTC();
        SecureRandom random = new SecureRandom();
        PasswordHash hasher = PasswordHash.interactive();
        TokenIssuer tokens = new TokenIssuer(config.tokenSecret(), clock, config.tokenTtl());
        AccountStore accounts = new AccountStore(database.dataSource());
        MeetingStore meetings = new MeetingStore(database.dataSource());
        Audit audit = new Audit(events, clock);
        this.revokedTokens = new io.confab.core.accounts.RevokedTokens(database.dataSource(), clock);
        Authentication authentication = new Authentication(tokens, audit, revokedTokens);
        this.argon2 = new Argon2Pool(config.argon2());
        this.guesses = new GuessGate(config.guesses().throttle(), argon2, audit, clock, config.guesses().dropAfterRefusals());
        this.signaling = new SignalingService(authentication, audit, guesses, meetings, hasher, events, workers,
                config.signaling(), clock);
        boolean media = config.sfu().port() >= 0;
        this.tap = media ? new MediaTap(config.tap()) : null;
        this.sfu = media ? new Sfu(config.sfu(), new MediaSignalRelay(signaling), tap) : null;
        if (sfu != null) {
            signaling.attachMedia(sfu);
        }
        this.captions = new CaptionFeed(config.kafka(), config.kafkaLogin(), signaling::deliverCaption);
        OperatorCredential operator = new OperatorCredential(config.operatorKey());
        Router router = operationalRoutes(new Router(), sfu, operator);
        new AuthRoutes(accounts, meetings, hasher, tokens, authentication, revokedTokens, audit, events, guesses, random, clock).register(router);
        IceServers ice = config.turnPort() < 0 ? IceServers.none()
                : IceServers.of(config.host(), config.turnPort(), config.turnTlsPort(), config.turnSecret(), clock);
        new MeetingRoutes(meetings, accounts, hasher, tokens, authentication, audit, events, signaling, ice, guesses, random, clock)
                .register(router);
        this.http = new HttpServer(router, signaling, workers, ssl, new io.confab.core.http.DataApiRoute(config.dataApiUrl()),
                authentication::revokedBearer, guesses.addressLockouts());
        this.turn = config.turnPort() < 0 ? null : new TurnListener(turnConfig(config), config.turnLimits().eventLoops(), clock,
                config.turnLimits().streams());
    }

    /**
     * TURN's rules: the operator's limits, and the server's own addresses closed to relays but for
     * the SFU's ports and the relay range (a relay-only browser's peer is the SFU; two relayed clients
     * reach each other's relays).
     */
    static TurnConfig turnConfig(CoreConfig config) throws java.io.IOException {
        java.net.InetAddress relayHost = java.net.InetAddress.getByName(config.host());
        io.confab.core.turn.transport.TurnLimits limits = config.turnLimits();
        List<PeerPolicy.PortRange> open = new java.util.ArrayList<>();
        open.add(new PeerPolicy.PortRange(limits.relayPortMin(), limits.relayPortMax()));
        if (config.sfu().port() > 0) {
            // Every media thread's port: a relayed participant's peer is its meeting's thread.
            open.add(new PeerPolicy.PortRange(config.sfu().port(), config.sfu().port() + config.sfu().mediaThreads() - 1));
        }
        PeerPolicy peers = PeerPolicy.defaults().withLoopbackAllowed(config.turnAllowLoopback())
                .withOwn(io.confab.core.turn.transport.OwnAddresses.of(config.host(), config.sfu().announce()), open);
        return limits.applyTo(TurnConfig.defaults(config.turnRealm(), config.turnSecret(), relayHost).withPeers(peers));
    }

    /**
     * The routes of the process itself (not of the meeting service): liveness, the media plane's
     * counters for operators, and the API document. {@code sfu} is null when the SFU is off.
     */
    static Router operationalRoutes(Router router, Sfu sfu, OperatorCredential operator) {
        return router
                .get("/api/health", request -> Response.ok(Map.of("status", "ok")))
                // Operational counters of the media plane: why packets were dropped, what the tap lost.
                .get("/api/sfu/stats", request -> {
                    operator.require(request);
                    return sfu == null ? Response.ok(Map.of("enabled", false)) : Response.ok(sfu.stats());
                })
                .get("/v3/api-docs", request -> OPENAPI);
    }

    private static final Response OPENAPI = openApi();

    private static Response openApi() {
        try (var in = RealtimeCore.class.getResourceAsStream("api/openapi.json")) {
            return new Response(200, "application/json", in.readAllBytes(), Map.of());
        } catch (java.io.IOException | NullPointerException e) {
            throw new IllegalStateException("the OpenAPI document is missing from the jar", e);
        }
    }

    public InetSocketAddress start() throws Exception {
        List<String> applied = database.migrate();
        if (!applied.isEmpty()) {
            System.out.println("realtime-core: applied migrations " + applied);
        }
        revokedTokens.load();
        // After the migrations (V6 makes the table); the relay first sends what a previous run left there.
        events.start();
        address = http.start(config.host(), config.port());
        if (turn != null) {
            turn.start(config.host(), config.turnPort());
            if (config.turnTlsPort() >= 0) {
                turn.startTls(config.host(), config.turnTlsPort(), turnTlsContext());
            }
        }
        if (sfu != null) {
            sfu.start();
        }
        captions.start();
        new CoreMeters(signaling, events, http, turn).bindTo(metrics.registry());
        captions.bindTo(metrics.registry());
        guesses.bindTo(metrics.registry());
        if (sfu != null) {
            sfu.bindTo(metrics.registry());
        }
        if (config.metricsPort() >= 0) {
            metrics.start(config.metricsHost(), config.metricsPort());
        }
        return address;
    }

    /**
     * TURN's own certificate when one is configured; otherwise the web's, or the self-signed one the
     * web server would generate, so a single-machine platform needs no certificate of its own.
     */
    private SslContext turnTlsContext() throws java.io.IOException {
        return config.turnTlsCert() != null
                ? SelfSignedCertificate.serverContext(config.turnTlsCert(), config.turnTlsKey(), config.dataDir(), config.host())
                : SelfSignedCertificate.serverContext(config.tlsCert(), config.tlsKey(), config.dataDir(), config.host());
    }

    /** The web client's address. */
    public String url() {
        return (config.tlsEnabled() ? "https://" : "http://") + config.host() + ":" + address.getPort();
    }

    /** Stops taking connections, ends the live meetings, lets their writes finish, then lets go of Kafka and PostgreSQL. */
    /** The Prometheus endpoint's port, or -1 when none was asked for. */
    public int metricsPort() {
        return metrics.port();
    }

    @Override
    public void close() {
        metrics.close();
        if (turn != null) {
            turn.close();
        }
        http.close();
        captions.close();
        if (sfu != null) {
            sfu.close();
        }
        signaling.close();
        workers.shutdown();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        argon2.close();
        events.close();
        if (tap != null) {
            tap.close();
        }
        database.close();
    }

    public static void main(String[] args) throws Exception {
        if (java.util.Arrays.asList(args).contains("--help")) {
            System.out.println("Usage: realtime-core [--config=FILE] [--key=value ...]");
            System.out.println("Every key, with its default, unit and why, as in " + io.confab.core.config.Settings.REFERENCE
                    + " (FILE overrides keys, --key=value wins over FILE):");
            System.out.println();
            System.out.print(io.confab.core.config.Settings.referenceText());
            return;
        }
        CoreConfig config;
        try {
            config = CoreConfig.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("realtime-core: " + e.getMessage());
            System.exit(2);
            return;
        }
        RealtimeCore core = new RealtimeCore(config);
        try {
            core.start();
        } catch (Exception e) {
            System.err.println("realtime-core: cannot start: " + e.getMessage());
            core.close();
            System.exit(1);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            core.close();
            stopped.countDown();
        }, "realtime-core-stop"));
        System.out.println("realtime-core: web client at " + core.url()
                + (core.metricsPort() < 0 ? "" : "; metrics at http://" + config.metricsHost() + ":" + core.metricsPort() + "/metrics"));
        stopped.await();
    }
}
