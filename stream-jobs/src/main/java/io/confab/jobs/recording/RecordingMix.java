package io.confab.jobs.recording;

import io.confab.jobs.recording.mix.Canvas;
import io.confab.jobs.recording.mix.Compositor;
import io.confab.jobs.recording.mix.Layout;
import io.confab.jobs.recording.mix.Limiter;
import io.confab.jobs.recording.mix.OnScreen;
import io.confab.jobs.recording.output.RecordingFiles;
import io.confab.jobs.recording.output.RecordingStore;
import io.confab.jobs.recording.output.SegmentFile;
import io.confab.jobs.recording.output.SegmentPacket;
import io.confab.jobs.recording.output.StreamFormat;
import io.confab.jobs.recording.output.StreamFormats;
import io.confab.jobs.recording.output.Thumbnails;
import io.confab.jobs.track.AudioTrack;
import io.confab.jobs.track.TrackCounters;
import io.confab.jobs.track.VideoTrack;
import io.confab.media.codec.AacEncoder;
import io.confab.media.codec.EncodedPacket;
import io.confab.media.codec.H264Encoder;
import io.confab.media.picture.I420Frame;
import io.confab.storage.events.MediaKind;
import io.confab.storage.events.MediaPacket;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The real {@link RecordingEngine}: one recording's tracks, mixed and composited on one output
 * clock and encoded into segments.
 *
 * <pre>
 * media.packets ─▶ AudioTrack per track (jitter, Opus, timeline) ─▶ mix + Limiter ─▶ AAC ─┐
 *                                      └─▶ own track per participant ─▶ AAC ──────────────┤
 *               ─▶ VideoTrack per track (jitter, VP8 frames) ─▶ Compositor ─▶ H.264 ──────┴▶ segment n ─▶ S3
 *                                                                 └─▶ thumbnails ─▶ S3
 * </pre>
 *
 * The output clock starts at the recording's start and moves forward in 1024-sample audio blocks
 * and frames of 1/fps, whichever is due first, up to the horizon the operator gives (the newest
 * arrival minus the render latency, so late packets still make it). Segment n holds what was
 * encoded for [n·S, (n+1)·S); each encoded packet goes to the segment its timestamp falls in, and a
 * segment is written once every encoder is past its end. Every segment starts with an IDR frame, so
 * an engine rebuilt after a crash can start a segment on its own.
 */
public final class RecordingMix implements RecordingEngine {

    static final int SAMPLE_RATE = AudioTrack.SAMPLE_RATE;
    static final int BLOCK = 1024;
    /** Thumbnails are 640x360 JPEGs: enough for a list or a contact sheet. */
    static final int THUMB_WIDTH = 640;
    static final int THUMB_HEIGHT = 360;
    /** The poster is taken this far in, once people's cameras are on. */
    static final long POSTER_AT_MS = 5000;

    private final RecordingWindow recording;
    private final MixerConfig config;
    private final RecordingStore store;
    private final long t0;
    private final long segmentMicros;
    private final long samplesPerSegment;
    private final long framesPerSegment;
    private final Map<String, AudioTrack> audio = new LinkedHashMap<>();
    private final Map<String, VideoTrack> video = new LinkedHashMap<>();
    private final Map<String, String> trackCodec = new HashMap<>();
    private final Map<String, AacEncoder> ownEncoders = new LinkedHashMap<>();
    private final Map<String, Integer> trackFirstSegment = new LinkedHashMap<>();
    private final TreeMap<Integer, List<SegmentPacket>> pending = new TreeMap<>();
    private final Map<String, StreamFormat> formats = new LinkedHashMap<>();
    private final TrackCounters counters;
    private final OnScreen onScreen;
    private final Limiter limiter = new Limiter();
    private final AacEncoder mixEncoder;
    private final H264Encoder videoEncoder;
    private final Compositor compositor;
    private final List<Long> thumbnails = new ArrayList<>();
    private Long posterAtMs;
    private int segment;
    private long sample;
    private long frame;
    private long newestArrival;
    private long mixEmitted = Long.MIN_VALUE;
    private long videoEmitted = Long.MIN_VALUE;
    private final int[] sum = new int[BLOCK];
    private final short[] mixed = new short[BLOCK];
    private final short[] own = new short[BLOCK];

