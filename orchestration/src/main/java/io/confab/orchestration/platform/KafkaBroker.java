package io.confab.orchestration.platform;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Apache Kafka: an embedded single-node KRaft cluster (one process that is both broker and
 * controller) over {@code kafka/} in the data directory, or an external cluster by bootstrap address.
 */
public final class KafkaBroker extends ProcessComponent {

    private final PlatformConfig.Kafka config;
    private final int port;
    private final int controllerPort;

    public KafkaBroker(PlatformConfig config, Installation installation, Ports ports) {
        super(config, installation, "kafka");
        this.config = config.kafka();
        this.port = embedded() ? ports.resolve("kafka-port", this.config.port()) : -1;
        this.controllerPort = embedded() ? ports.resolve("kafka-controller-port", this.config.controllerPort()) : -1;
    }

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public String address() {
        return embedded() ? host + ":" + port : config.external();
    }

    @Override
    public boolean embedded() {
        return config.external() == null;
    }

    @Override
    public Map<String, Integer> ports() {
        return embedded() ? Map.of("--kafka-port", port, "--kafka-controller-port", controllerPort) : Map.of();
    }

    @Override
    public void start(Duration timeout) throws StartupFailure {
        if (!embedded()) {
            Readiness.awaitExternal(this, Duration.ofSeconds(10), "--kafka");
            return;
        }
        String classpath = installation.serverClasspath("kafka");
        Path properties = dir.resolve("server.properties");
        Path log4j = dir.resolve("log4j2.properties");
        try {
            Files.createDirectories(dir.resolve("log"));
            Files.writeString(properties, serverProperties());
            Files.writeString(log4j, ServerLogging.log4j2("WARN", "kafka.server.KafkaRaftServer", "kafka.server.BrokerServer"));
        } catch (IOException e) {
            throw new StartupFailure(name(), "cannot write its configuration under " + dir + ": " + e.getMessage(),
                    "check the data directory");
        }
        List<String> jvm = List.of("-Xms128m", "-Xmx512m", "-XX:+UseG1GC",
                "-Dlog4j2.configurationFile=" + log4j.toUri());
        Path log = logs.resolve("kafka.log");
        if (!Files.exists(dir.resolve("log/meta.properties"))) {
            ServerProcess format = ServerProcess.jvm("kafka-format", classpath, jvm, "kafka.tools.StorageTool",
                    List.of("format", "--ignore-formatted", "-t", clusterId(), "-c", properties.toString()), log);
            int exit = format.runToCompletion(Duration.ofSeconds(60));
            if (exit != 0) {
                throw new StartupFailure(name(), "formatting its storage failed with code " + exit, "see " + log);
            }
        }
        process = ServerProcess.jvm(name(), classpath, jvm, "kafka.Kafka", List.of(properties.toString()), log);
        process.start();
        Readiness.awaitEmbedded(this, process, timeout);
    }

    private String serverProperties() {
        return String.join("\n",
                "# Written by confab at every start; edit the confab configuration instead.",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@" + host + ":" + controllerPort,
                "listeners=PLAINTEXT://" + host + ":" + port + ",CONTROLLER://" + host + ":" + controllerPort,
                "advertised.listeners=PLAINTEXT://" + host + ":" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "log.dirs=" + dir.resolve("log"),
                "num.partitions=3",
                // One broker: every internal topic can only have one replica.
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                // Topics are created from storage's contracts, never by a typo in a producer.
                "auto.create.topics.enable=false",
                "num.network.threads=2",
                "num.io.threads=4",
                "log.retention.hours=168",
                "");
    }

    /** The KRaft cluster id is fixed at the first format and kept in the data directory. */
    private String clusterId() throws StartupFailure {
        Path file = dir.resolve("cluster.id");
        try {
            if (Files.exists(file)) {
                return Files.readString(file).trim();
            }
            String id = Uuid.randomUuid().toString();
            Files.writeString(file, id);
            return id;
        } catch (IOException e) {
            throw new StartupFailure(name(), "cannot keep its cluster id in " + file + ": " + e.getMessage(), null);
        }
    }

    @Override
    public Health check() {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, address(),
                // Generous: on a loaded 2-core machine a busy broker can take seconds to answer, and
                // "unhealthy" should mean down, not slow.
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 8000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 8000,
                AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, 1000,
                AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, 1000,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500))) {
            int nodes = admin.describeCluster().nodes().get(9, TimeUnit.SECONDS).size();
            return nodes > 0 ? Health.up(nodes + " broker(s)") : Health.down("no brokers");
        } catch (ExecutionException e) {
            return Health.down(e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            return Health.down("no answer within 9 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down("interrupted");
        } catch (RuntimeException e) {
            return Health.down(e.getMessage());
        }
    }
}
