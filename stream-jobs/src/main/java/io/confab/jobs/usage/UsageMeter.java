package io.confab.jobs.usage;

import com.datastax.oss.driver.api.core.CqlSession;
import io.confab.jobs.usage.intake.TimeRules;
import io.confab.jobs.usage.live.LiveServer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.confab.jobs.usage.sink.CassandraSessionTable;
import io.confab.jobs.usage.sink.UsageLedgerSink;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

import io.confab.storage.kafka.KafkaLogin;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * The usage meter as a process: Kafka Streams (exactly once) over the usage topology, the
 * usage.records sink to Cassandra, and the live/metrics HTTP server. {@code confab up} starts it
 * as a JVM of its own.
 */
public final class UsageMeter {

    private UsageMeter() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.print(MeterConfig.HELP);
            return;
        }
        MeterConfig config;
        try {
            config = MeterConfig.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        String[] cassandra = config.cassandra().split(":");
        CqlSession session = config.cassandraLogin().applyTo(CqlSession.builder()
                .addContactPoint(new InetSocketAddress(cassandra[0], Integer.parseInt(cassandra[1])))
                .withLocalDatacenter(config.cassandraDatacenter()))
                .build();
        MeterCounters counters = new MeterCounters();
        CassandraSessionTable sessions = new CassandraSessionTable(session);
        UsageTopology topology = new UsageTopology(new TimeRules(config.maxSkew()), config.rules(), Clock.systemUTC(),
                sessions, counters, config.tick());
        KafkaStreams streams = new KafkaStreams(topology.build(), streamsProperties(config));
        UsageLedgerSink sink = new UsageLedgerSink(config.kafka(), config.kafkaLogin(), config.applicationId() + "-ledger", session);
        CountDownLatch stopped = new CountDownLatch(1);
        streams.setUncaughtExceptionHandler(e -> {
            // An Error (a class missing from the class path, a bug) would fail the replacement thread
            // the same way: stop, so that health and the log say so, instead of looping.
            boolean bug = e instanceof Error || e.getCause() instanceof Error;
            System.err.println("usage meter: stream thread failed" + (bug ? ", stopping: " : ", replacing it: ") + e);
            return bug ? org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT
                    : org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.ERROR) {
                System.err.println("usage meter: Kafka Streams is in ERROR; exiting");
                new Thread(() -> System.exit(1), "usage-meter-exit").start();
            }
        });
        streams.start();
        Thread sinkThread = new Thread(sink, "usage-ledger-sink");
        sinkThread.start();
        PrometheusMeterRegistry own = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        bindOwn(own, counters, sink, sessions);
        LiveServer live = new LiveServer(config.host(), config.port(), streams, meters(streams, counters, sink, sessions), own,
                config.rules());
        System.out.println("usage meter: live state and metrics on http://" + config.host() + ":" + live.port());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            live.close();
            sink.close();
            streams.close(Duration.ofSeconds(20));
            try {
                sinkThread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            session.close();
            stopped.countDown();
        }, "usage-meter-stop"));
        stopped.await();
    }

    /** Kafka Streams' metrics the ecosystem's way (Micrometer's binder), the meter's counters, the JVM's. */
    private static PrometheusMeterRegistry meters(KafkaStreams streams, MeterCounters counters, UsageLedgerSink sink,
                                                  CassandraSessionTable sessions) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new KafkaStreamsMetrics(streams).bindTo(registry);
        bindOwn(registry, counters, sink, sessions);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        return registry;
    }

    /**
     * The meter's own families ({@code confab_usage_*}), in the whole registry and in one of their
     * own: a scrape of the whole registry collects every Kafka Streams gauge even when the query
     * names one family (the Prometheus client filters after collecting), and the usage bench reads
     * one counter every 200 ms, so LiveServer answers such a query from this small registry.
     */
    private static void bindOwn(PrometheusMeterRegistry registry, MeterCounters counters, UsageLedgerSink sink,
                                CassandraSessionTable sessions) {
        counters.bindTo(registry);
        FunctionCounter.builder("confab_usage_ledger_rows_written", sink, UsageLedgerSink::written)
                .description("usage.records rows written to Cassandra usage_by_account_day").register(registry);
        FunctionCounter.builder("confab_usage_ledger_batch_failures", sink, UsageLedgerSink::batchFailures)
                .description("polled usage.records batches Cassandra did not take, written again from the last committed offsets")
                .register(registry);
        sink.undecodable().bindTo(registry);
        FunctionCounter.builder("confab_usage_session_rows_written", sessions, CassandraSessionTable::written)
                .description("session row upserts and deletes written to Cassandra participant_sessions_by_meeting, once per commit")
                .register(registry);
    }

    static Properties streamsProperties(MeterConfig config) {
        Properties props = exactlyOnce(config.applicationId(), config.kafka(), config.kafkaLogin(), config.stateDir(), config.commitInterval());
        // The live endpoint answers for this instance's stores; the address names it for a future router.
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, config.host() + ":" + Math.max(config.port(), 1));
        return props;
    }

    /**
     * The meter's Kafka Streams settings apart from its live endpoint: its stores' RocksDB budget,
     * exactly once v2 on one stream thread, its producer and consumer tuning. {@code confab bench usage
     * --floor} ({@code bench.StreamsFloor}) runs under them too.
     */
    public static Properties exactlyOnce(String applicationId, String kafka, KafkaLogin login, Path stateDir, Duration commitInterval) {
        Properties props = UsageTopology.storeSettings(new Properties());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        // Unprefixed: the stream thread's consumer and producer, the restore consumer and the admin client all authenticate.
        props.putAll(login.clientProperties());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, (int) commitInterval.toMillis());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        // Exactly once: nothing the producer sends is read (read_committed) before the transaction
        // commits, and every commit flushes the producer, so lingering up to the commit interval
        // delays nothing anyone sees; it sends a commit's records in a few large batches instead of
        // one small batch per partition every 5 ms (the producer's network thread was a tenth of the
        // meter's CPU, stream-jobs/README.md, Figures).
        props.put(StreamsConfig.producerPrefix("linger.ms"), (int) Math.max(5, commitInterval.toMillis()));
        props.put(StreamsConfig.producerPrefix("batch.size"), 128 * 1024);
        // A meter killed without a goodbye holds its partitions until the session times out: keep
        // that short so a restarted meter resumes within seconds, not the default 45 s.
        props.put(StreamsConfig.consumerPrefix("session.timeout.ms"), 10_000);
        props.put(StreamsConfig.consumerPrefix("heartbeat.interval.ms"), 3_000);
        return props;
    }
}