    public RecordingMix(RecordingWindow recording, MixerConfig config, RecordingStore store) {
        this(recording, config, store, new TrackCounters());
    }

    public RecordingMix(RecordingWindow recording, MixerConfig config, RecordingStore store, TrackCounters counters) {
        this.counters = counters;
        this.recording = recording;
        this.config = config;
        this.store = store;
        this.t0 = recording.startedAtMs * 1000;
        this.segmentMicros = config.segment().toNanos() / 1000;
        this.samplesPerSegment = config.segment().toSeconds() * SAMPLE_RATE;
        this.framesPerSegment = config.segment().toSeconds() * config.framesPerSecond();
        this.segment = recording.completedSegments;
        this.sample = segment * samplesPerSegment;
        this.frame = segment * framesPerSegment;
        this.onScreen = new OnScreen(recording.initialParticipants, recording.initialSpeaker, recording.entries);
        this.trackFirstSegment.putAll(recording.trackFirstSegment);
        this.thumbnails.addAll(recording.thumbnails);
        this.posterAtMs = recording.posterAtMs;
        this.mixEncoder = new AacEncoder(1, config.audioBitrate());
        formats.put(StreamFormat.MIX, StreamFormats.of(StreamFormat.MIX, mixEncoder));
        if (recording.audioOnly) {
            this.videoEncoder = null;
            this.compositor = null;
        } else {
            // One thread per recording: several recordings share a machine better than one spreads.
            this.videoEncoder = new H264Encoder(H264Encoder.Config.bitrate(Layout.WIDTH, Layout.HEIGHT, config.framesPerSecond(),
                    config.videoBitrate()).withKeyFrameInterval((int) framesPerSegment).withPreset(config.videoPreset()).withThreads(1));
            formats.put(StreamFormat.VIDEO, StreamFormats.of(StreamFormat.VIDEO, videoEncoder));
            Layout layout = recording.layout == null ? config.layout() : Layout.valueOf(recording.layout);
            this.compositor = new Compositor(layout, new Canvas(Layout.WIDTH, Layout.HEIGHT));
        }
    }

    /** Factory for the job: a real engine per recording. */
    public static final class Factory implements RecordingEngine.Factory {
        @Override
        public RecordingEngine create(RecordingWindow recording, MixerConfig config, RecordingStore store, TrackCounters counters) {
            return new RecordingMix(recording, config, store, counters);
        }
    }

    @Override
    public void offer(MediaPacket packet) {
        long arrival = RecordingMixer.micros(packet.getArrivalTime());
        newestArrival = Math.max(newestArrival, arrival);
        String trackId = packet.getTrackId();
        String codec = packet.getCodec().toLowerCase(Locale.ROOT);
        String before = trackCodec.put(trackId, codec);
        if (before != null && !before.equals(codec)) {
            // A new codec under the same track (renegotiation): start the track again. The operator
            // counts and logs the change (it sees the formats it refuses too).
            closeTrack(trackId);
        }
        if (packet.getKind() == MediaKind.AUDIO) {
            if (!codec.equals("opus")) {
                counters.unsupportedCodec++;
                return;
            }
            audio.computeIfAbsent(trackId, id -> new AudioTrack(packet.getParticipantId(), packet.getClockRate(), t0, sample, counters))
                    .offer(packet, arrival);
        } else if (compositor != null) {
            if (!codec.equals("vp8")) {
                counters.unsupportedCodec++;
                return;
            }
            video.computeIfAbsent(trackId, id -> new VideoTrack(packet.getParticipantId(), packet.getClockRate(), counters))
                    .offer(packet, arrival);
        }
    }

