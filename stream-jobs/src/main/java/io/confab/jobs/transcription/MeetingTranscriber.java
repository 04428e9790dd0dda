package io.confab.jobs.transcription;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.confab.jobs.kafka.KafkaRecord;
import io.confab.jobs.kafka.OutboundRecord;
import io.confab.jobs.track.HeldPackets;
import io.confab.jobs.transcription.TrackTranscript.Heard;
import io.confab.jobs.transcription.TranscriptRun.Action;
import io.confab.jobs.transcription.TranscriptRun.RecordingSpan;
import io.confab.jobs.transcription.TranscriptRun.TrackMark;
import io.confab.storage.codec.Codecs;
import io.confab.storage.codec.Decoded;
import io.confab.storage.codec.EventCodec;
import io.confab.storage.events.MediaKind;
import io.confab.storage.events.MediaPacket;
import io.confab.storage.events.MeetingEvent;
import io.confab.storage.events.TranscriptSegment;
import io.confab.storage.events.TranscriptWord;
import io.confab.storage.topics.Topics;
import io.confab.transcription.Transcriber;
import io.confab.transcription.transcript.Segment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transcription job's operator, keyed by meeting over meeting.events and media.packets
 * (co-partitioned by meeting id). Events say who speaks under which name and when a transcript is
 * wanted; each tapped audio track of a transcribed moment goes through its {@link TrackTranscript}
 * and what it hears leaves as {@code transcript.segments} (captions as interim segments, then the
 * final one with the same id), final segments also into Cassandra; when a transcribed recording
 * stops or the meeting ends, its {@link TranscriptFiles} go to S3 and are announced.
 *
 * <p>What survives a crash (checkpointed with the Kafka offsets): the {@link TranscriptRun}, the
 * final segments (for the files), and each track's packets since its last final segment. The
 * recognizers' state cannot be snapshotted: after a restore each track is rebuilt from its kept
 * packets, and segments that end before what was already emitted are skipped, so ids continue
 * where they stopped (the stores upsert by segment id).
 */
public final class MeetingTranscriber extends KeyedProcessFunction<String, KafkaRecord, OutboundRecord> {

    private static final Logger LOG = LoggerFactory.getLogger(MeetingTranscriber.class);
    static final String CONSUMER = "stream-jobs/transcription";
    static final long TICK_MS = 1000;
    /** How long the media clock waits for packets before it runs on by itself. */
    static final long CLOCK_GRACE_MS = 2000;
    /** A packet may arrive a little before the start event's time or after the stop's. */
    static final long TOLERANCE_MS = 1500;
    /** Kept packets reach this far before a track's last final segment: the VAD's pre-roll and onset. */
    static final long KEEP_BEFORE_MS = 1000;
    /** Packets waiting for the event that says whether their meeting is transcribed, per meeting. */
    static final int HELD_CAP = 2000;
    /** The state of each track's packets since its last settled point, framed by {@link KeptPacket}. */
    static final String KEPT_PACKETS = "kept-packets-framed";
    /** The state of packets waiting for their meeting's transcription event ({@link HeldPackets}). */
    static final String HELD_PACKETS = "held-packets-read";

    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final TranscriberConfig config;
    private final TranscriptStore.Factory stores;
    private final TranscriberFactory transcribers;

    private transient ValueState<byte[]> runState;
    private transient ListState<byte[]> finals;
    private transient ListState<byte[]> kept;
    private transient HeldPackets held;
    private transient ValueState<Long> nextTick;
    private transient Map<String, Map<String, TrackTranscript>> live;
    /**
     * Each meeting's run as last loaded or saved: the state's bytes are parsed once per operator
     * life, not at every packet (Jackson was a third of the operator's time with twenty tracks).
     */
    private transient Map<String, TranscriptRun> runs;
    /** Set when a packet changed the run (a new track, a segment's mark): only then is it saved. */
    private transient boolean runChanged;
    private transient Map<String, long[]> clocks;
    private transient Map<String, Long> lastInputAt;
    private transient Set<String> touched;
    private transient Map<String, SharedVoiceHold<Heard.Final>> holds;
    /** Meetings whose tracks were rebuilt after a restore in this operator's life. */
    private transient Set<String> replaying;
    private transient Transcriber transcriber;
    private transient java.util.concurrent.CompletableFuture<Transcriber> loading;
    private transient TranscriptStore store;
    /** Package-private for the operator's unit test, which reads them through the harness's unregistered group. */
    transient TranscriberCounters counters;

