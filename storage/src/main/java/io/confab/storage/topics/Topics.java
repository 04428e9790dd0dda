package io.confab.storage.topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Every Kafka topic of Confab (DESIGN.md, "Data contracts"): its name, key, partitions and retention.
 *
 * <p>Partition counts are sized for one broker on a 2-core machine and still leave room to spread
 * over a small cluster: the two high-volume, meeting-keyed topics get 6 so that several consumers
 * can share them; they have the same count and key so that a job joining a meeting's media with its
 * events (transcription needs speaker names) reads co-partitioned input without a repartition.
 * Everything else gets 3. Replication factor is not fixed here: the launcher takes it from the
 * cluster it talks to (1 for the embedded broker).
 */
public final class Topics {

    public static final String MEETING_EVENTS = "meeting.events";
    public static final String MEDIA_PACKETS = "media.packets";
    public static final String MEDIA_QUALITY = "media.quality";
    public static final String TRANSCRIPT_SEGMENTS = "transcript.segments";
    public static final String RECORDING_ARTIFACTS = "recording.artifacts";
    public static final String USAGE_RECORDS = "usage.records";
    public static final String AUDIT_LOG = "audit.log";
    public static final String NOTIFICATIONS = "notifications";
    public static final String TRANSCRIPTION_REQUESTS = "transcription.requests";

    /** Data topics, in data-flow order; each has a dead-letter topic in {@link #ALL}. */
    public static final List<Topic> DATA = List.of(
            // Small, and the monthly billing run reads it whole (storage/USAGE.md): a full month plus a
            // few days of slack for a late run, like usage.records.
            deleteAfter(MEETING_EVENTS, "meeting id", 6, Duration.ofDays(35)),
            // The bulk of all bytes. Consumed live by recording and transcription; a day is enough
            // for a crashed job to restart and catch up, and the size cap keeps one machine's disk safe.
            deleteAfter(MEDIA_PACKETS, "meeting id", 6, Duration.ofDays(1), Map.of(
                    "retention.bytes", Long.toString(1L << 30),
                    "segment.bytes", Long.toString(256L << 20))),
            deleteAfter(MEDIA_QUALITY, "meeting id", 3, Duration.ofDays(7)),
            // Final segments land in Cassandra and S3 soon after, but the monthly billing run meters
            // transcription minutes from this topic: keep a month plus slack, like usage.records.
            deleteAfter(TRANSCRIPT_SEGMENTS, "meeting id", 3, Duration.ofDays(35)),
            deleteAfter(RECORDING_ARTIFACTS, "meeting id", 3, Duration.ofDays(30)),
            // Billing runs monthly: keep a full month plus a few days of slack for a late run.
            deleteAfter(USAGE_RECORDS, "account id", 3, Duration.ofDays(35)),
            // Security review wants more history than operations; the records are tiny.
            deleteAfter(AUDIT_LOG, "account id (empty when none)", 3, Duration.ofDays(90)),
            deleteAfter(NOTIFICATIONS, "user id", 3, Duration.ofDays(7)),
            // A request is done within minutes; a week lets a stopped job catch up.
            deleteAfter(TRANSCRIPTION_REQUESTS, "meeting id", 3, Duration.ofDays(7)));

    /**
     * Every topic the platform needs, data topics followed by their dead-letter topics. One
     * partition per dead-letter topic: they are read by people and replay tools, not in parallel.
     */
    public static final List<Topic> ALL = withDeadLetters(DATA);

    private static final Map<String, Topic> BY_NAME =
            ALL.stream().collect(Collectors.toUnmodifiableMap(Topic::name, topic -> topic));

    private Topics() {
    }

    public static Optional<Topic> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** The dead-letter topic name of a data topic, e.g. {@code meeting.events.dlq}. */
    public static String deadLetterOf(String topicName) {
        Topic topic = byName(topicName)
                .orElseThrow(() -> new IllegalArgumentException("unknown topic " + topicName + "; known: " + BY_NAME.keySet()));
        return topic.deadLetterTopicName();
    }

    private static Topic deleteAfter(String name, String key, int partitions, Duration retention) {
        return deleteAfter(name, key, partitions, retention, Map.of());
    }

    private static Topic deleteAfter(String name, String key, int partitions, Duration retention, Map<String, String> extra) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("cleanup.policy", "delete");
        config.put("retention.ms", Long.toString(retention.toMillis()));
        config.putAll(extra);
        return new Topic(name, key, partitions, config);
    }

    private static List<Topic> withDeadLetters(List<Topic> data) {
        List<Topic> all = new ArrayList<>(data);
        for (Topic topic : data) {
            // Same key as the source, so a replay lands on the partition it came from. A month gives
            // someone time to notice, fix and replay; a source's size cap applies to its letters too.
            Map<String, String> config = new LinkedHashMap<>();
            config.put("cleanup.policy", "delete");
            config.put("retention.ms", Long.toString(Duration.ofDays(30).toMillis()));
            Optional.ofNullable(topic.config().get("retention.bytes")).ifPresent(cap -> config.put("retention.bytes", cap));
            all.add(new Topic(topic.deadLetterTopicName(), topic.key(), 1, config));
        }
        return Collections.unmodifiableList(all);
    }
}