    @Override
    public void advance(long horizonMicros) throws IOException {
        audio.values().forEach(t -> t.drain(newestArrival));
        video.values().forEach(t -> t.drain(newestArrival));
        while (true) {
            long audioDue = t0 + (sample + BLOCK) * 1_000_000 / SAMPLE_RATE;
            long videoDue = compositor == null ? Long.MAX_VALUE : t0 + frame * 1_000_000 / config.framesPerSecond();
            long next = Math.min(audioDue, videoDue);
            if (next > horizonMicros) {
                break;
            }
            if (audioDue <= videoDue) {
                renderAudio();
            } else {
                renderVideo(videoDue);
            }
            writeFinishedSegments(false);
        }
    }

    @Override
    public void finish(long endMicros) throws IOException {
        // Whatever is still in the jitter buffers is due now.
        audio.values().forEach(t -> t.drain(Long.MAX_VALUE / 2));
        video.values().forEach(t -> t.drain(Long.MAX_VALUE / 2));
        advance(endMicros);
        emit(StreamFormat.MIX, mixEncoder.flush(), true);
        for (Map.Entry<String, AacEncoder> e : ownEncoders.entrySet()) {
            emit(StreamFormat.track(e.getKey()), e.getValue().flush(), true);
        }
        if (videoEncoder != null) {
            emit(StreamFormat.VIDEO, videoEncoder.flush(), false);
            if (posterAtMs == null) {
                thumbnail(compositor.canvas(), Math.max(0, (endMicros - t0) / 1000), true);
            }
        }
        writeFinishedSegments(true);
    }