    /** Opens the speech model on the task manager (it is loaded once per process). */
    public interface TranscriberFactory extends java.io.Serializable {
        Transcriber open(TranscriberConfig config);
    }

    public MeetingTranscriber(TranscriberConfig config, TranscriptStore.Factory stores, TranscriberFactory transcribers) {
        this.config = config;
        this.stores = stores;
        this.transcribers = transcribers;
    }

    @Override
    public void open(OpenContext context) {
        runState = getRuntimeContext().getState(new ValueStateDescriptor<>("run", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        finals = getRuntimeContext().getListState(new ListStateDescriptor<>("final-segments", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        kept = getRuntimeContext().getListState(new ListStateDescriptor<>(KEPT_PACKETS, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        held = HeldPackets.capped(getRuntimeContext().getListState(
                new ListStateDescriptor<>(HELD_PACKETS, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO)), config.pendingHold(), HELD_CAP);
        nextTick = getRuntimeContext().getState(new ValueStateDescriptor<>("next-tick", Long.class));
        live = new HashMap<>();
        runs = new HashMap<>();
        clocks = new HashMap<>();
        lastInputAt = new HashMap<>();
        touched = new HashSet<>();
        holds = new HashMap<>();
        replaying = new HashSet<>();
        counters = new TranscriberCounters(getRuntimeContext().getMetricGroup());
        store = stores.get();
        loading = new java.util.concurrent.CompletableFuture<>();
        Thread loader = new Thread(() -> {
            long opening = System.nanoTime();
            try {
                Transcriber opened = transcribers.open(config);
                LOG.info("speech model {} ready in {} ms", opened.model(), (System.nanoTime() - opening) / 1_000_000);
                loading.complete(opened);
            } catch (RuntimeException | Error e) {
                LOG.error("the speech model could not be opened: {}", e.getMessage());
                loading.completeExceptionally(e);
            }
        }, "speech-model-loader");
        loader.setDaemon(true);
        loader.start();
        var metrics = getRuntimeContext().getMetricGroup().addGroup("confab_transcription");
        metrics.gauge("model_ready", () -> loading.isDone() && !loading.isCompletedExceptionally() ? 1 : 0);
        // The recognizer pool, shared by every track this task manager hears: busy recognizers and
        // how often a speaking track found none free (its audio then waits, and its captions with it).
        metrics.gauge("recognizers_busy", () -> transcriber == null ? 0 : transcriber.pool().created() - transcriber.pool().idle());
        metrics.gauge("recognizer_refusals", () -> transcriber == null ? 0L : transcriber.pool().refusals());
    }

    /**
     * The speech model, loaded on a thread of its own from {@link #open} on: loading it in open()
     * held up the job's start (and with it the platform's), and loading it at the first transcribed
     * packet stalled the operator for the load (tens of seconds on a busy machine) just as the first
     * meeting began to speak. The first packet waits only for what is left of the load.
     */
    private Transcriber transcriber() {
        if (transcriber == null) {
            try {
                transcriber = loading.join();
            } catch (java.util.concurrent.CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        return transcriber;
    }

    @Override
    public void close() {
        if (live != null) {
            live.values().forEach(tracks -> tracks.values().forEach(TrackTranscript::close));
            live.clear();
        }
        if (transcriber != null) {
            transcriber.close();
        } else if (loading != null) {
            loading.thenAccept(Transcriber::close);
        }
        if (store != null) {
            store.close();
        }
    }

    @Override
    public void processElement(KafkaRecord record, Context ctx, Collector<OutboundRecord> out) throws Exception {
        String meetingId = ctx.getCurrentKey();
        long now = ctx.timerService().currentProcessingTime();
        boolean event = Topics.MEETING_EVENTS.equals(record.topic);
        if (meetingId.isEmpty()) {
            (event ? counters.eventsUndecodable : counters.packetsUndecodable).inc();
            deadLetter(record, record.topic + ": no key: the record has no meeting id key", out);
            return;
        }
        TranscriptRun run = load(meetingId);
        restoreTracks(meetingId, run, out);
        lastInputAt.put(meetingId, now);
        if (event) {
            onEvent(meetingId, run, record, now, out);
        } else {
            onPacket(meetingId, run, record, now, out);
            // The clock's processing time is taken after the packet was heard: loading the speech
            // model (seconds) must not look like seconds without packets, or the next tick would
            // feed that much silence ahead of the packets still queued and they would come late.
            long[] clock = clocks.get(meetingId);
            if (clock != null) {
                clock[1] = Math.max(clock[1], ctx.timerService().currentProcessingTime());
            }
        }
        scheduleTick(ctx, now);
    }

    private void onEvent(String meetingId, TranscriptRun run, KafkaRecord record, long now, Collector<OutboundRecord> out) throws Exception {
        MeetingEvent event = decoded(Codecs.MEETING_EVENTS, record, counters.eventsUndecodable, out);
        if (event == null) {
            return;
        }
        counters.events.inc();
        if (run.isOtherRun(event)) {
            // The previous run never ended (its MeetingEnded was lost): close it before the new one.
            run.end(event.getOccurredAt().toEpochMilli());
            endRun(meetingId, run, clockMicros(meetingId, now), out);
            run = new TranscriptRun();
        }
        boolean before = run.startedAtMs != null && run.transcribing(event.getOccurredAt().toEpochMilli(), 0);
        for (Action action : run.apply(event)) {
            // RecordingEnded and RunEnded are written on a tick, once their audio has drained.
            if (action instanceof Action.ParticipantGone gone) {
                finishParticipant(meetingId, run, gone.participantId(), clockMicros(meetingId, now), out);
            } else if (action instanceof Action.Ignored) {
                counters.eventsIgnored.inc();
            }
        }
        save(meetingId, run);
        if (!before && run.transcribing(event.getOccurredAt().toEpochMilli(), TOLERANCE_MS)) {
            releaseHeld(meetingId, run, now, out);
        }
    }

    private void onPacket(String meetingId, TranscriptRun run, KafkaRecord record, long now, Collector<OutboundRecord> out) throws Exception {
        MediaPacket packet = decoded(Codecs.MEDIA_PACKETS, record, counters.packetsUndecodable, out);
        if (packet == null) {
            return;
        }
        if (packet.getKind() != MediaKind.AUDIO) {
            counters.packetsNotAudio.inc();
            return;
        }
        long arrival = micros(packet.getArrivalTime());
        counters.packetDelayMs = now - arrival / 1000;
        if (record.timestamp > 0) {
            counters.tapDelayMs = record.timestamp - arrival / 1000;
            counters.sourceDelayMs = now - record.timestamp;
        }
        if (run.transcribing(arrival / 1000, TOLERANCE_MS)) {
            runChanged = false;
            hear(meetingId, run, packet, record.value, arrival, now, true, out);
            if (runChanged) {
                save(meetingId, run);
            }
        } else if (!run.ended && !run.anyTranscriptWanted()) {
            // The event that says whether this meeting is transcribed (through the meeting
            // service's outbox) can come after its first tapped packets (straight from the SFU).
            counters.packetsHeld.inc();
            held.hold(now, record.value);
        } else {
            counters.packetsNotTranscribed.inc();
        }
    }

    private void hear(String meetingId, TranscriptRun run, MediaPacket packet, byte[] bytes, long arrival, long now, boolean keep,
                      Collector<OutboundRecord> out) throws Exception {
        counters.packets.inc();
        String trackId = packet.getTrackId();
        Map<String, TrackTranscript> tracks = live.computeIfAbsent(meetingId, id -> new LinkedHashMap<>());
        TrackTranscript track = tracks.get(trackId);
        if (track == null) {
            track = new TrackTranscript(packet.getParticipantId(), packet.getClockRate(), run.startedAtMs * 1000, arrival,
                    config.hold().toMillis() * 1000, transcriber().openStream(), config.silentPackets());
            tracks.put(trackId, track);
            if (run.tracks.putIfAbsent(trackId, new TrackMark(packet.getParticipantId())) == null) {
                runChanged = true;
                LOG.info("meeting {}: transcribing {}'s track {}", meetingId, run.nameOf(packet.getParticipantId()), trackId);
            }
        }
        if (keep) {
            kept.add(KeptPacket.frame(arrival, trackId, bytes));
        }
        clocks.put(meetingId, new long[] {arrival, now});
        track.offer(packet, arrival);
        emit(meetingId, run, trackId, track, track.advance(arrival), out);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<OutboundRecord> out) throws Exception {
        String meetingId = ctx.getCurrentKey();
        long now = ctx.timerService().currentProcessingTime();
        nextTick.clear();
        TranscriptRun run = load(meetingId);
        restoreTracks(meetingId, run, out);
        long clock = clockMicros(meetingId, now);
        for (Map.Entry<String, TrackTranscript> track : live.getOrDefault(meetingId, Map.of()).entrySet()) {
            emit(meetingId, run, track.getKey(), track.getValue(), track.getValue().advance(clock), out);
        }
        if (run.startedAtMs != null) {
            decide(meetingId, run, holdOf(meetingId).tick(clock / 1000 - run.startedAtMs), out);
        }
        pruneSettledTracks(meetingId);
        expireHeld(now);
        long idleFor = now - lastInputAt.computeIfAbsent(meetingId, id -> now);
        if (run.startedAtMs != null && !run.ended && idleFor > config.idleTimeout().toMillis()) {
            counters.runsIdleTimedOut.inc();
            LOG.info("meeting {}: no event or packet for {} s, its transcript ends (idle timeout)", meetingId, idleFor / 1000);
            run.end(clock / 1000);
        }
        long drainMs = config.drain().toMillis();
        boolean continues = run.startedAtMs != null && run.settingOn && !run.ended;
        for (RecordingSpan recording : run.recordings) {
            if (recording.stoppedAtMs != null && !recording.filesWritten && clock / 1000 >= recording.stoppedAtMs + drainMs) {
                boolean othersRunning = run.recordings.stream().anyMatch(r -> r != recording && r.stoppedAtMs == null);
                if (!continues && !othersRunning) {
                    finishTracks(meetingId, run, clock, out);
                }
                writeFiles(run, recording, out);
                recording.filesWritten = true;
            }
        }
        if (run.ended && clock / 1000 >= run.endedAtMs + drainMs) {
            endRun(meetingId, run, clock, out);
            return;
        }
        if (run.startedAtMs == null && run.recordings.isEmpty() && held.isEmpty()) {
            clear(meetingId);
            return;
        }
        save(meetingId, run);
        scheduleTick(ctx, now);
    }

    /** Finishes every track and writes every transcript still unwritten; the run's state goes. */
    private void endRun(String meetingId, TranscriptRun run, long clockMicros, Collector<OutboundRecord> out) throws Exception {
        finishTracks(meetingId, run, clockMicros, out);
        for (RecordingSpan recording : run.recordings) {
            if (!recording.filesWritten) {
                writeFiles(run, recording, out);
                recording.filesWritten = true;
            }
        }
        if (run.startedAtMs != null && !run.settingFilesWritten
                && segmentsOf(null).stream().anyMatch(s -> s.getRecordingId() == null)) {
            writeFiles(run, null, out);
            run.settingFilesWritten = true;
        }
        clear(meetingId);
    }

    private void clear(String meetingId) {
        runState.clear();
        runs.remove(meetingId);
        finals.clear();
        kept.clear();
        held.clear();
        live.remove(meetingId);
        holds.remove(meetingId);
        clocks.remove(meetingId);
        lastInputAt.remove(meetingId);
        touched.remove(meetingId);
        replaying.remove(meetingId);
    }

    private void finishTracks(String meetingId, TranscriptRun run, long clockMicros, Collector<OutboundRecord> out) throws Exception {
        Map<String, TrackTranscript> tracks = live.remove(meetingId);
        if (tracks == null) {
            return;
        }
        for (Map.Entry<String, TrackTranscript> track : tracks.entrySet()) {
            finishTrack(meetingId, run, track.getKey(), track.getValue(), clockMicros, out);
        }
    }

    private void finishParticipant(String meetingId, TranscriptRun run, String participantId, long clockMicros,
                                   Collector<OutboundRecord> out) throws Exception {
        Map<String, TrackTranscript> tracks = live.getOrDefault(meetingId, Map.of());
        for (Iterator<Map.Entry<String, TrackTranscript>> it = tracks.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, TrackTranscript> track = it.next();
            if (track.getValue().participantId().equals(participantId)) {
                it.remove();
                finishTrack(meetingId, run, track.getKey(), track.getValue(), clockMicros, out);
            }
        }
    }

    private void finishTrack(String meetingId, TranscriptRun run, String trackId, TrackTranscript track, long clockMicros,
                             Collector<OutboundRecord> out) throws Exception {
        try {
            emit(meetingId, run, trackId, track, track.finish(clockMicros), out);
            decide(meetingId, run, holdOf(meetingId).trackEnded(trackId), out);
        } finally {
            counters.tracksFinished.inc();
            counters.opusUndecodable.inc(track.counters.undecodable);
            counters.packetsLost.inc(track.counters.lost);
            counters.packetsLate.inc(track.counters.late);
            counters.packetsSilent.inc(track.counters.silentSkipped);
            counters.framesSilent.inc(track.streamCounters().framesSilent());
            counters.framesDropped.inc(track.streamCounters().framesDropped());
            counters.audioInMs.inc(track.streamCounters().framesIn() * 20);
            track.close();
        }
        prune(trackId, Long.MAX_VALUE);
    }

    /**
     * Turns what a track heard into transcript.segments records (and Cassandra rows for finals).
     * Finals pass through the meeting's {@link SharedVoiceHold}: one another participant's track
     * heard at the same time may be a copy of the same voice, and only the speaker's is kept.
     */
    private void emit(String meetingId, TranscriptRun run, String trackId, TrackTranscript track, List<Heard> heard,
                      Collector<OutboundRecord> out) throws Exception {
        TrackMark mark = run.tracks.get(trackId);
        if (mark == null) {
            mark = new TrackMark(track.participantId());
            run.tracks.put(trackId, mark);
            runChanged = true;
        }
        SharedVoiceHold<Heard.Final> hold = holdOf(meetingId);
        for (Heard h : heard) {
            if (h instanceof Heard.Caption caption) {
                if (caption.startMs() >= mark.emittedUntilMs && !caption.text().isBlank()) {
                    decide(meetingId, run, hold.caption(trackId, mark.participantId, caption.startMs(), caption.endMs()), out);
                    int index = mark.nextIndex + (caption.index() - track.expectedIndex);
                    counters.captions.inc();
                    send(meetingId, segment(run, mark, trackId, index, caption.startMs(), caption.endMs(), caption.text(), 0f, null, false), out);
                }
            } else if (h instanceof Heard.Final fin) {
                track.expectedIndex = fin.segment().segmentIndex() + 1;
                Segment s = fin.segment();
                long start = fin.startMs() + s.startMs();
                long end = fin.startMs() + s.endMs();
                if (start < mark.emittedUntilMs - 100) {
                    // Re-heard from the kept packets after a restore: already emitted before it.
                    counters.segmentsReplayed.inc();
                    continue;
                }
                decide(meetingId, run, hold.heardFinal(trackId, fin,
                        new SharedVoice.Heard(mark.participantId, start, end, s.text()), run.activeSpeakers), out);
            }
        }
    }

    private SharedVoiceHold<Heard.Final> holdOf(String meetingId) {
        return holds.computeIfAbsent(meetingId, id -> new SharedVoiceHold<>());
    }

    private void decide(String meetingId, TranscriptRun run, List<SharedVoiceHold.Decision<Heard.Final>> decisions,
                        Collector<OutboundRecord> out) throws Exception {
        for (SharedVoiceHold.Decision<Heard.Final> decision : decisions) {
            runChanged = true;
            if (decision instanceof SharedVoiceHold.Decision.Publish<Heard.Final> publish) {
                publishFinal(meetingId, run, publish.trackId(), publish.item(), out);
            } else if (decision instanceof SharedVoiceHold.Decision.Drop<Heard.Final> drop) {
                // The same speech as another participant's track, which the SFU named speaker (or which
                // heard it first): the copy is not published, and its track moves on past it.
                TrackMark mark = run.tracks.get(drop.trackId());
                long end = drop.item().startMs() + drop.item().segment().endMs();
                mark.nextIndex++;
                mark.emittedUntilMs = end;
                counters.segmentsDuplicateDropped.inc();
                LOG.debug("meeting {}: '{}' on {}'s track is {}'s voice; the copy is dropped", meetingId, drop.dropped().text(),
                        run.nameOf(drop.dropped().participantId()), run.nameOf(drop.kept().participantId()));
                prune(drop.trackId(), (run.startedAtMs + end - KEEP_BEFORE_MS) * 1000);
            }
        }
    }

    private void publishFinal(String meetingId, TranscriptRun run, String trackId, Heard.Final fin, Collector<OutboundRecord> out)
            throws Exception {
        TrackMark mark = run.tracks.get(trackId);
        Segment s = fin.segment();
        long start = fin.startMs() + s.startMs();
        long end = fin.startMs() + s.endMs();
        List<TranscriptWord> words = new ArrayList<>();
        s.words().forEach(w -> words.add(new TranscriptWord(w.text(), fin.startMs() + w.startMs(), fin.startMs() + w.endMs(),
                (float) w.confidence())));
        TranscriptSegment segment = segment(run, mark, trackId, mark.nextIndex, start, end, s.text(), (float) s.confidence(),
                words, true);
        if (replaying.contains(meetingId)) {
            store.forgetSegments(run.meetingId, Instant.ofEpochMilli(run.startedAtMs), Math.max(0, mark.emittedUntilMs - 100),
                    Set.of(segment.getSegmentId()));
        }
        store.segment(segment, run.segments == 0);
        finals.add(Codecs.TRANSCRIPT_SEGMENTS.encode(segment));
        run.segments++;
        mark.nextIndex++;
        mark.emittedUntilMs = end;
        counters.segments.inc();
        send(meetingId, segment, out);
        prune(trackId, (run.startedAtMs + end - KEEP_BEFORE_MS) * 1000);
    }

    private TranscriptSegment segment(TranscriptRun run, TrackMark mark, String trackId, int index, long startMs, long endMs,
                                      String text, float confidence, List<TranscriptWord> words, boolean isFinal) {
        RecordingSpan recording = run.recordingAt(run.startedAtMs + startMs, TOLERANCE_MS);
        return TranscriptSegment.newBuilder()
                .setMeetingId(run.meetingId)
                .setAccountId(run.accountId)
                .setRecordingId(recording == null ? null : recording.recordingId)
                .setSegmentId(segmentId(run, mark.participantId, trackId, index))
                .setSpeakerParticipantId(mark.participantId)
                .setSpeakerName(run.nameOf(mark.participantId))
                .setMeetingStartedAt(Instant.ofEpochMilli(run.startedAtMs))
                .setStartOffsetMs(startMs)
                .setEndOffsetMs(Math.max(startMs, endMs))
                .setText(text)
                .setConfidence(Math.max(0f, Math.min(1f, confidence)))
                .setIsFinal(isFinal)
                .setLanguage(config.language())
                .setWords(words)
                .build();
    }

    /** Stable for a run, a track and the segment's place in it: a replay writes the same id. */
    static String segmentId(TranscriptRun run, String participantId, String trackId, int index) {
        return UUID.nameUUIDFromBytes((run.meetingId + '|' + run.startedAtMs + '|' + participantId + '|' + trackId + '|' + index)
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    private void send(String meetingId, TranscriptSegment segment, Collector<OutboundRecord> out) {
        out.collect(new OutboundRecord(Topics.TRANSCRIPT_SEGMENTS, meetingId.getBytes(StandardCharsets.UTF_8),
                Codecs.TRANSCRIPT_SEGMENTS.encode(segment)));
    }

    private void writeFiles(TranscriptRun run, RecordingSpan recording, Collector<OutboundRecord> out) throws Exception {
        // Held finals belong in the files: out they go, whoever else is still speaking.
        decide(run.meetingId, run, holdOf(run.meetingId).flush(), out);
        List<TranscriptSegment> segments = segmentsOf(recording == null ? null : recording.recordingId);
        if (recording == null) {
            segments.removeIf(s -> s.getRecordingId() != null);
        }
        try {
            for (OutboundRecord record : TranscriptFiles.write(store, run, recording, segments)) {
                out.collect(record);
            }
            counters.transcriptsWritten.inc();
            LOG.info("meeting {}: transcript of {} written ({} segments)", run.meetingId,
                    recording == null ? "the meeting" : "recording " + recording.recordingId, segments.size());
        } catch (IOException e) {
            // The segments stay in Cassandra and on the topic; only the files are missing.
            counters.transcriptsFailed.inc();
            LOG.warn("meeting {}: writing the transcript files failed: {}", run.meetingId, e.toString());
        }
    }

    private List<TranscriptSegment> segmentsOf(String recordingId) throws Exception {
        List<TranscriptSegment> segments = new ArrayList<>();
        for (byte[] bytes : finals.get()) {
            if (Codecs.TRANSCRIPT_SEGMENTS.decode(bytes) instanceof Decoded.Ok<TranscriptSegment> ok
                    && (recordingId == null || recordingId.equals(ok.value().getRecordingId()))) {
                segments.add(ok.value());
            }
        }
        return segments;
    }

    /** After a restore, each track is rebuilt from its kept packets (once per meeting per operator life). */
    private void restoreTracks(String meetingId, TranscriptRun run, Collector<OutboundRecord> out) throws Exception {
        if (!touched.add(meetingId) || run.tracks.isEmpty() || live.containsKey(meetingId) || run.startedAtMs == null) {
            return;
        }
        // What a track wrote after the checkpoint is heard again under the same ids, perhaps a few
        // ms apart: from now on each final segment of this meeting replaces its id's row first.
        replaying.add(meetingId);
        int replayed = 0;
        for (byte[] framed : kept.get()) {
            byte[] bytes = KeptPacket.record(framed);
            if (Codecs.MEDIA_PACKETS.decode(bytes) instanceof Decoded.Ok<MediaPacket> ok) {
                MediaPacket packet = ok.value();
                long arrival = micros(packet.getArrivalTime());
                hear(meetingId, run, packet, bytes, arrival, System.currentTimeMillis(), false, out);
                replayed++;
            }
        }
        LOG.info("meeting {}: {} track(s) rebuilt from {} kept packets after a restore", meetingId, run.tracks.size(), replayed);
    }

    /** Drops a track's kept packets that arrived before {@code beforeMicros}: their audio is in emitted segments. */
    private void prune(String trackId, long beforeMicros) throws Exception {
        pruneKept(Map.of(trackId, beforeMicros));
    }

    /** Drops the kept packets of each track in {@code cutoffs} that arrived before its cutoff (epoch microseconds). */
    private void pruneKept(Map<String, Long> cutoffs) throws Exception {
        List<byte[]> remaining = new ArrayList<>();
        boolean changed = false;
        for (byte[] framed : kept.get()) {
            Long cutoff = cutoffs.get(KeptPacket.trackId(framed));
            if (cutoff != null && KeptPacket.arrivalMicros(framed) < cutoff) {
                changed = true;
            } else {
                remaining.add(framed);
            }
        }
        if (changed) {
            kept.update(remaining);
        }
    }

    /**
     * A track with nothing unsettled (silent, or between utterances) needs for a rebuild only its
     * last {@link #KEEP_BEFORE_MS} (the pre-roll): older packets go. Without this a track that never
     * spoke kept every packet of the meeting, and state, checkpoints and each prune grew with the
     * meeting's length times its silent tracks. Not while a final is held: it is heard again from
     * its track's kept packets after a restore.
     */
    private void pruneSettledTracks(String meetingId) throws Exception {
        if (holdOf(meetingId).holding()) {
            return;
        }
        Map<String, Long> cutoffs = new HashMap<>();
        for (Map.Entry<String, TrackTranscript> track : live.getOrDefault(meetingId, Map.of()).entrySet()) {
            if (track.getValue().idle()) {
                cutoffs.put(track.getKey(), track.getValue().heardUntilMicros() - KEEP_BEFORE_MS * 1000);
            }
        }
        if (!cutoffs.isEmpty()) {
            pruneKept(cutoffs);
        }
    }

    private void releaseHeld(String meetingId, TranscriptRun run, long now, Collector<OutboundRecord> out) throws Exception {
        for (byte[] bytes : held.release()) {
            if (Codecs.MEDIA_PACKETS.decode(bytes) instanceof Decoded.Ok<MediaPacket> ok) {
                long arrival = micros(ok.value().getArrivalTime());
                if (run.transcribing(arrival / 1000, TOLERANCE_MS)) {
                    hear(meetingId, run, ok.value(), bytes, arrival, now, true, out);
                } else {
                    counters.packetsNotTranscribed.inc();
                }
            }
        }
        save(meetingId, run);
    }

    /**
     * Drops the held packets read more than the pending hold ago (or beyond {@link #HELD_CAP}),
     * oldest first, stopping at the first one still young. Counted from the reading, as the
     * recording mixer does, not from arrival at the SFU: after a restore, Kafka replays packets
     * seconds or minutes old ahead of the start event, and measured against arrival the first tick
     * dropped them all and the transcript lost its first sentences.
     */
    private void expireHeld(long now) throws Exception {
        // A meeting recorded without transcription holds its last seconds here at every tick: the
        // hold copies the list only when some must go.
        counters.packetsHeldExpired.inc(held.expire(now));
    }

    /**
     * The meeting's media clock: the newest packet's arrival, moved on by the processing time since
     * it came once {@link #CLOCK_GRACE_MS} has passed without one, so that tracks keep advancing
     * (and speech ends) when packets stop. Without the grace, a pause in delivery longer than the
     * hold (a broker or checkpoint stall on a busy machine) moved the clock past packets still on
     * their way, and they were concealed as late: words lost that the model alone heard.
     */
    private long clockMicros(String meetingId, long now) {
        long[] clock = clocks.get(meetingId);
        return clock == null ? now * 1000 : clock[0] + Math.max(0, now - clock[1] - CLOCK_GRACE_MS) * 1000;
    }

    private void scheduleTick(Context ctx, long now) throws IOException {
        if (nextTick.value() == null) {
            long at = now + TICK_MS;
            ctx.timerService().registerProcessingTimeTimer(at);
            nextTick.update(at);
        }
    }

    private TranscriptRun load(String meetingId) throws IOException {
        TranscriptRun cached = runs.get(meetingId);
        if (cached != null) {
            return cached;
        }
        byte[] bytes = runState.value();
        if (bytes == null) {
            TranscriptRun run = new TranscriptRun();
            run.meetingId = meetingId;
            return run;
        }
        TranscriptRun run = JSON.readValue(bytes, TranscriptRun.class);
        runs.put(meetingId, run);
        return run;
    }

    private void save(String meetingId, TranscriptRun run) throws IOException {
        runs.put(meetingId, run);
        runState.update(JSON.writeValueAsBytes(run));
    }

    /** The record's value; null once it is counted by {@code undecodable} and dead-lettered with the codec's reason. */
    private <T extends SpecificRecord> T decoded(EventCodec<T> codec, KafkaRecord record, Counter undecodable, Collector<OutboundRecord> out) {
        Decoded<T> decoded = codec.decode(record.value);
        if (decoded instanceof Decoded.Ok<T> ok) {
            return ok.value();
        }
        undecodable.inc();
        deadLetter(record, ((Decoded.Failed<T>) decoded).reason(), out);
        return null;
    }

    private void deadLetter(KafkaRecord record, String reason, Collector<OutboundRecord> out) {
        counters.deadLetters.inc();
        out.collect(record.deadLetter(reason, CONSUMER));
    }

    private static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1000;
    }
}
