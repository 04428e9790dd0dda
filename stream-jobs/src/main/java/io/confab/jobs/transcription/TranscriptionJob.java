package io.confab.jobs.transcription;

import io.confab.jobs.kafka.KafkaIo;
import io.confab.jobs.kafka.KafkaRecord;
import io.confab.jobs.kafka.OutboundRecord;
import io.confab.storage.topics.Topics;
import io.confab.transcription.Transcriber;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.java.utils.ParameterTool;
import org.apache.flink.streaming.api.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The transcription job: meeting.events and media.packets in, keyed by meeting, through the
 * {@link MeetingTranscriber}; transcript.segments (captions and final segments),
 * recording.artifacts (the files), notifications and dead letters out; segments, the word index and
 * the files into Cassandra and S3 as it goes.
 *
 * <pre>
 * Kafka meeting.events ─┐                          ┌─▶ Kafka transcript.segments, recording.artifacts, notifications, *.dlq
 *                       ├─▶ key by meeting ─▶ MeetingTranscriber
 * Kafka media.packets ──┘   (per audio track: jitter, Opus, 16 kHz, VAD, Vosk)
 *                                                  └─▶ Cassandra transcript_*, S3 recordings/.../transcript.{json,vtt,srt}
 *
 * Kafka transcription.requests ─▶ StoredAudioTranscription (async: S3 audio, batch Vosk, diarization) ─▶ the same outputs
 * </pre>
 *
 * Arguments: {@code --config FILE}, read by {@link TranscriberConfig}.
 */
public final class TranscriptionJob {

    public static final String NAME = "confab transcription";

    private final Source<KafkaRecord, ?, ?> source;
    private final Source<KafkaRecord, ?, ?> requests;
    private final Sink<OutboundRecord> sink;
    private final TranscriberConfig config;
    private final TranscriptStore.Factory stores;
    private final MeetingTranscriber.TranscriberFactory transcribers;

    public TranscriptionJob(Source<KafkaRecord, ?, ?> source, Source<KafkaRecord, ?, ?> requests, Sink<OutboundRecord> sink,
                            TranscriberConfig config, TranscriptStore.Factory stores, MeetingTranscriber.TranscriberFactory transcribers) {
        this.source = source;
        this.requests = requests;
        this.sink = sink;
        this.config = config;
        this.stores = stores;
        this.transcribers = transcribers;
    }

    public void build(StreamExecutionEnvironment env) {
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "kafka: meeting.events + media.packets").uid("transcription-source")
                .keyBy(TranscriptionJob::meetingId)
                .process(new MeetingTranscriber(config, stores, transcribers)).name("meeting-transcriber").uid("meeting-transcriber")
                .sinkTo(sink).name("kafka: transcript.segments, recording.artifacts, notifications, dead letters").uid("transcription-sink");
        // Stored audio is a pipeline of its own: a request takes minutes, on the async operator's
        // own thread, one at a time per subtask, and never holds back a live meeting's captions.
        AsyncDataStream.unorderedWait(
                        env.fromSource(requests, WatermarkStrategy.noWatermarks(), "kafka: transcription.requests").uid("requests-source"),
                        new StoredAudioTranscription(config, stores, transcribers),
                        StoredAudioTranscription.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS, 1)
                .name("stored-audio-transcription").uid("stored-audio-transcription")
                .sinkTo(sink).name("kafka: transcript.segments, recording.artifacts, notifications, requests dead letters")
                .uid("requests-sink");
    }

    static String meetingId(KafkaRecord record) {
        return record.key == null ? "" : new String(record.key, StandardCharsets.UTF_8);
    }

    public static void main(String[] args) throws Exception {
        ParameterTool params = ParameterTool.fromArgs(args);
        TranscriberConfig config = TranscriberConfig.read(Path.of(params.getRequired("config")));
        // A lost task manager restarts the job from its last checkpoint; it never gives up on its own.
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(KafkaIo.restartForever());
        env.enableCheckpointing(config.checkpointEvery().toMillis(), CheckpointingMode.EXACTLY_ONCE);
        env.getCheckpointConfig().setMinPauseBetweenCheckpoints(config.checkpointEvery().toMillis() / 2);
        new TranscriptionJob(
                config.connections().source("", List.of(Topics.MEETING_EVENTS, Topics.MEDIA_PACKETS), OffsetResetStrategy.EARLIEST),
                config.connections().source("-requests", List.of(Topics.TRANSCRIPTION_REQUESTS), OffsetResetStrategy.EARLIEST),
                config.connections().sink(), config, TranscriberConfig.storeFactory(config), TranscriptionJob::openTranscriber)
                .build(env);
        env.execute(NAME);
    }

    static Transcriber openTranscriber(TranscriberConfig config) {
        return Transcriber.start(config.speechConfig());
    }
}
