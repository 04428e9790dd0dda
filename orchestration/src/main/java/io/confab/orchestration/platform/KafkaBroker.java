package io.confab.orchestration.platform;

import io.confab.storage.kafka.KafkaLogin;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Apache Kafka: an embedded single-node KRaft cluster (one process that is both broker and
 * controller) over {@code kafka/} in the data directory, or an external cluster by bootstrap address.
 *
 * <p>On a non-loopback internal address the broker's one client listener is {@code SASL_PLAINTEXT}
 * with SCRAM-SHA-512 only, so a connection without Confab's login is refused; the user
 * ({@link InternalCredentials#KAFKA_USER}) is written into the cluster's first metadata when its
 * storage is formatted ({@code --add-scram}), so it exists before the broker accepts anyone. The
 * KRaft controller listener then stays on loopback: SCRAM cannot guard it (a controller reads the
 * credentials from the very metadata it serves), and nothing but the broker in this same process
 * talks to it.
 */
public final class KafkaBroker extends ProcessComponent {

    /** Written beside the storage once it was formatted with the SCRAM user: a later exposed start knows it exists. */
    private static final String SCRAM_FORMATTED = "scram-user";

    private final PlatformConfig.Kafka config;
    private final int port;
    private final int controllerPort;
    private final KafkaLogin login;

    public KafkaBroker(PlatformConfig config, Installation installation, Ports ports) {
        super(config, installation, "kafka", new ExternalService(config.kafka().external(), "--kafka", Duration.ofSeconds(10)));
        this.config = config.kafka();
        this.port = listenOn(ports, "kafka-port", this.config.port());
        this.controllerPort = listenOn(ports, "kafka-controller-port", this.config.controllerPort());
        this.login = InternalCredentials.kafkaLogin(config);
    }

    /** How Confab's clients authenticate to this Kafka: {@link KafkaLogin#NONE} on loopback. */
    public KafkaLogin login() {
        return login;
    }

    /**
     * The settings of a Kafka client of this broker: its bootstrap address and the login; a mutable
     * map for the client's own settings.
     */
    public Map<String, Object> clientSettings() {
        Map<String, Object> settings = new HashMap<>(login.clientProperties());
        settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, address());
        return settings;
    }

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    protected String ownAddress() {
        return host + ":" + port;
    }

    @Override
    protected void startProcess(Duration timeout) throws StartupFailure {
        String classpath = installation.serverClasspath("kafka");
        Path properties = dir.resolve("server.properties");
        Path log4j = dir.resolve("log4j2.properties");
        writeConfiguration(() -> {
            Files.createDirectories(dir.resolve("log"));
            // Holds the broker's own SCRAM login when it has one: a secret file.
            SecretFile.write(properties, serverProperties());
            Files.writeString(log4j, ServerLogging.log4j2("WARN", "kafka.server.KafkaRaftServer", "kafka.server.BrokerServer"));
        });
        List<String> jvm = List.of("-Xms128m", "-Xmx512m", "-XX:+UseG1GC",
                "-Dlog4j2.configurationFile=" + log4j.toUri());
        Path log = logs.resolve("kafka.log");
        if (!Files.exists(dir.resolve("log/meta.properties"))) {
            format(classpath, jvm, properties, log);
        } else if (login.required() && !Files.exists(dir.resolve(SCRAM_FORMATTED))) {
            throw new StartupFailure(name(), "its storage under " + dir + " was formatted on a loopback internal address, "
                    + "without the SCRAM user a non-loopback --internal-host requires",
                    "start with a fresh --data-dir (moving a loopback data directory over is planned)");
        }
        launchJvm(classpath, jvm, "kafka.Kafka", List.of(properties.toString()), "kafka");
        awaitReady(timeout);
    }

    /**
     * Formats the storage; with a login, its SCRAM user goes into the first metadata. The user's
     * password reaches the storage tool in an argument file ({@code @FILE}, mode 0600, deleted
     * after), never on its command line.
     */
    private void format(String classpath, List<String> jvm, Path properties, Path log) throws StartupFailure {
        List<String> arguments = new java.util.ArrayList<>(List.of("format", "--ignore-formatted", "-t", clusterId(), "-c",
                properties.toString()));
        Path scramArguments = dir.resolve("format-scram.args");
        try {
            if (login.required()) {
                // Hex passwords only (InternalCredentials): nothing in them for the tool's [key=value,...] syntax to trip on.
                SecretFile.write(scramArguments, "--add-scram\n" + KafkaLogin.MECHANISM + "=[name=" + login.user()
                        + ",password=" + login.password() + "]\n");
                arguments.add("@" + scramArguments);
            }
            // A one-shot tool, not the broker: the client compiler is enough.
            ServerProcess format = ServerProcess.jvm("kafka-format", classpath, ServerProcess.withStartUpCompiler(jvm),
                    "kafka.tools.StorageTool", arguments, log);
            int exit = format.runToCompletion(Duration.ofSeconds(60));
            if (exit != 0) {
                throw new StartupFailure(name(), "formatting its storage failed with code " + exit, "see " + log);
            }
            if (login.required()) {
                Files.writeString(dir.resolve(SCRAM_FORMATTED), login.user() + "\n");
            }
        } catch (IOException e) {
            throw new StartupFailure(name(), "cannot format its storage under " + dir + ": " + e.getMessage(), "check the data directory");
        } finally {
            try {
                Files.deleteIfExists(scramArguments);
            } catch (IOException e) {
                // Mode 0600 in the owner's data directory; the next format overwrites it.
            }
        }
    }

    private String serverProperties() {
        return String.join("\n",
                "# Written by confab at every start; edit the confab configuration instead.",
                "process.roles=broker,controller",
                "node.id=1",
                listenerProperties(),
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

    /**
     * One client listener: {@code PLAINTEXT} on loopback (nothing changes there), {@code SASL_PLAINTEXT}
     * with SCRAM-SHA-512 alone beyond it, where the broker also reaches itself (transaction markers,
     * the usage meter's exactly-once) as Confab's user; the controller then on loopback.
     */
    private String listenerProperties() {
        if (!login.required()) {
            return String.join("\n",
                    "controller.quorum.voters=1@" + host + ":" + controllerPort,
                    "listeners=PLAINTEXT://" + host + ":" + port + ",CONTROLLER://" + host + ":" + controllerPort,
                    "advertised.listeners=PLAINTEXT://" + host + ":" + port,
                    "controller.listener.names=CONTROLLER",
                    "inter.broker.listener.name=PLAINTEXT",
                    "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        }
        String controller = "127.0.0.1:" + controllerPort;
        return String.join("\n",
                "controller.quorum.voters=1@" + controller,
                "listeners=SASL_PLAINTEXT://" + host + ":" + port + ",CONTROLLER://" + controller,
                "advertised.listeners=SASL_PLAINTEXT://" + host + ":" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=SASL_PLAINTEXT",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT",
                "sasl.enabled.mechanisms=" + KafkaLogin.MECHANISM,
                "sasl.mechanism.inter.broker.protocol=" + KafkaLogin.MECHANISM,
                // A properties file: its own escape character doubled.
                "listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=" + login.jaasConfig().replace("\\", "\\\\"));
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
        Map<String, Object> settings = clientSettings();
        // With SCRAM a connection counts as set up only once the exchange is done, which a fresh CLI
        // JVM (4096 rounds of HMAC-SHA-512 for the salted password, before the JIT) does slowly on a
        // loaded machine: at 1 s `confab status` once saw Kafka time out at load 30, healthy at once after.
        int setupMs = login.required() ? 4000 : 1000;
        // Generous: on a loaded 2-core machine a busy broker can take seconds to answer, and
        // "unhealthy" should mean down, not slow.
        settings.putAll(Map.of(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 8000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 8000,
                AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, setupMs,
                AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, setupMs,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500));
        try (Admin admin = Admin.create(settings)) {
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
