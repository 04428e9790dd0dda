package io.confab.core;

import io.confab.core.db.Database;
import io.confab.core.events.KafkaEventSink;
import io.confab.core.http.HttpServer;
import io.confab.core.http.Response;
import io.confab.core.http.Router;
import io.confab.core.http.SelfSignedCertificate;
import io.confab.core.http.WebSocketEndpoint;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.ssl.SslContext;

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
 * arguments are {@code --key=value} (see {@link CoreConfig}).
 */
public final class RealtimeCore implements AutoCloseable {

    private final CoreConfig config;
    private final Database database;
    private final KafkaEventSink events;
    private final ThreadPoolExecutor workers;
    private final HttpServer http;
    private InetSocketAddress address;

    public RealtimeCore(CoreConfig config) throws Exception {
        this.config = config;
        this.database = new Database(config.jdbcUrl(), config.jdbcUser(), config.jdbcPassword());
        this.events = new KafkaEventSink(config.kafka());
        // REST handlers block on JDBC; a bounded queue turns overload into 503s instead of memory growth.
        this.workers = new ThreadPoolExecutor(8, 8, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1000),
                runnable -> {
                    Thread thread = new Thread(runnable, "rest-worker");
                    thread.setDaemon(true);
                    return thread;
                });
        SslContext ssl = config.tlsEnabled()
                ? SelfSignedCertificate.serverContext(config.tlsCert(), config.tlsKey(), config.dataDir(), config.host())
                : null;
        this.http = new HttpServer(routes(), noSignalingYet(), workers, ssl);
    }

    private Router routes() {
        return new Router()
                .get("/api/health", request -> Response.ok(Map.of("status", "ok")));
    }

    private static WebSocketEndpoint noSignalingYet() {
        return new WebSocketEndpoint() {
            @Override
            public void opened(Channel channel, String uri, HttpHeaders headers) {
                channel.close();
            }

            @Override
            public void text(Channel channel, String text) {
            }

            @Override
            public void closed(Channel channel) {
            }
        };
    }

    public InetSocketAddress start() throws Exception {
        List<String> applied = database.migrate();
        if (!applied.isEmpty()) {
            System.out.println("realtime-core: applied migrations " + applied);
        }
        address = http.start(config.host(), config.port());
        return address;
    }

    /** The web client's address. */
    public String url() {
        return (config.tlsEnabled() ? "https://" : "http://") + config.host() + ":" + address.getPort();
    }

    @Override
    public void close() {
        http.close();
        workers.shutdown();
        events.close();
        database.close();
    }

    public static void main(String[] args) throws Exception {
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
        System.out.println("realtime-core: web client at " + core.url());
        stopped.await();
    }
}