    private void renderAudio() {
        java.util.Arrays.fill(sum, 0);
        Map<String, short[]> perParticipant = new LinkedHashMap<>();
        for (AudioTrack track : audio.values()) {
            boolean any;
            short[] mine = perParticipant.get(track.participantId());
            if (mine == null) {
                any = track.timeline().take(sum, own, BLOCK);
                perParticipant.put(track.participantId(), own.clone());
            } else {
                short[] extra = new short[BLOCK];
                any = track.timeline().take(sum, extra, BLOCK);
                for (int i = 0; i < BLOCK; i++) {
                    mine[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, mine[i] + extra[i]));
                }
            }
            if (any) {
                trackFirstSegment.putIfAbsent(track.participantId(), (int) (sample / samplesPerSegment));
            }
        }
        limiter.apply(sum, mixed, BLOCK);
        emit(StreamFormat.MIX, mixEncoder.encode(mixed, sample), true);
        for (Map.Entry<String, short[]> e : perParticipant.entrySet()) {
            String participant = e.getKey();
            if (!trackFirstSegment.containsKey(participant)) {
                continue;
            }
            AacEncoder encoder = ownEncoders.computeIfAbsent(participant, p -> {
                AacEncoder created = new AacEncoder(1, config.audioBitrate() / 2);
                formats.put(StreamFormat.track(p), StreamFormats.of(StreamFormat.track(p), created));
                return created;
            });
            emit(StreamFormat.track(participant), encoder.encode(e.getValue(), sample), true);
        }
        sample += BLOCK;
    }

    private void renderVideo(long frameMicros) throws IOException {
        onScreen.advanceTo(frameMicros / 1000);
        Map<String, I420Frame> pictures = new HashMap<>();
        for (VideoTrack track : video.values()) {
            I420Frame picture = track.pictureAt(frameMicros);
            if (picture != null) {
                pictures.put(track.participantId(), picture);
            }
        }
        compositor.compose(onScreen.present(), onScreen.speaker(), pictures::get);
        boolean segmentStart = frame % framesPerSegment == 0;
        emit(StreamFormat.VIDEO, videoEncoder.encode(compositor.canvas().frame(), frame, segmentStart), false);
        long offsetMs = (frameMicros - t0) / 1000;
        long thumbEvery = config.thumbnailEvery().toMillis();
        long nextThumb = thumbnails.isEmpty() ? POSTER_AT_MS : thumbnails.get(thumbnails.size() - 1) + thumbEvery;
        if (offsetMs >= nextThumb) {
            thumbnail(compositor.canvas(), nextThumb, posterAtMs == null);
        }
        frame++;
    }

    private void thumbnail(Canvas canvas, long offsetMs, boolean poster) throws IOException {
        byte[] jpeg = Thumbnails.jpeg(canvas, THUMB_WIDTH, THUMB_HEIGHT);
        if (poster) {
            store.put(RecordingFiles.key(recording, RecordingFiles.POSTER), Thumbnails.jpeg(canvas, Layout.WIDTH, Layout.HEIGHT), "image/jpeg");
            posterAtMs = offsetMs;
        }
        store.put(RecordingFiles.key(recording, RecordingFiles.thumbnail(offsetMs)), jpeg, "image/jpeg");
        thumbnails.add(offsetMs);
    }

    /** Puts encoded packets into the segments their timestamps fall in. */
    private void emit(String stream, List<EncodedPacket> packets, boolean audioStream) {
        for (EncodedPacket p : packets) {
            long micros = audioStream ? (p.pts() + formats.get(stream).initialPadding()) * 1_000_000 / SAMPLE_RATE
                    : p.pts() * 1_000_000 / config.framesPerSecond();
            int index = (int) Math.max(segment, micros / segmentMicros);
            pending.computeIfAbsent(index, i -> new ArrayList<>()).add(new SegmentPacket(stream, p.pts(), p.dts(), p.keyFrame(), p.data()));
            if (stream.equals(StreamFormat.MIX)) {
                mixEmitted = Math.max(mixEmitted, micros);
            } else if (stream.equals(StreamFormat.VIDEO)) {
                videoEmitted = Math.max(videoEmitted, micros);
            }
        }
    }

    /**
     * Writes the current segment once every encoder is past its end; when finishing (encoders
     * flushed), writes until nothing is left.
     */
    private void writeFinishedSegments(boolean finishing) throws IOException {
        while (true) {
            long end = (segment + 1) * segmentMicros;
            boolean encodersPast = mixEmitted >= end && (videoEncoder == null || videoEmitted >= end);
            if (finishing ? pending.isEmpty() : !encodersPast) {
                return;
            }
            List<SegmentPacket> packets = pending.remove(segment);
            byte[] bytes = new SegmentFile(new ArrayList<>(formats.values()), packets == null ? List.of() : packets).toBytes();
            store.put(RecordingFiles.key(recording, RecordingFiles.segment(segment)), bytes, "application/octet-stream");
            segment++;
            // Packets an encoder gave late for a segment already written go at the head of the next.
            List<SegmentPacket> stragglers = pending.headMap(segment).values().stream().flatMap(List::stream).toList();
            if (!stragglers.isEmpty()) {
                pending.headMap(segment).clear();
                pending.computeIfAbsent(segment, i -> new ArrayList<>()).addAll(0, stragglers);
            }
        }
    }

    @Override
    public int completedSegments() {
        return segment;
    }

    @Override
    public long renderedMicros() {
        return t0 + sample * 1_000_000 / SAMPLE_RATE;
    }

    @Override
    public void describeInto(RecordingWindow target) {
        target.trackFirstSegment = new LinkedHashMap<>(trackFirstSegment);
        target.thumbnails = new ArrayList<>(thumbnails);
        target.posterAtMs = posterAtMs;
    }

    /** What happened to the packets so far (for the operator's metrics and the bench). */
    public TrackCounters counters() {
        return counters;
    }

    private void closeTrack(String trackId) {
        AudioTrack a = audio.remove(trackId);
        if (a != null) {
            a.close();
        }
        VideoTrack v = video.remove(trackId);
        if (v != null) {
            v.close();
        }
    }

    @Override
    public void close() {
        audio.values().forEach(AudioTrack::close);
        video.values().forEach(VideoTrack::close);
        audio.clear();
        video.clear();
        ownEncoders.values().forEach(AacEncoder::close);
        mixEncoder.close();
        if (videoEncoder != null) {
            videoEncoder.close();
        }
    }
}
