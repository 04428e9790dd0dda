package io.confab.jobs.usage.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.confab.jobs.usage.MeterConfig;
import io.confab.jobs.usage.UsageMeter;
import io.confab.jobs.usage.state.CommitBuffer;
import io.confab.storage.codec.Codecs;
import io.confab.storage.codec.Decoded;
import io.confab.storage.events.MeetingEvent;
import io.confab.storage.events.ParticipantLeft;
import io.confab.storage.kafka.KafkaLogin;
import io.confab.storage.topics.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What Kafka Streams itself costs on this machine, under the meter's settings (exactly once v2, one
 * stream thread, a commit every 200 ms, the producer lingering up to the commit), for the events
 * already on meeting.events: the floor under any meter built on it. Each stage is a topology of its
 * own with a fresh application id, reading the whole topic from its start:
 *
 * <ul>
 *   <li>{@code read}: records read and dropped (the consumer, the transactions, the per-record path);
 *   <li>{@code decode}: each record also decoded with storage's codec, as the meter's intake does first;
 *   <li>{@code emit}: also one 120-byte record sent to a topic of the bench's per {@code ParticipantLeft},
 *       about as many as the meter's usage.records (a presence's minutes are told at its Left);
 *   <li>{@code store}: also, per event, its meeting's value read from a changelogged key-value store
 *       and written back 40 bytes longer, up to 2 KiB, through the meter's ledgers' path (a
 *       {@link CommitBuffer} over Kafka Streams' record cache over RocksDB): the least state a meter
 *       that deduplicates by event id keeps.
 * </ul>
 *
 * Nothing reaches Cassandra, so a meter can only cost more than the {@code store} stage. CPU is the
 * process's (all its threads, the collector and the compiler too) from the first record read to the
 * last, as {@code confab bench usage} counts the meter's.
 */
public final class StreamsFloor {

    public static final String HELP = """
            Usage: streams-floor --kafka=HOST:PORT [--kafka-user=USER --kafka-password-file=FILE]
                                 [--stages=read,decode,emit,store] [--rounds=N] [--state-dir=DIR] [--json]
            Kafka Streams' own cost per event on this machine, under the usage meter's settings (exactly
            once v2, one stream thread, 200 ms commits), over every event on meeting.events, one stage at a
            time, each a topology of its own reading the topic from its start:
              read    records read and dropped
              decode  each record also decoded as the meter's intake does
              emit    also one 120-byte record out per ParticipantLeft (about as many as usage.records)
              store   also its meeting's value read from and written back to a changelogged store
            --rounds=N      runs the stages N times in turn in this JVM (default 2: the first round warms the
                            JIT compiler up, which costs the first stages a second or two of CPU)
            --state-dir=DIR holds the store stage's RocksDB while it runs (default: a temporary folder).
            Prints each stage's events per core-second of this process (every thread, from the first
            record to the last). Nothing is written to Cassandra: the floor under any meter built on
            Kafka Streams.
            """;

    static final String OUT_TOPIC = "confab-bench-streams-floor";
    private static final String STORE = "meetings";
    private static final int MOST_STATE_BYTES = 2048;
    private static final Duration IDLE_AT_END = Duration.ofSeconds(3);
    private static final Duration FIRST_RECORD_WITHIN = Duration.ofSeconds(60);
    /** Past the stages' session timeout (10 s, the meter's), after which a closed stage's group is empty. */
    private static final Duration GROUPS_EMPTY_WITHIN = Duration.ofSeconds(20);

    /**
     * One stage's run in one round, from its first record read to its last: events read, CPU seconds
     * of the process, of its stream thread, of its producer's network thread and of what is not a Java
     * thread (the collector, the JIT compiler), and records sent.
     */
    public record Stage(String stage, int round, long events, double seconds, double cpuSeconds, double streamThreadCpuSeconds,
                        double producerCpuSeconds, double jvmCpuSeconds, long recordsOut, double eventsPerCoreSecond) {
    }

    private StreamsFloor() {
    }

    /** What the command line asks for. */
    record Options(String kafka, KafkaLogin login, List<String> stages, int rounds, Path stateDir, boolean json) {

        /** Reads {@code --name=value} flags; a missing {@code --kafka}, an unknown stage or flag is refused by name. */
        static Options parse(String... args) {
            Map<String, String> values = new LinkedHashMap<>();
            boolean json = false;
            for (String arg : args) {
                if (arg.equals("--json")) {
                    json = true;
                    continue;
                }
                int eq = arg.indexOf('=');
                if (!arg.startsWith("--") || eq < 0) {
                    throw new IllegalArgumentException("expected --name=value, got '" + arg + "'");
                }
                values.put(arg.substring(2, eq), arg.substring(eq + 1));
            }
            String kafka = values.remove("kafka");
            if (kafka == null || kafka.isBlank()) {
                throw new IllegalArgumentException("--kafka=HOST:PORT is required");
            }
            KafkaLogin login = KafkaLogin.of(values.remove("kafka-user"), values.remove("kafka-password-file"));
            List<String> stages = List.of(values.getOrDefault("stages", String.join(",", STAGES)).split(","));
            values.remove("stages");
            for (String stage : stages) {
                if (!STAGES.contains(stage)) {
                    throw new IllegalArgumentException("--stages takes " + String.join(", ", STAGES) + ", not '" + stage + "'");
                }
            }
            String stateDir = values.remove("state-dir");
            int rounds;
            try {
                rounds = Integer.parseInt(values.getOrDefault("rounds", "2"));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--rounds takes a whole number, not '" + values.get("rounds") + "'");
            }
            values.remove("rounds");
            if (rounds < 1) {
                throw new IllegalArgumentException("--rounds must be at least 1, not " + rounds);
            }
            if (!values.isEmpty()) {
                throw new IllegalArgumentException("unknown option --" + values.keySet().iterator().next());
            }
            return new Options(kafka, login, stages, rounds, stateDir == null ? null : Path.of(stateDir), json);
        }
    }

    static final List<String> STAGES = List.of("read", "decode", "emit", "store");

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.print(HELP);
            return;
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("streams-floor: " + e.getMessage() + "\n" + HELP);
            System.exit(2);
            return;
        }
        try {
            measure(options);
        } catch (IllegalStateException e) {
            System.err.println("streams-floor: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void measure(Options options) throws Exception {
        String kafka = options.kafka();
        KafkaLogin login = options.login();
        List<String> stages = options.stages();
        boolean json = options.json();
        List<String> groups = new ArrayList<>();
        List<Stage> figures = new ArrayList<>();
        try (Admin admin = Admin.create(adminSettings(kafka, login))) {
            int partitions = admin.describeTopics(List.of(Topics.MEETING_EVENTS)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(Topics.MEETING_EVENTS).partitions().size();
            try {
                admin.createTopics(List.of(new NewTopic(OUT_TOPIC, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                // Left by a run that was killed: its records are never read.
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                    throw e;
                }
            }
            try {
                for (int round = 1; round <= options.rounds(); round++) {
                    for (String stage : stages) {
                        String applicationId = "confab-bench-floor-" + stage + "-" + System.currentTimeMillis();
                        groups.add(applicationId);
                        Stage measured = run(stage, round, applicationId, kafka, login, options.stateDir());
                        figures.add(measured);
                        if (!json) {
                            print(measured);
                        }
                    }
                }
            } finally {
                admin.deleteTopics(List.of(OUT_TOPIC)).all().get(30, TimeUnit.SECONDS);
                deleteGroups(admin, groups);
            }
        }
        if (json) {
            System.out.println(new ObjectMapper().writeValueAsString(Map.of("stages", figures)));
        }
    }

    private static Stage run(String stage, int round, String applicationId, String kafka, KafkaLogin login, Path stateParent) throws Exception {
        AtomicLong read = new AtomicLong();
        AtomicLong sent = new AtomicLong();
        Topology topology = new Topology();
        topology.addSource("meeting-events", new StringDeserializer(), new ByteArrayDeserializer(), Topics.MEETING_EVENTS);
        topology.addProcessor("stage", () -> new StageProcessor(stage, read, sent), "meeting-events");
        if (STAGES.indexOf(stage) >= STAGES.indexOf("emit")) {
            topology.addSink("out", OUT_TOPIC, new StringSerializer(), new ByteArraySerializer(), "stage");
        }
        if (stage.equals("store")) {
            // The meter's ledgers' path: objects until the commit, then once each through the record cache
            // into RocksDB and the changelog (without the cache, which the processor API leaves off, every
            // write is a changelog record).
            topology.addStateStore(CommitBuffer.over(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE),
                    Serdes.String(), Serdes.ByteArray()).withCachingEnabled()), "stage");
        }
        Path stateDir = stateParent == null ? Files.createTempDirectory("streams-floor-")
                : Files.createDirectories(stateParent.resolve(applicationId));
        KafkaStreams streams = new KafkaStreams(topology, properties(applicationId, kafka, login, stateDir));
        try {
            streams.start();
            long started = System.nanoTime();
            CpuSnapshot first = null;
            CpuSnapshot last = null;
            long lastCount = 0;
            while (true) {
                Thread.sleep(20);
                long count = read.get();
                if (count == lastCount) {
                    if (last != null && System.nanoTime() - last.at() > IDLE_AT_END.toNanos()) {
                        break;
                    }
                    if (last == null && streams.state() == KafkaStreams.State.ERROR) {
                        throw new IllegalStateException("the " + stage + " stage's Kafka Streams failed before reading anything");
                    }
                    if (last == null && System.nanoTime() - started > FIRST_RECORD_WITHIN.toNanos()) {
                        throw new IllegalStateException("no event came from " + Topics.MEETING_EVENTS + " within "
                                + FIRST_RECORD_WITHIN.toSeconds() + " s: it has none to read; run a flood first (confab bench usage --events N)");
                    }
                    continue;
                }
                last = CpuSnapshot.now();
                if (first == null) {
                    first = last;
                }
                lastCount = count;
            }
            return measured(stage, round, lastCount, sent.get(), first, last);
        } finally {
            streams.close(Duration.ofSeconds(30));
            deleteTree(stateDir);
        }
    }

    private static void print(Stage stage) {
        System.out.printf(Locale.ROOT, "round %d %-6s %,d events in %.1f s; the process used %.1f CPU s = %,.0f events per core-second"
                        + " (stream thread %.1f, producer %.1f, collector and compiler %.1f); %,d records out%n",
                stage.round(), stage.stage(), stage.events(), stage.seconds(), stage.cpuSeconds(), stage.eventsPerCoreSecond(),
                stage.streamThreadCpuSeconds(), stage.producerCpuSeconds(), stage.jvmCpuSeconds(), stage.recordsOut());
    }

    /**
     * The stages' consumer groups, deleted once their members have left: a closed Kafka Streams
     * consumer does not leave its group, which empties when its session times out.
     */
    private static void deleteGroups(Admin admin, List<String> groups) throws InterruptedException {
        long until = System.nanoTime() + GROUPS_EMPTY_WITHIN.toNanos();
        List<String> left = new ArrayList<>(groups);
        while (!left.isEmpty()) {
            for (String group : List.copyOf(left)) {
                try {
                    admin.deleteConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS);
                    left.remove(group);
                } catch (java.util.concurrent.ExecutionException e) {
                    if (!(e.getCause() instanceof org.apache.kafka.common.errors.GroupNotEmptyException) || System.nanoTime() > until) {
                        System.err.println("streams-floor: could not delete the consumer group " + group + ": " + e.getCause().getMessage());
                        left.remove(group);
                    }
                } catch (java.util.concurrent.TimeoutException e) {
                    System.err.println("streams-floor: could not delete the consumer group " + group + " within 30 s");
                    left.remove(group);
                }
            }
            if (!left.isEmpty()) {
                Thread.sleep(1000);
            }
        }
    }

    private static Stage measured(String stage, int round, long events, long sent, CpuSnapshot first, CpuSnapshot last) {
        double cpu = (last.process() - first.process()) / 1e9;
        Map<String, Long> used = new LinkedHashMap<>();
        Map<Long, String> names = last.names();
        long javaThreads = 0;
        for (Map.Entry<Long, Long> thread : last.threads().entrySet()) {
            long delta = thread.getValue() - first.threads().getOrDefault(thread.getKey(), 0L);
            javaThreads += delta;
            used.merge(kind(names.get(thread.getKey())), delta, Long::sum);
        }
        return new Stage(stage, round, events, (last.at() - first.at()) / 1e9, cpu, used.getOrDefault("stream thread", 0L) / 1e9,
                used.getOrDefault("producer", 0L) / 1e9, Math.max(0, cpu - javaThreads / 1e9), sent, cpu > 0 ? events / cpu : 0);
    }

    /** What a Java thread of this process is, by Kafka's names for them. */
    private static String kind(String name) {
        if (name == null) {
            return "other";
        }
        if (name.contains("kafka-producer-network-thread")) {
            return "producer";
        }
        if (name.contains("-StreamThread-")) {
            return "stream thread";
        }
        return "other";
    }

    /**
     * The process's CPU and each live Java thread's, in nanoseconds, at one moment. Taken at every
     * poll that saw progress, inside the measured time, so it reads only CPU clocks; the threads'
     * names (a safepoint of the VM) are read once, for the last snapshot ({@link #names}).
     */
    private record CpuSnapshot(long at, long process, Map<Long, Long> threads) {
        private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
        private static final com.sun.management.OperatingSystemMXBean OS =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

        static CpuSnapshot now() {
            Map<Long, Long> threads = new LinkedHashMap<>();
            for (long id : THREADS.getAllThreadIds()) {
                long cpu = THREADS.getThreadCpuTime(id);
                if (cpu >= 0) {
                    threads.put(id, cpu);
                }
            }
            return new CpuSnapshot(System.nanoTime(), OS.getProcessCpuTime(), threads);
        }

        /** The names of this snapshot's threads that are still alive. */
        Map<Long, String> names() {
            Map<Long, String> names = new LinkedHashMap<>();
            for (ThreadInfo info : THREADS.getThreadInfo(threads.keySet().stream().mapToLong(Long::longValue).toArray())) {
                if (info != null) {
                    names.put(info.getThreadId(), info.getThreadName());
                }
            }
            return names;
        }
    }

    private static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (java.io.IOException e) {
            System.err.println("streams-floor: could not delete " + root + ": " + e.getMessage());
        }
    }

    /** The meter's own Kafka Streams settings, reading the topic from its start. */
    private static Properties properties(String applicationId, String kafka, KafkaLogin login, Path stateDir) {
        Properties properties = UsageMeter.exactlyOnce(applicationId, kafka, login, stateDir, MeterConfig.DEFAULT_COMMIT_INTERVAL);
        properties.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
        return properties;
    }

    private static Map<String, Object> adminSettings(String kafka, KafkaLogin login) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        login.clientProperties().forEach((key, value) -> settings.put(String.valueOf(key), value));
        return settings;
    }

    /** The stage's per-record work: nothing, a decode, a record out per Left, a state read and write per event. */
    private static final class StageProcessor implements Processor<String, byte[], String, byte[]> {
        private final boolean decode;
        private final boolean emit;
        private final boolean store;
        private KeyValueStore<String, byte[]> meetings;
        private final AtomicLong read;
        private final AtomicLong sent;
        private final byte[] value = new byte[120];
        private ProcessorContext<String, byte[]> context;

        StageProcessor(String stage, AtomicLong read, AtomicLong sent) {
            // Each stage does the work of the ones before it in STAGES, and its own.
            int place = STAGES.indexOf(stage);
            this.decode = place >= STAGES.indexOf("decode");
            this.emit = place >= STAGES.indexOf("emit");
            this.store = place >= STAGES.indexOf("store");
            this.read = read;
            this.sent = sent;
        }

        @Override
        public void init(ProcessorContext<String, byte[]> context) {
            this.context = context;
            if (store) {
                meetings = context.getStateStore(STORE);
            }
        }

        @Override
        public void process(Record<String, byte[]> record) {
            read.incrementAndGet();
            if (!decode || record.value() == null) {
                return;
            }
            if (!(Codecs.MEETING_EVENTS.decode(record.value()) instanceof Decoded.Ok<MeetingEvent> ok)) {
                return;
            }
            if (store) {
                String meeting = ok.value().getMeetingId();
                byte[] before = meetings.get(meeting);
                int length = before == null ? 40 : Math.min(MOST_STATE_BYTES, before.length + 40);
                meetings.put(meeting, before == null ? new byte[length] : Arrays.copyOf(before, length));
            }
            if (emit && ok.value().getPayload() instanceof ParticipantLeft) {
                context.forward(new Record<>(ok.value().getAccountId(), value, record.timestamp()));
                sent.incrementAndGet();
            }
        }
    }
}
