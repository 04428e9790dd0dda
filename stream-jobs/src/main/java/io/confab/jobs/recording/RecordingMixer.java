package io.confab.jobs.recording;

import io.confab.jobs.kafka.OutboundRecord;
import io.confab.jobs.kafka.KafkaRecord;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.confab.jobs.recording.MeetingEventFold.Action;
import io.confab.jobs.recording.output.RecordingStore;
import io.confab.jobs.track.HeldPackets;
import io.confab.jobs.track.KeyFrames;
import io.confab.storage.codec.Codecs;
import io.confab.storage.codec.Decoded;
import io.confab.storage.events.MediaPacket;
import io.confab.storage.events.MeetingEvent;
import io.confab.storage.topics.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recording mixer's operator, keyed by meeting id over both meeting.events and media.packets
 * (co-partitioned, same key). Events tell it who is in the meeting and when each recording starts
 * and stops; packets inside a recording's window go to that recording's {@link RecordingEngine};
 * every finished segment is in S3 before the packets it was made from leave the operator's state.
 *
 * <p>What survives a crash (Flink state, checkpointed with the Kafka offsets): the meeting's
 * {@link MeetingState} (roster, recordings, their timelines and how many segments are written)
 * and the raw packets since the last written segment. The engine itself (decoders, encoders) lives
 * only in memory: after a restore it is rebuilt at the next unwritten segment and fed the kept
 * packets again, so the output continues with no gap and no repeat.
 *
 * <p>Packets of a meeting with no known recording are held for a short while, because the
 * RecordingStarted event (through the meeting service's outbox) can arrive after the first tapped
 * packets (straight from the SFU). The hold counts from when this operator read the packet, not from
 * its arrival at the SFU: after a restore from a checkpoint taken before the start event, the
 * replayed packets are minutes old and their start event is only a few fetches behind them.
 */
public final class RecordingMixer extends KeyedProcessFunction<String, KafkaRecord, OutboundRecord> {

    private static final Logger LOG = LoggerFactory.getLogger(RecordingMixer.class);
    /** A packet may arrive a little before the start event's time or after the stop's. */
    static final long WINDOW_TOLERANCE_MS = 1500;
    /** Idle checks run this often; a stop is finalized after the drain on the next one. */
    static final long TICK_MS = 1000;
    /**
     * Held packets expire in batches: once the oldest is this far past the hold, every packet past
     * it goes in one rewrite of the held list. A meeting tapped only for its captions holds the
     * whole hold of every track (30 s of twenty tracks are 30,000 packets), and rewriting them at
     * every tick cost the task manager nearly as much CPU as transcribing them (JFR, 2026-12-05).
     */
    static final long EXPIRY_BATCH_MS = 5000;
    static final String CONSUMER = "stream-jobs/recording-mixer";

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final MixerConfig config;
    private final RecordingEngine.Factory engines;
    private final SerializableStoreFactory stores;

    private transient ValueState<byte[]> meetingState;
    private transient ListState<byte[]> kept;
    /** Packets waiting for their RecordingStarted, with when this operator read each. */
    private transient HeldPackets held;
    private transient ValueState<Long> nextTick;
    private transient Map<String, MeetingState> states;
    private transient Map<String, RecordingEngine> running;
    private transient Map<String, Long> lastInputAt;
    private transient Map<String, TrackFormats> formats;
    private transient RecordingStore store;
    private transient MeetingEventFold fold;
    private transient MixerCounters counters;
    private transient ProblemLog problems;

    /** Makes the store on the task manager (the S3 and Cassandra clients are not serializable). */
    public interface SerializableStoreFactory extends java.io.Serializable, Supplier<RecordingStore> {
    }

    public RecordingMixer(MixerConfig config, RecordingEngine.Factory engines, SerializableStoreFactory stores) {
        this.config = config;
        this.engines = engines;
        this.stores = stores;
    }

    @Override
    public void open(OpenContext context) {
        meetingState = getRuntimeContext().getState(new ValueStateDescriptor<>("meeting", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        kept = getRuntimeContext().getListState(new ListStateDescriptor<>("kept-packets", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        held = HeldPackets.expiringInBatches(getRuntimeContext().getListState(
                new ListStateDescriptor<>("held-packets-read", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO)),
                config.pendingHold(), Duration.ofMillis(EXPIRY_BATCH_MS));
        nextTick = getRuntimeContext().getState(new ValueStateDescriptor<>("next-tick", Long.class));
        states = new HashMap<>();
        running = new HashMap<>();
        lastInputAt = new HashMap<>();
        formats = new HashMap<>();
        store = stores.get();
        fold = new MeetingEventFold(config.audioOnly(), config.idleTimeout().toMillis() + 24L * 3600 * 1000);
        counters = new MixerCounters(getRuntimeContext().getMetricGroup());
        problems = new ProblemLog(LOG);
    }

    @Override
    public void close() {
        if (running != null) {
            running.values().forEach(RecordingEngine::close);
            running.clear();
        }
        if (store != null) {
            store.close();
        }
    }

    @Override
    public void processElement(KafkaRecord record, Context ctx, Collector<OutboundRecord> out) throws Exception {
        String meetingId = ctx.getCurrentKey();
        long now = ctx.timerService().currentProcessingTime();
        if (meetingId.isEmpty()) {
            (Topics.MEETING_EVENTS.equals(record.topic) ? counters.eventsUndecodable : counters.packetsUndecodable).inc();
            problems.once("record without a key", record.topic + " record at offset " + record.offset + " has no meeting id key");
            deadLetter(record, record.topic + ": no key: the record has no meeting id key", out);
            return;
        }
        if (Topics.MEETING_EVENTS.equals(record.topic)) {
            onEvent(meetingId, record, now, ctx, out);
        } else {
            onPacket(meetingId, record, now, ctx, out);
        }
    }

    private void onEvent(String meetingId, KafkaRecord record, long now, Context ctx, Collector<OutboundRecord> out) throws Exception {
        Decoded<MeetingEvent> decoded = Codecs.MEETING_EVENTS.decode(record.value);
        if (!(decoded instanceof Decoded.Ok<MeetingEvent> ok)) {
            counters.eventsUndecodable.inc();
            deadLetter(record, ((Decoded.Failed<MeetingEvent>) decoded).reason(), out);
            return;
        }
        counters.events.inc();
        MeetingState state = load(meetingId);
        boolean recordingBefore = state.recordings.stream().anyMatch(RecordingWindow::running);
        List<Action> actions = fold.apply(state, ok.value(), now);
        boolean startedOne = false;
        for (Action action : actions) {
            if (action instanceof Action.StartRecording start) {
                counters.recordingsStarted.inc();
                startedOne = true;
                store.recordingRow(start.recording(), start.recording().participantNames(), null);
                LOG.info("recording {} of meeting {} started", start.recording().recordingId, meetingId);
            } else if (action instanceof Action.StopRecording stop) {
                stop.recording().stoppedAtMs = stop.atMs();
                stop.recording().stopReason = stop.reason();
                lastInputAt.put(stop.recording().recordingId, now);
                scheduleTick(ctx, now);
            } else if (action instanceof Action.Ignored ignored) {
                counters.eventsIgnored.inc();
                problems.once("event ignored", ignored.reason());
            }
        }
        save(meetingId, state);
        if (startedOne && !recordingBefore) {
            releaseHeld(meetingId, state, now, ctx, out);
        }
        if (startedOne) {
            scheduleTick(ctx, now);
        }
    }

    private void onPacket(String meetingId, KafkaRecord record, long now, Context ctx, Collector<OutboundRecord> out) throws Exception {
        Decoded<MediaPacket> decoded = Codecs.MEDIA_PACKETS.decode(record.value);
        if (!(decoded instanceof Decoded.Ok<MediaPacket> ok)) {
            counters.packetsUndecodable.inc();
            String reason = ((Decoded.Failed<MediaPacket>) decoded).reason();
            problems.once("undecodable media packet", reason);
            deadLetter(record, reason, out);
            return;
        }
        MeetingState state = load(meetingId);
        MediaPacket packet = ok.value();
        long arrival = micros(packet.getArrivalTime());
        RecordingWindow recording = state.recordingCovering(arrival, WINDOW_TOLERANCE_MS).orElse(null);
        if (recording == null) {
            if (state.recordings.stream().anyMatch(RecordingWindow::running) || state.ended) {
                counters.packetsOutsideWindow.inc();
                problems.once("packet outside any recording window", "meeting " + meetingId + ", arrival " + packet.getArrivalTime());
            } else {
                counters.packetsHeld.inc();
                held.hold(now, record.value);
                scheduleTick(ctx, now);
            }
            return;
        }
        TrackFormats tracks = formats.computeIfAbsent(meetingId, id -> new TrackFormats());
        Optional<String> change = tracks.change(packet);
        if (change.isPresent()) {
            counters.tracks.codecChanges++;
            problems.once("codec change mid-stream", "meeting " + meetingId + ": " + change.get());
        }
        Optional<String> refused = RecordableCodec.refusal(packet);
        if (refused.isPresent()) {
            counters.tracks.unsupportedCodec++;
            problems.once("codec not recordable: " + packet.getKind() + " " + packet.getCodec(), "meeting " + meetingId + ": " + refused.get());
            deadLetter(record, refused.get(), out);
            return;
        }
        counters.packets.inc();
        // The engine first: a new one replays the kept packets, and this one is not among them yet.
        RecordingEngine engine = engine(recording);
        kept.add(record.value);
        engine.offer(packet);
        recording.lastArrivalMicros = Math.max(recording.lastArrivalMicros, arrival);
        engine.advance(recording.lastArrivalMicros - config.latency().toNanos() / 1000);
        if (engine.completedSegments() != recording.completedSegments) {
            segmentsWritten(meetingId, state, recording, engine);
        }
        // The drain counts from when this packet was done, not from when it came: rebuilding an
        // engine after a restore takes seconds, and a due tick right after it must not take the
        // replay's pause for the end of the media and finish the recording without the rest.
        lastInputAt.put(recording.recordingId, ctx.timerService().currentProcessingTime());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<OutboundRecord> out) throws Exception {
        String meetingId = ctx.getCurrentKey();
        long now = ctx.timerService().currentProcessingTime();
        nextTick.clear();
        MeetingState state = load(meetingId);
        expireHeld(now);
        boolean again = !held.isEmpty();
        for (RecordingWindow recording : new ArrayList<>(state.recordings)) {
            if (!recording.running()) {
                continue;
            }
            long last = lastInputAt.computeIfAbsent(recording.recordingId, id -> now);
            if (recording.stoppedAtMs != null && now - last >= config.drain().toMillis()
                    && (recording.retryAtMs == null || now >= recording.retryAtMs)) {
                finish(meetingId, state, recording, now, ctx);
                again |= recording.running();
            } else if (recording.stoppedAtMs == null && now - last >= config.idleTimeout().toMillis()) {
                counters.recordingsIdleTimedOut.inc();
                recording.stoppedAtMs = recording.lastArrivalMicros > 0 ? recording.lastArrivalMicros / 1000 : recording.startedAtMs;
                recording.stopReason = "idle for " + config.idleTimeout().toSeconds() + " s";
                LOG.warn("recording {} of meeting {}: no media and no stop for {} s, finalizing", recording.recordingId,
                        meetingId, config.idleTimeout().toSeconds());
                finish(meetingId, state, recording, now, ctx);
                again |= recording.running();
            } else {
                again = true;
            }
        }
        save(meetingId, state);
        if (again) {
            scheduleTick(ctx, now);
        }
    }

    /**
     * Renders the recording's last segment (once) and hands the recording over to the
     * {@link RecordingFinisher}, which makes its files in a task of its own while this one goes on
     * mixing. Storage trouble while rendering (S3 refusing the last segment) is retried with
     * back-off on the operator's own timer ({@link #RENDER_RETRIES}); after the last attempt the
     * recording is FAILED and says so in Cassandra and the log.
     */
    private void finish(String meetingId, MeetingState state, RecordingWindow recording, long now, Context ctx) throws Exception {
        try {
            if (!recording.rendered) {
                RecordingEngine engine = engine(recording);
                engine.finish(recording.stoppedAtMs * 1000);
                engine.describeInto(recording);
                recording.completedSegments = engine.completedSegments();
                recording.rendered = true;
                closeEngine(recording);
                save(meetingId, state);
            }
            recording.finalizeAttempts = 0;
            recording.retryAtMs = null;
            ctx.output(TO_FINISH, FinalizeRecording.of(recording));
            counters.recordingsHandedOver.inc();
        } catch (IOException | RuntimeException e) {
            closeEngine(recording);
            recording.finalizeAttempts++;
            if (RENDER_RETRIES.givesUpAfter(recording.finalizeAttempts)) {
                fail(recording, "gave up rendering after " + recording.finalizeAttempts + " attempts; last: " + e);
            } else {
                long backoff = RENDER_RETRIES.waitAfter(recording.finalizeAttempts).toMillis();
                recording.retryAtMs = now + backoff;
                LOG.warn("recording {} of meeting {}: rendering its last segment failed (attempt {} of {}), retrying in {} s: {}",
                        recording.recordingId, meetingId, recording.finalizeAttempts, RENDER_RETRIES.attempts(), backoff / 1000, e.toString());
                return;
            }
        }
        state.retire(recording);
        lastInputAt.remove(recording.recordingId);
        kept.update(keptFor(state));
        if (state.recordings.isEmpty()) {
            formats.remove(meetingId);
        }
    }

    /** This subtask's counters, for tests through the harness (which has no metric reporter). */
    MixerCounters counters() {
        return counters;
    }

    /** Rendered recordings, to the {@link RecordingFinisher}. */
    public static final OutputTag<FinalizeRecording> TO_FINISH = new OutputTag<>("finalize", TypeInformation.of(FinalizeRecording.class));

    /** Rendering the last segment is retried as the {@link RecordingFinisher} retries making the files. */
    static final RetrySchedule RENDER_RETRIES = RecordingFinisher.RETRIES;

    private void fail(RecordingWindow recording, String why) {
        counters.recordingsFailed.inc();
        recording.markFailed(store, why);
    }

    private void closeEngine(RecordingWindow recording) {
        RecordingEngine engine = running.remove(recording.recordingId);
        if (engine != null) {
            engine.close();
        }
    }

    private void segmentsWritten(String meetingId, MeetingState state, RecordingWindow recording, RecordingEngine engine) throws Exception {
        engine.describeInto(recording);
        recording.completedSegments = engine.completedSegments();
        save(meetingId, state);
        kept.update(keptFor(state));
    }

    /**
     * The packets still needed after a segment was written: for each running recording, those
     * not yet rendered (from the next segment's start minus the render latency), and for each of
     * its video tracks also those since that track's last key frame before then, so a rebuilt
     * engine's decoder starts from a key frame. A track whose last key frame is more than
     * {@link #KEY_FRAME_LOOKBACK_MICROS} back keeps only the rewind, and after a crash shows the
     * participant's name until its next key frame.
     */
    private List<byte[]> keptFor(MeetingState state) throws Exception {
        List<byte[]> all = new ArrayList<>();
        kept.get().forEach(all::add);
        List<MediaPacket> packets = new ArrayList<>(all.size());
        for (byte[] raw : all) {
            Decoded<MediaPacket> decoded = Codecs.MEDIA_PACKETS.decode(raw);
            packets.add(decoded instanceof Decoded.Ok<MediaPacket> ok ? ok.value() : null);
        }
        boolean[] keep = new boolean[all.size()];
        for (RecordingWindow r : state.recordings) {
            boolean[] forThis = keep(packets, r, config.segment().toNanos() / 1000, config.latency().toNanos() / 1000);
            for (int i = 0; i < keep.length; i++) {
                keep[i] |= forThis[i];
            }
        }
        List<byte[]> result = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (keep[i]) {
                result.add(all.get(i));
            }
        }
        return result;
    }

    /** Which of {@code packets} (null: undecodable) a rebuilt engine for {@code r} needs; see {@link #keptFor}. */
    static boolean[] keep(List<MediaPacket> packets, RecordingWindow r, long segmentMicros, long latencyMicros) {
        boolean[] keep = new boolean[packets.size()];
        if (!r.running()) {
            return keep;
        }
        long cutoff = r.startedAtMs * 1000 + r.completedSegments * segmentMicros - latencyMicros;
        // Per video track, the RTP timestamp of its last key frame starting before the cutoff...
        Map<String, long[]> lastKeyFrame = new HashMap<>();
        for (MediaPacket p : packets) {
            long arrival = p == null ? 0 : micros(p.getArrivalTime());
            if (p != null && arrival < cutoff && arrival >= cutoff - KEY_FRAME_LOOKBACK_MICROS
                    && r.covers(arrival, WINDOW_TOLERANCE_MS) && KeyFrames.startsKeyFrame(p)) {
                long[] known = lastKeyFrame.get(p.getTrackId());
                if (known == null || arrival > known[0]) {
                    lastKeyFrame.put(p.getTrackId(), new long[] {arrival, p.getRtpTimestamp(), p.getSsrc()});
                }
            }
        }
        // ...kept from the first arrival of any packet of that frame: its first packet may have been overtaken.
        Map<String, Long> keyFrameAt = new HashMap<>();
        for (MediaPacket p : packets) {
            long[] key = p == null ? null : lastKeyFrame.get(p.getTrackId());
            if (key != null && p.getRtpTimestamp() == key[1] && p.getSsrc() == key[2]) {
                keyFrameAt.merge(p.getTrackId(), micros(p.getArrivalTime()), Math::min);
            }
        }
        for (int i = 0; i < packets.size(); i++) {
            MediaPacket p = packets.get(i);
            if (p == null || !r.covers(micros(p.getArrivalTime()), WINDOW_TOLERANCE_MS)) {
                continue;
            }
            long from = Math.min(cutoff - REWIND_MICROS, keyFrameAt.getOrDefault(p.getTrackId(), Long.MAX_VALUE));
            keep[i] = micros(p.getArrivalTime()) >= from;
        }
        return keep;
    }

    /** How far back a video track's last key frame is kept for a rebuilt engine. */
    static final long KEY_FRAME_LOOKBACK_MICROS = 30_000_000;
    /** Audio and video kept before the next segment's start in any case: the decoders' warm-up. */
    static final long REWIND_MICROS = 1_000_000;

    private RecordingEngine engine(RecordingWindow recording) throws Exception {
        RecordingEngine engine = running.get(recording.recordingId);
        if (engine != null) {
            return engine;
        }
        engine = engines.create(recording, config, store, counters.tracks);
        running.put(recording.recordingId, engine);
        // After a restore (or a rebalance), the packets kept since the last written segment bring
        // the new engine to where the lost one was.
        int replayed = 0;
        for (byte[] raw : kept.get()) {
            Decoded<MediaPacket> decoded = Codecs.MEDIA_PACKETS.decode(raw);
            if (decoded instanceof Decoded.Ok<MediaPacket> ok && recording.covers(micros(ok.value().getArrivalTime()), WINDOW_TOLERANCE_MS)) {
                // As live: offered and rendered up to its arrival less the latency, so the jitter
                // buffers drain as they did and the segment being made is made again the same way.
                engine.offer(ok.value());
                engine.advance(micros(ok.value().getArrivalTime()) - config.latency().toNanos() / 1000);
                replayed++;
            }
        }
        if (replayed > 0 || recording.completedSegments > 0) {
            counters.engineRebuilds.inc();
            LOG.info("recording {}: engine rebuilt at segment {} from {} kept packets", recording.recordingId,
                    recording.completedSegments, replayed);
        }
        return engine;
    }

    private void releaseHeld(String meetingId, MeetingState state, long now, Context ctx, Collector<OutboundRecord> out) throws Exception {
        for (byte[] raw : held.release()) {
            // Held without their offsets: a dead letter of one names the meeting by its key only.
            onPacket(meetingId, new KafkaRecord(Topics.MEDIA_PACKETS, -1, -1, meetingId.getBytes(StandardCharsets.UTF_8), raw), now, ctx, out);
        }
    }

    /**
     * Drops the held packets read more than {@code pending-hold} ago. Counted from the reading, not
     * from the packet's arrival at the SFU: in live operation the two agree, but a job restored from
     * a checkpoint taken just before a recording's start replays packets whose arrival is long past,
     * and the consumer can hand over several seconds of media.packets before it reaches the start
     * event in meeting.events. Measured against arrival, the hold dropped them all at the first tick
     * and the recording lost its first seconds (CloudRecordingTest's TaskManager kill, 2026-12-04:
     * the first 16 s; stream-jobs/README.md "Recovery"). They go in batches ({@link #EXPIRY_BATCH_MS}),
     * so a packet may wait that much longer than the hold before it is dropped.
     */
    private void expireHeld(long now) throws Exception {
        int expired = held.expire(now);
        if (expired == 0) {
            return;
        }
        counters.packetsHeldExpired.inc(expired);
        problems.once("packets for a meeting that is not being recorded", expired + " packet(s) dropped "
                + config.pendingHold().toMillis() + " ms after they were read without a RecordingStarted");
    }

    private void scheduleTick(Context ctx, long now) throws IOException {
        Long scheduled = nextTick.value();
        if (scheduled == null || scheduled < now) {
            long at = now + TICK_MS;
            ctx.timerService().registerProcessingTimeTimer(at);
            nextTick.update(at);
        }
    }

    private void deadLetter(KafkaRecord record, String reason, Collector<OutboundRecord> out) {
        out.collect(record.deadLetter(reason, CONSUMER));
    }

    private MeetingState load(String meetingId) throws IOException {
        MeetingState state = states.get(meetingId);
        if (state == null) {
            byte[] bytes = meetingState.value();
            state = bytes == null ? new MeetingState() : JSON.readValue(bytes, MeetingState.class);
            states.put(meetingId, state);
        }
        return state;
    }

    private void save(String meetingId, MeetingState state) throws IOException {
        meetingState.update(JSON.writeValueAsBytes(state));
    }

    static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1000;
    }
}
