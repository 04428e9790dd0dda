package io.confab.jobs.usage;

import io.confab.jobs.usage.account.PeakFold;
import io.confab.jobs.usage.account.PeakDay;
import io.confab.jobs.usage.account.PeakQuarter;
import io.confab.jobs.usage.account.PresenceChanges;
import io.confab.jobs.usage.intake.Admitted;
import io.confab.jobs.usage.intake.ArtifactInput;
import io.confab.jobs.usage.intake.Intake;
import io.confab.jobs.usage.intake.MeetingEventInput;
import io.confab.jobs.usage.intake.SegmentInput;
import io.confab.jobs.usage.intake.TimeRules;
import io.confab.jobs.usage.presence.MeetingFold;
import io.confab.jobs.usage.presence.SpanOutbox;
import io.confab.jobs.usage.presence.MeetingLedger;
import io.confab.jobs.usage.presence.MeterRules;
import io.confab.jobs.usage.presence.Rejection;
import io.confab.jobs.usage.presence.SeenEvents;
import io.confab.jobs.usage.presence.SessionTable;
import io.confab.jobs.usage.recording.RecordingFold;
import io.confab.jobs.usage.recording.RecordingLedger;
import io.confab.jobs.usage.recording.SegmentMeter;
import io.confab.jobs.usage.sink.SessionOutbox;
import io.confab.jobs.usage.state.CommitBuffer;
import io.confab.jobs.usage.state.StoreMemoryBudget;
import io.confab.storage.codec.Codecs;
import io.confab.storage.events.MeetingEvent;
import io.confab.storage.events.RecordingArtifact;
import io.confab.storage.events.TranscriptSegment;
import io.confab.storage.events.UsageRecord;
import io.confab.storage.topics.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowBytesStoreSupplier;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * The usage meter's graph, top to bottom (stream-jobs/README.md has the picture):
 * <pre>
 * meeting.events      -> Intake (decode, check, dedupe) -> MeetingFold (presences, runs, sessions; day split)
 *                            -> usage.records; session rows -> SessionOutbox -> Cassandra at each commit
 *                            -> span changes -> SpanOutbox (one record per account and commit)
 *                               -> repartition by account -> PeakFold -> usage.records
 * recording.artifacts -> Intake -> RecordingFold -> usage.records
 * transcript.segments -> Intake -> SegmentMeter  -> usage.records
 * every Intake and MeetingFold rejection -> the source topic's dead-letter topic
 * </pre>
 */
public final class UsageTopology {

    static final String CLOCK_MEETINGS = "usage-clock-meetings";
    static final String CLOCK_ARTIFACTS = "usage-clock-artifacts";
    static final String CLOCK_SEGMENTS = "usage-clock-segments";
    static final String SEEN_MEETINGS = "usage-seen-meeting-events";
    static final String SEEN_ARTIFACTS = "usage-seen-artifacts";
    static final String SEEN_SEGMENTS = "usage-seen-segments";

    /** Seen ids are kept as long as a duplicate could still be metered: two months back at most. */
    static final Duration SEEN_RETENTION = Duration.ofDays(63);

    private final TimeRules timeRules;
    private final MeterRules rules;
    private final Clock wallClock;
    private final SessionTable sessions;
    private final MeterCounters counters;
    private final Duration tick;
    private final StoreLocation growingStores;

    /**
     * Where the stores that grow with the data live. The meter's are on {@link #DISK}. {@link #HEAP}
     * is for Kafka Streams' TopologyTestDriver when it measures the processors: the driver commits
     * and checkpoints after every record, which makes a disk store flush its memtable to a new file
     * per record (the meter does so only once enough changelog records were written), so a figure taken
     * there on disk stores would be the driver's artifact.
     */
    public enum StoreLocation { DISK, HEAP }

    public UsageTopology(TimeRules timeRules, MeterRules rules, Clock wallClock, SessionTable sessions,
                         MeterCounters counters, Duration tick) {
        this(timeRules, rules, wallClock, sessions, counters, tick, StoreLocation.DISK);
    }

    private UsageTopology(TimeRules timeRules, MeterRules rules, Clock wallClock, SessionTable sessions,
                          MeterCounters counters, Duration tick, StoreLocation growingStores) {
        this.timeRules = timeRules;
        this.rules = rules;
        this.wallClock = wallClock;
        this.sessions = sessions;
        this.counters = counters;
        this.tick = tick;
        this.growingStores = growingStores;
    }

    /** The same graph with the growing stores at {@code location}. */
    public UsageTopology withGrowingStoresOn(StoreLocation location) {
        return new UsageTopology(timeRules, rules, wallClock, sessions, counters, tick, location);
    }

    public Topology build() {
        return build(new StreamsBuilder());
    }

