package io.confab.jobs.usage.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.confab.jobs.usage.MeterCounters;
import io.confab.jobs.usage.UsageTopology;
import io.confab.jobs.usage.intake.TimeRules;
import io.confab.jobs.usage.presence.MeterRules;
import io.confab.jobs.usage.presence.SessionRow;
import io.confab.jobs.usage.presence.SessionTable;
import io.confab.storage.topics.Topics;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

/**
 * The usage meter's throughput without a platform: the real {@link UsageTopology} (exactly once,
 * in-memory changelogged stores, the same serdes) driven by Kafka Streams' TopologyTestDriver on
 * this thread with generated {@link MeetingTraffic}, timed in CPU seconds of this thread
 * (ThreadMXBean), which is the stream thread here.
 *
 * <p>Two figures. The first is the topology's own time: a {@link ProcessorClock} wrapped around
 * every processor adds up the CPU of the outermost processor calls and punctuations (decoding,
 * dedupe, the folds, state store writes with their changelog records handed to the producer, the
 * sinks' serialization). The second is all the thread's CPU while records are piped, less what
 * the same records cost piped into a topology that drops them: it still holds part of the driver's
 * own cost, which grows with what the meter produces (TopologyTestDriver commits a transaction
 * after every record and matches every produced record's topic against the sources' patterns).
 * Kafka's network, the broker and Cassandra are in neither: session rows go to a table that only
 * counts them.
 */
public final class MeterBench {

    public static final String HELP = """
            Usage: meter-bench [--meetings=N] [--participants=N] [--accounts=N] [--days=N] [--chat=N]
                               [--events-per-tick=N] [--seed=N] [--stores=heap|disk] [--json]
            The usage meter's events per processor CPU-second, in one JVM without Kafka or Cassandra:
            the real usage topology driven by TopologyTestDriver with generated meetings (joins, leaves,
            reconnects, missing leaves, mutes, chat, ends across accounts and UTC days). Two figures: per
            CPU-second inside the topology's processors (the driver's per-record commit left out), and per
            CPU-second of all the thread's work less a no-op topology's (part of the driver's cost left in).
              --meetings=N          meetings in the measured run (default 2000; a fifth as many warm up first)
              --participants=N      people per meeting (default 10)
              --accounts=N          accounts the meetings are spread over (default 200)
              --days=N              UTC days the meetings are spread over, ending yesterday (default 3)
              --chat=N              chat messages and mute changes per participant (default 2)
              --events-per-tick=N   records between 1 s steps of the driver's wall clock (default 10000)
              --seed=N              random seed of the traffic (default 16)
              --stores=heap|disk    where the stores that grow with the data live (default heap; the
                                    meter's are on disk, but the driver flushes disk stores to a new
                                    file after every record, which the meter does not)
              --json                print the figures as one JSON object
            """;

    /** What the bench found; CPU in seconds of the stream thread. */
    public record Figures(int events, double processorCpuSeconds, long processorCalls, double eventsPerProcessorCpuSecond,
                          double clockNanosPerCall, double meterCpuSeconds, double driverCpuSeconds, double wallSeconds,
                          double gcSeconds, double eventsPerCpuSecond, double eventsPerCpuSecondWithDriver,
                          long usageRecords, long sessionWrites, long deadLetters) {
    }

    private record Options(MeetingTraffic.Shape shape, int eventsPerTick, long seed, UsageTopology.StoreLocation stores, boolean json) {
    }

    private MeterBench() {
    }

