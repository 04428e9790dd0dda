package io.confab.jobs.transcription;

import io.confab.jobs.kafka.KafkaRecord;
import io.confab.jobs.kafka.OutboundRecord;
import io.confab.storage.codec.Codecs;
import io.confab.storage.codec.Decoded;
import io.confab.storage.events.TranscriptSegment;
import io.confab.storage.events.TranscriptWord;
import io.confab.storage.events.TranscriptionAudio;
import io.confab.storage.events.TranscriptionRequest;
import io.confab.storage.s3.S3Layout;
import io.confab.storage.topics.Topics;
import io.confab.transcription.Transcriber;
import io.confab.transcription.diarization.DiarizedTranscript;
import io.confab.transcription.diarization.SpeakerTurn;
import io.confab.transcription.transcript.Segment;
import io.confab.transcription.transcript.Word;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Transcribes stored audio after the fact: one {@link TranscriptionRequest} from
 * transcription.requests (a recording made without transcription, or an uploaded file) in; the
 * transcript out as a live one leaves it: rows and the word index in Cassandra, JSON, WebVTT and SRT
 * next to the audio in S3, the segments on transcript.segments (metered like live ones), the files
 * on recording.artifacts and TRANSCRIPT_READY to whoever asked.
 *
 * <p>A participant's track is transcribed under that participant's name; a shared channel (an
 * upload, the mixed M4A of a recording without tracks) is diarized into Speaker 1..N when the
 * request asks. The state (RUNNING with its progress, READY, FAILED with the error) is kept in
 * {@code transcripts_by_meeting}, where data-api and {@code confab transcribe} read it.
 *
 * <p>An async function, because a request takes minutes (a third of the audio's length on one core):
 * the work runs on a thread of its own, and checkpoints are not held behind it. A request in flight
 * at a crash is restored with the checkpoint and run again; segment ids come from the request id,
 * the audio's place in it and the segment's, so the rerun rewrites the same rows and keys. A request
 * that cannot be done (undecodable, audio outside the account, a missing object, audio that is not
 * media) goes FAILED and to transcription.requests.dlq with the reason; it never fails the job.
 */
public final class StoredAudioTranscription extends RichAsyncFunction<KafkaRecord, OutboundRecord> {
    private static final Logger LOG = LoggerFactory.getLogger(StoredAudioTranscription.class);

    /** Longer than any sane file at a real-time factor of 0.3 (four hours of audio take about 80 min). */
    public static final Duration TIMEOUT = Duration.ofHours(3);
    /** How often the progress is written while a file is transcribed. */
    private static final long STATE_EVERY_MS = 2_000;

    private final TranscriberConfig config;
    private final TranscriptStore.Factory stores;
    private final MeetingTranscriber.TranscriberFactory transcribers;

    private transient ExecutorService worker;
    private transient Transcriber transcriber;
    private transient TranscriptStore store;
    private transient Counter requests;
    private transient Counter failed;
    private transient Counter audioSeconds;

    public StoredAudioTranscription(TranscriberConfig config, TranscriptStore.Factory stores,
                                    MeetingTranscriber.TranscriberFactory transcribers) {
        this.config = config;
        this.stores = stores;
        this.transcribers = transcribers;
    }

    @Override
    public void open(OpenContext context) {
        worker = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "stored-audio-transcription");
            thread.setDaemon(true);
            return thread;
        });
        store = stores.get();
        MetricGroup metrics = getRuntimeContext().getMetricGroup().addGroup("confab_transcription_requests");
        requests = metrics.counter("requests");
        failed = metrics.counter("requests_failed");
        audioSeconds = metrics.counter("audio_seconds");
    }

    @Override
    public void asyncInvoke(KafkaRecord record, ResultFuture<OutboundRecord> result) {
        worker.execute(() -> result.complete(handle(record)));
    }

    @Override
    public void timeout(KafkaRecord record, ResultFuture<OutboundRecord> result) {
        // The work may still be running on the worker; its late completion is ignored by Flink.
        result.complete(List.of(deadLetter(record, "not done within " + TIMEOUT.toHours() + " h")));
        failed.inc();
    }

    /** Everything a request leads to; never throws, so one bad request cannot fail the job. */
    Collection<OutboundRecord> handle(KafkaRecord record) {
        Decoded<TranscriptionRequest> decoded = Codecs.TRANSCRIPTION_REQUESTS.decode(record.value);
        if (!(decoded instanceof Decoded.Ok<TranscriptionRequest> ok)) {
            failed.inc();
            return List.of(deadLetter(record, ((Decoded.Failed<TranscriptionRequest>) decoded).reason()));
        }
        TranscriptionRequest request = ok.value();
        requests.inc();
        TranscriptStore.TranscriptId id = new TranscriptStore.TranscriptId(request.getAccountId(), request.getMeetingId(),
                request.getOrigin().toEpochMilli(), request.getRecordingId());
        try {
            Optional<String> refused = refusal(request);
            if (refused.isPresent()) {
                throw new UnfinishableRequest(refused.get());
            }
            List<OutboundRecord> out = transcribe(request, id);
            LOG.info("transcript of {} {} is ready", request.getSource().name().toLowerCase(java.util.Locale.ROOT), request.getMeetingId());
            return out;
        } catch (Exception | LinkageError e) {
            failed.inc();
            String why = e instanceof UnfinishableRequest ? e.getMessage() : e.toString();
            LOG.warn("transcription request {} for {} FAILED: {}", request.getRequestId(), request.getMeetingId(), why);
            try {
                store.requestState(id, "FAILED", 0f, why);
            } catch (IOException | RuntimeException stateFailed) {
                LOG.warn("cannot record that request {} failed: {}", request.getRequestId(), stateFailed.toString());
            }
            return List.of(deadLetter(record, why));
        }
    }

    /** What makes a request impossible before any work: no audio, or audio outside the account's recordings. */
    static Optional<String> refusal(TranscriptionRequest request) {
        if (request.getAudio().isEmpty()) {
            return Optional.of("the request names no audio");
        }
        String prefix = S3Layout.RECORDINGS + request.getAccountId() + "/";
        for (TranscriptionAudio audio : request.getAudio()) {
            if (!audio.getS3Key().startsWith(prefix) || audio.getS3Key().contains("/../")) {
                return Optional.of("audio " + audio.getS3Key() + " is not under the account's " + prefix);
            }
            if (audio.getOffsetMs() < 0) {
                return Optional.of("audio " + audio.getS3Key() + " has a negative offset " + audio.getOffsetMs());
            }
        }
        return Optional.empty();
    }

    private List<OutboundRecord> transcribe(TranscriptionRequest request, TranscriptStore.TranscriptId id) throws Exception {
        if (transcriber == null) {
            transcriber = transcribers.open(config);
        }
        store.requestState(id, "RUNNING", 0f, null);
        List<TranscriptSegment> segments = new ArrayList<>();
        List<TranscriptionAudio> audio = request.getAudio();
        Path dir = Files.createTempDirectory("confab-transcribe-");
        try {
            for (int a = 0; a < audio.size(); a++) {
                TranscriptionAudio one = audio.get(a);
                Path file = dir.resolve(a + "-" + one.getS3Key().substring(one.getS3Key().lastIndexOf('/') + 1));
                store.download(one.getS3Bucket(), one.getS3Key(), file);
                Progress progress = new Progress(id, a, audio.size());
                if (one.getParticipantId() == null && request.getDiarize()) {
                    DiarizedTranscript heard = transcriber.transcribeSpeakers(file, request.getMaxSpeakers(), progress::report);
                    audioSeconds.inc(heard.transcript().audio().toSeconds());
                    long from = heard.transcript().start().toMillis();
                    for (SpeakerTurn turn : heard.turns()) {
                        // No participant behind a diarized voice: its label stands in for the id ("speaker-2").
                        String label = turn.speaker().toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
                        segments.add(segment(request, a, segments.size(), one, from, label, turn.speaker(), turn.words(),
                                confidence(turn.words())));
                    }
                } else {
                    var heard = transcriber.transcribe(file, progress::report);
                    audioSeconds.inc(heard.audio().toSeconds());
                    String name = one.getSpeakerName() != null ? one.getSpeakerName() : "Speaker 1";
                    String speakerId = one.getParticipantId() != null ? one.getParticipantId() : "speaker-1";
                    for (Segment s : heard.segments()) {
                        if (!s.words().isEmpty()) {
                            segments.add(segment(request, a, segments.size(), one, heard.start().toMillis(), speakerId, name, s.words(),
                                    s.confidence()));
                        }
                    }
                }
                Files.deleteIfExists(file);
            }
        } finally {
            try (var left = Files.list(dir)) {
                left.forEach(p -> p.toFile().delete());
            }
            Files.deleteIfExists(dir);
        }
        List<OutboundRecord> out = new ArrayList<>();
        byte[] key = request.getMeetingId().getBytes(StandardCharsets.UTF_8);
        for (TranscriptSegment segment : segments) {
            store.segment(segment, false);
            out.add(new OutboundRecord(Topics.TRANSCRIPT_SEGMENTS, key, Codecs.TRANSCRIPT_SEGMENTS.encode(segment)));
        }
        TranscriptRun run = new TranscriptRun();
        run.meetingId = request.getMeetingId();
        run.accountId = request.getAccountId();
        run.hostUserId = request.getRequestedBy();
        run.topic = request.getTitle();
        run.startedAtMs = id.meetingStartedAtMs();
        TranscriptRun.RecordingSpan folder = new TranscriptRun.RecordingSpan();
        folder.recordingId = request.getRecordingId();
        folder.startedAtMs = id.meetingStartedAtMs();
        out.addAll(TranscriptFiles.write(store, run, folder, segments));
        store.requestState(id, "READY", 1f, null);
        return out;
    }

    private TranscriptSegment segment(TranscriptionRequest request, int audioIndex, int index, TranscriptionAudio audio, long fileStartMs,
                                      String participantId, String speaker, List<Word> heard, double confidence) {
        long offset = audio.getOffsetMs() + fileStartMs;
        List<TranscriptWord> words = heard.stream()
                .map(w -> new TranscriptWord(w.text(), offset + w.startMs(), offset + w.endMs(), (float) w.confidence()))
                .toList();
        long start = words.get(0).getStartOffsetMs();
        long end = Math.max(start, words.get(words.size() - 1).getEndOffsetMs());
        return TranscriptSegment.newBuilder()
                .setMeetingId(request.getMeetingId())
                .setAccountId(request.getAccountId())
                .setRecordingId(request.getRecordingId())
                .setSegmentId(UUID.nameUUIDFromBytes((request.getRequestId() + '|' + audioIndex + '|' + index)
                        .getBytes(StandardCharsets.UTF_8)).toString())
                .setSpeakerParticipantId(participantId)
                .setSpeakerName(speaker)
                .setMeetingStartedAt(request.getOrigin())
                .setStartOffsetMs(start)
                .setEndOffsetMs(end)
                .setText(String.join(" ", heard.stream().map(Word::text).toList()))
                .setConfidence((float) Math.max(0, Math.min(1, confidence)))
                .setIsFinal(true)
                .setLanguage(config.language())
                .setWords(words)
                .build();
    }

    private static double confidence(List<Word> words) {
        return words.stream().mapToDouble(Word::confidence).average().orElse(0);
    }

    private static OutboundRecord deadLetter(KafkaRecord record, String reason) {
        return record.deadLetter(reason, "transcription-requests");
    }

    @Override
    public void close() {
        if (worker != null) {
            worker.shutdownNow();
        }
        if (transcriber != null) {
            transcriber.close();
        }
        if (store != null) {
            store.close();
        }
    }

    /** Writes RUNNING with the share done, across the request's files, at most every {@value #STATE_EVERY_MS} ms. */
    private final class Progress {
        private final TranscriptStore.TranscriptId id;
        private final int index;
        private final int files;
        private long writtenAt = System.currentTimeMillis();

        Progress(TranscriptStore.TranscriptId id, int index, int files) {
            this.id = id;
            this.index = index;
            this.files = files;
        }

        void report(Duration done, Optional<Duration> total) {
            long now = System.currentTimeMillis();
            if (now - writtenAt < STATE_EVERY_MS || total.isEmpty() || total.get().isZero()) {
                return;
            }
            writtenAt = now;
            double share = Math.min(1.0, (double) done.toMillis() / total.get().toMillis());
            try {
                store.requestState(id, "RUNNING", (float) Math.min(0.99, (index + share) / files), null);
            } catch (IOException e) {
                LOG.debug("progress of {} not written: {}", id.meetingId(), e.toString());
            }
        }
    }

    /** A request that no retry can do. */
    static final class UnfinishableRequest extends Exception {
        UnfinishableRequest(String message) {
            super(message);
        }
    }
}