    /** The same graph under topology configs (the bench's processor wrapper, which times the processors). */
    public Topology build(TopologyConfig config) {
        return build(new StreamsBuilder(config));
    }

    /** The Streams settings the topology's stores need, wherever it runs (the meter, the bench, tests). */
    public static Properties storeSettings(Properties props) {
        props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, StoreMemoryBudget.class);
        return props;
    }

    /**
     * The key-value stores keep Kafka Streams' record cache: a key written many times between two
     * commits (the task's clock on every event, a meeting's ledger on each of its events, an
     * account-day's peak on each presence change) reaches the store and its changelog once, at the
     * commit, inside the same transaction (exactly once is unchanged: the cache is flushed before
     * the transaction commits, and dropped with it when a task fails). Without it every event
     * wrote its meeting's whole ledger (some KB) to the changelog. The meeting and peak ledgers have
     * a {@link CommitBuffer} in front of the cache: the cache holds bytes, so each write still
     * serialized the whole ledger; the buffer keeps the objects until the commit and serializes each
     * written key once (and the folds read back the object they wrote). The seen-id window stores have
     * no cache: every identity is written once. The stores that grow with the data (the seen ids,
     * kept for {@link #SEEN_RETENTION}, and the meeting, peak and recording ledgers) are on disk,
     * in RocksDB within {@link StoreMemoryBudget}, set by {@link #storeSettings}: on the heap they
     * filled the meter's 384 MiB within a million events. The clocks stay on the heap (a key each).
     */
    @SuppressWarnings("unchecked")
    private Topology build(StreamsBuilder builder) {
        for (String clock : new String[]{CLOCK_MEETINGS, CLOCK_ARTIFACTS, CLOCK_SEGMENTS}) {
            // Read and written on every event: the buffer keeps the Long until the commit (the cache beneath would
            // serialize it and update its LRU bookkeeping per event).
            builder.addStateStore(CommitBuffer.over(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(clock), Serdes.String(),
                    Serdes.Long()).withCachingEnabled()));
        }
        for (String seen : new String[]{SEEN_MEETINGS, SEEN_ARTIFACTS, SEEN_SEGMENTS}) {
            builder.addStateStore(Stores.windowStoreBuilder(
                    seenIds(seen), Serdes.String(), Serdes.Long()));
        }
        builder.addStateStore(Stores.windowStoreBuilder(seenIds(MeetingFold.ARCHIVE), Serdes.String(),
                StateSerde.of(SeenEvents.class, SeenEvents.FORMAT)));
        builder.addStateStore(CommitBuffer.over(Stores.keyValueStoreBuilder(ledgers(MeetingFold.MEETINGS),
                Serdes.String(), StateSerde.of(MeetingLedger.class, MeetingLedger.FORMAT)).withCachingEnabled()));
        builder.addStateStore(SessionOutbox.builder(sessions));
        builder.addStateStore(SpanOutbox.builder());
        builder.addStateStore(CommitBuffer.over(Stores.keyValueStoreBuilder(ledgers(PeakFold.PEAK_DAYS),
                Serdes.String(), StateSerde.of(PeakDay.class, PeakDay.FORMAT)).withCachingEnabled()));
        builder.addStateStore(CommitBuffer.over(Stores.keyValueStoreBuilder(ledgers(PeakFold.PEAK_QUARTERS),
                Serdes.String(), StateSerde.of(PeakQuarter.class, PeakQuarter.FORMAT)).withCachingEnabled()));
        builder.addStateStore(Stores.keyValueStoreBuilder(ledgers(RecordingFold.RECORDINGS),
                Serdes.String(), StateSerde.of(RecordingLedger.class, RecordingLedger.FORMAT)).withCachingEnabled());

        // meeting.events: presences, runs and sessions, then the account's peak.
        // Deduplicated in the fold, against each meeting's ledger (SEEN_MEETINGS is only read, for older meters' ids).
        Map<String, KStream<String, Object>> meetingEvents = admitOrReject(builder, Topics.MEETING_EVENTS,
                new MeetingEventInput(), CLOCK_MEETINGS, null);
        Map<String, KStream<String, Object>> folded = meetingEvents.get("admitted")
                .mapValues(v -> (Admitted<MeetingEvent>) v, Named.as("usage-meeting-admitted"))
                .process(() -> new MeetingFold(rules, SessionOutbox.NAME, CLOCK_MEETINGS, SEEN_MEETINGS, counters, tick)
                                .withSpanOutbox(SpanOutbox.NAME),
                        Named.as("usage-meeting-fold"), MeetingFold.MEETINGS, CLOCK_MEETINGS, SessionOutbox.NAME, SEEN_MEETINGS,
                        MeetingFold.ARCHIVE, SpanOutbox.NAME)
                .split(Named.as("usage-fold-"))
                .branch((k, v) -> v instanceof UsageRecord, Branched.as("usage"))
                .branch((k, v) -> v instanceof PresenceChanges, Branched.as("spans"))
                .defaultBranch(Branched.as("rejected"));
        toUsageRecords(folded.get("usage-fold-usage").mapValues(v -> (UsageRecord) v, Named.as("usage-meeting-records")));
        toDeadLetters(folded.get("usage-fold-rejected"), "usage-fold-dead-letters");
        toUsageRecords(folded.get("usage-fold-spans")
                .mapValues(v -> (PresenceChanges) v, Named.as("usage-span-changes"))
                .repartition(Repartitioned.with(Serdes.String(), StateSerde.of(PresenceChanges.class, PresenceChanges.FORMAT))
                        .withName("usage-presence-changes"))
                .process(() -> new PeakFold(wallClock), Named.as("usage-peak-fold"), PeakFold.PEAK_DAYS, PeakFold.PEAK_QUARTERS));

        // recording.artifacts: recording minutes and storage bytes.
        Map<String, KStream<String, Object>> artifacts = admitOrReject(builder, Topics.RECORDING_ARTIFACTS,
                new ArtifactInput(), CLOCK_ARTIFACTS, SEEN_ARTIFACTS);
        toUsageRecords(artifacts.get("admitted")
                .mapValues(v -> (Admitted<RecordingArtifact>) v, Named.as("usage-artifact-admitted"))
                .process(() -> new RecordingFold(Duration.ofMillis(rules.retention())), Named.as("usage-recording-fold"),
                        RecordingFold.RECORDINGS));

        // transcript.segments: transcription minutes.
        Map<String, KStream<String, Object>> segments = admitOrReject(builder, Topics.TRANSCRIPT_SEGMENTS,
                new SegmentInput(), CLOCK_SEGMENTS, SEEN_SEGMENTS);
        toUsageRecords(segments.get("admitted")
                .mapValues(v -> (Admitted<TranscriptSegment>) v, Named.as("usage-segment-admitted"))
                .process(SegmentMeter::new, Named.as("usage-segment-meter")));
        return builder.build();
    }

    /** The intake of one topic, split into "admitted" and "rejected" (the rejected already dead-lettered). */
    private <T extends org.apache.avro.specific.SpecificRecord> Map<String, KStream<String, Object>> admitOrReject(
            StreamsBuilder builder, String topic, io.confab.jobs.usage.intake.InputKind<T> kind, String clock, String seen) {
        String name = "usage-" + topic.replace('.', '-');
        Map<String, KStream<String, Object>> split = builder.stream(topic, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())
                        .withName(name + "-source"))
                .process(() -> new Intake<>(kind, clock, seen, timeRules, wallClock, counters), Named.as(name + "-intake"),
                        seen == null ? new String[]{clock} : new String[]{clock, seen})
                .split(Named.as(name + "-"))
                .branch((k, v) -> v instanceof Rejection, Branched.as("rejected"))
                .defaultBranch(Branched.as("admitted"));
        toDeadLetters(split.get(name + "-rejected"), name + "-dead-letters");
        return Map.of("admitted", split.get(name + "-admitted"));
    }

    private void toDeadLetters(KStream<String, Object> rejected, String name) {
        rejected.mapValues(v -> {
                    Rejection rejection = (Rejection) v;
                    counters.rejected(rejection.origin().topic());
                    return DeadLetters.of(rejection, wallClock.instant());
                }, Named.as(name))
                .to((key, letter, context) -> Topics.deadLetterOf(letter.getSourceTopic()),
                        Produced.with(Serdes.String(), Codecs.DEAD_LETTERS.serde()).withName(name + "-sink"));
    }

    private int sinks;

    private WindowBytesStoreSupplier seenIds(String name) {
        return growingStores == StoreLocation.DISK
                ? Stores.persistentWindowStore(name, SEEN_RETENTION, Duration.ofMillis(1), false)
                : Stores.inMemoryWindowStore(name, SEEN_RETENTION, Duration.ofMillis(1), false);
    }

    private KeyValueBytesStoreSupplier ledgers(String name) {
        return growingStores == StoreLocation.DISK ? Stores.persistentKeyValueStore(name) : Stores.inMemoryKeyValueStore(name);
    }

    private void toUsageRecords(KStream<String, UsageRecord> usage) {
        String name = "usage-records-" + (++sinks);
        usage.peek((k, v) -> counters.usageRecord(), Named.as(name + "-count"))
                .to(Topics.USAGE_RECORDS, Produced.with(Serdes.String(), Codecs.USAGE_RECORDS.serde()).withName(name));
    }
}