    public static void main(String[] args) throws Exception {
        // Kafka Streams logs every task's life at INFO; the bench prints its own progress.
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        Options options;
        try {
            if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
                System.out.print(HELP);
                return;
            }
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("meter-bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        Figures figures = run(options.shape(), options.eventsPerTick(), options.seed(), options.stores(), message -> {
            if (!options.json()) {
                System.out.println(message);
            }
        });
        if (options.json()) {
            System.out.println(new ObjectMapper().writeValueAsString(figures));
        } else {
            System.out.printf(Locale.ROOT, "%,d events: the meter's processors used %.2f stream-thread CPU s in %,d calls"
                            + " = %,.0f events per processor CPU-second (the clock costs %.0f ns a call)%n",
                    figures.events(), figures.processorCpuSeconds(), figures.processorCalls(),
                    figures.eventsPerProcessorCpuSecond(), figures.clockNanosPerCall());
            System.out.printf(Locale.ROOT, "%,d events: the meter used %.2f stream-thread CPU s beyond the driver's %.2f"
                            + " = %,.0f events per stream-thread CPU-second (%,.0f with the driver's cost); %.1f s wall, %.2f s GC%n",
                    figures.events(), figures.meterCpuSeconds(), figures.driverCpuSeconds(), figures.eventsPerCpuSecond(),
                    figures.eventsPerCpuSecondWithDriver(), figures.wallSeconds(), figures.gcSeconds());
            System.out.printf(Locale.ROOT, "out: %,d usage records, %,d session row writes, %d dead letters%n",
                    figures.usageRecords(), figures.sessionWrites(), figures.deadLetters());
        }
    }

    public static Figures run(MeetingTraffic.Shape shape, int eventsPerTick, long seed, UsageTopology.StoreLocation stores,
                              java.util.function.Consumer<String> progress) throws Exception {
        long until = Instant.now().minus(Duration.ofHours(1)).toEpochMilli();
        MeetingTraffic.Shape warmShape = new MeetingTraffic.Shape(Math.max(1, shape.meetings() / 5), shape.participants(),
                shape.accounts(), shape.days(), shape.chat());
        List<MeetingTraffic.Input> warm = MeetingTraffic.generate(warmShape, until, "warm", seed + 1);
        List<MeetingTraffic.Input> traffic = MeetingTraffic.generate(shape, until, "bench", seed);
        progress.accept(String.format(Locale.ROOT, "%,d events generated (%,d to warm up)", traffic.size(), warm.size()));

        Run driverOnly = null;
        Run meter = null;
        // Warm up both (JIT), then measure each on a fresh driver.
        for (boolean measured : new boolean[]{false, true}) {
            List<MeetingTraffic.Input> inputs = measured ? traffic : warm;
            driverOnly = pipe(MeterBench::nothing, inputs, eventsPerTick, new CountingSessions());
            CountingSessions sessions = new CountingSessions();
            MeterCounters counters = new MeterCounters();
            meter = pipe(config -> new UsageTopology(new TimeRules(Duration.ofHours(24)), MeterRules.DEFAULTS, Clock.systemUTC(),
                    sessions, counters, Duration.ofSeconds(1)).withGrowingStoresOn(stores).build(config), inputs, eventsPerTick, sessions);
            long read = counters.get("read", Topics.MEETING_EVENTS);
            if (read != inputs.size()) {
                throw new IllegalStateException("the meter read " + read + " of " + inputs.size() + " events");
            }
            if (meter.deadLetters() > 0) {
                throw new IllegalStateException(meter.deadLetters() + " generated events were dead-lettered: the bench's traffic is wrong");
            }
            progress.accept(String.format(Locale.ROOT, "%s: driver alone %.2f CPU s, meter %.2f CPU s for %,d events",
                    measured ? "measured" : "warm-up", driverOnly.cpuSeconds(), meter.cpuSeconds(), inputs.size()));
        }
        double own = meter.cpuSeconds() - driverOnly.cpuSeconds();
        // The no-op's processor time is the clock's own cost per call (and an empty call): left in the figure, not subtracted.
        double clockPerCall = driverOnly.processorCalls() == 0 ? 0 : driverOnly.processorSeconds() * 1e9 / driverOnly.processorCalls();
        return new Figures(traffic.size(), meter.processorSeconds(), meter.processorCalls(),
                meter.processorSeconds() > 0 ? traffic.size() / meter.processorSeconds() : 0, clockPerCall,
                own, driverOnly.cpuSeconds(), meter.wallSeconds(), meter.gcSeconds(),
                own > 0 ? traffic.size() / own : 0, traffic.size() / meter.cpuSeconds(),
                meter.usageRecords(), meter.sessions().writes, meter.deadLetters());
    }

    private record Run(double cpuSeconds, double processorSeconds, long processorCalls, double wallSeconds, double gcSeconds,
                       long usageRecords, long deadLetters, CountingSessions sessions) {
    }

    /**
     * Pipes {@code inputs} through the topology on this thread. Only the pipe calls are timed: the
     * outputs the driver collects are read off (and dropped) between them, untimed, so memory stays flat.
     */
    private static Run pipe(Function<TopologyConfig, Topology> topology, List<MeetingTraffic.Input> inputs, int eventsPerTick,
                            CountingSessions sessions) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Path stateDir = Files.createTempDirectory("meter-bench");
        Properties props = UsageTopology.storeSettings(new Properties());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "meter-bench");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        // No record cache: the driver commits after every record, so a cache would coalesce nothing
        // and only move each store write and its changelog record from the processor call, where
        // the processor figure counts it, to the commit after it, where it does not.
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        ProcessorClock.Total processorTime = new ProcessorClock.Total();
        props.put(StreamsConfig.PROCESSOR_WRAPPER_CLASS_CONFIG, ProcessorClock.class.getName());
        props.put(ProcessorClock.CONFIG, processorTime);
        long usageRecords = 0;
        long deadLetters = 0;
        long cpu = 0;
        long gcBefore = gcMillis();
        long wallStart = System.nanoTime();
        try (TopologyTestDriver driver = new TopologyTestDriver(topology.apply(new TopologyConfig(new StreamsConfig(props))), props,
                Instant.now())) {
            // Setting up the task (restoring its empty stores) is not a record's cost.
            processorTime.reset();
            TestInputTopic<String, byte[]> events = driver.createInputTopic(Topics.MEETING_EVENTS, new StringSerializer(),
                    new ByteArraySerializer());
            Map<String, org.apache.kafka.streams.TestOutputTopic<byte[], byte[]>> outputs = new LinkedHashMap<>();
            for (int from = 0; from < inputs.size(); from += eventsPerTick) {
                int to = Math.min(inputs.size(), from + eventsPerTick);
                long before = threads.getCurrentThreadCpuTime();
                for (int i = from; i < to; i++) {
                    MeetingTraffic.Input input = inputs.get(i);
                    events.pipeInput(input.meetingId(), input.value(), input.occurredAt());
                }
                driver.advanceWallClockTime(Duration.ofSeconds(1));
                cpu += threads.getCurrentThreadCpuTime() - before;
                for (String topic : driver.producedTopicNames()) {
                    var output = outputs.computeIfAbsent(topic,
                            name -> driver.createOutputTopic(name, new ByteArrayDeserializer(), new ByteArrayDeserializer()));
                    long size = output.getQueueSize();
                    if (topic.equals(Topics.USAGE_RECORDS)) {
                        usageRecords += size;
                    } else if (topic.endsWith(".dlq") || topic.equals(Topics.deadLetterOf(Topics.MEETING_EVENTS))) {
                        deadLetters += size;
                    }
                    for (long i = 0; i < size; i++) {
                        output.readRecord();
                    }
                }
            }
        }
        double wall = (System.nanoTime() - wallStart) / 1e9;
        return new Run(cpu / 1e9, processorTime.nanos() / 1e9, processorTime.calls(), wall, (gcMillis() - gcBefore) / 1000.0,
                usageRecords, deadLetters, sessions);
    }

    /** The driver's own cost: the same source, a processor that drops every record. */
    private static Topology nothing(TopologyConfig config) {
        StreamsBuilder builder = new StreamsBuilder(config);
        builder.stream(Topics.MEETING_EVENTS, Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .process(() -> new Processor<String, byte[], Void, Void>() {
                    @Override
                    public void process(Record<String, byte[]> record) {
                    }
                });
        return builder.build();
    }

    private static long gcMillis() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    /** Session rows counted, not kept: Cassandra is not part of the in-process figure. */
    static final class CountingSessions implements SessionTable {
        long writes;

        @Override
        public void upsert(SessionRow row) {
            writes++;
        }

        @Override
        public void delete(SessionRow row) {
            writes++;
        }
    }

    private static Options parse(String[] args) {
        Map<String, String> values = new LinkedHashMap<>();
        boolean json = false;
        for (String arg : args) {
            if (arg.equals("--json")) {
                json = true;
            } else if (arg.startsWith("--") && arg.contains("=")) {
                values.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            } else {
                throw new IllegalArgumentException("unexpected argument '" + arg + "' (expected --key=value; see --help)");
            }
        }
        MeetingTraffic.Shape shape = new MeetingTraffic.Shape(number(values, "meetings", 2000), number(values, "participants", 10),
                number(values, "accounts", 200), number(values, "days", 3), number(values, "chat", 2));
        int perTick = number(values, "events-per-tick", 10_000);
        long seed = number(values, "seed", 16);
        UsageTopology.StoreLocation stores = switch (values.getOrDefault("stores", "heap")) {
            case "heap" -> UsageTopology.StoreLocation.HEAP;
            case "disk" -> UsageTopology.StoreLocation.DISK;
            default -> throw new IllegalArgumentException("--stores must be heap or disk, not '" + values.get("stores") + "'");
        };
        values.remove("stores");
        if (!values.isEmpty()) {
            throw new IllegalArgumentException("unknown option --" + values.keySet().iterator().next() + " (see --help)");
        }
        if (perTick < 1) {
            throw new IllegalArgumentException("--events-per-tick must be at least 1");
        }
        return new Options(shape, perTick, seed, stores, json);
    }

    private static int number(Map<String, String> values, String key, int fallback) {
        String value = values.remove(key);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " must be a whole number, not '" + value + "'");
        }
    }
}
