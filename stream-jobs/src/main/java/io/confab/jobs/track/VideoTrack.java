package io.confab.jobs.track;

import io.confab.media.codec.Vp8Decoder;
import io.confab.media.picture.I420Frame;
import io.confab.media.rtp.JitterBuffer;
import io.confab.media.vp8.Vp8Depacketizer;
import io.confab.media.vp8.Vp8Frame;
import io.confab.storage.events.MediaPacket;
import java.util.ArrayDeque;

/**
 * One participant's tapped VP8 track as pictures on the recording's timeline: jitter buffer →
 * RFC 7741 depacketizer (a new one whenever the tapped SSRC changes, i.e. another simulcast layer
 * was chosen; it waits for that layer's key frame) → whole frames queued by media time →
 * decoded only when the compositor asks for the picture at an output frame's time, so a frame is
 * decoded once and only frames that are due are held as pixels.
 */
public final class VideoTrack extends ParticipantTrack {

    /**
     * Frames queued ahead of the output at most: 40 s at 30 fps. An engine rebuilt after a crash is
     * given up to 30 s of a track, from its last key frame; live, the queue holds the render latency.
     */
    static final int MAX_QUEUED_FRAMES = 1200;

    private record QueuedFrame(long mediaMicros, byte[] data, boolean keyFrame) { }

    private final ArrayDeque<QueuedFrame> frames = new ArrayDeque<>();
    private final Vp8Decoder decoder = new Vp8Decoder();
    private final TrackCounters counters;
    private Vp8Depacketizer depacketizer = new Vp8Depacketizer();
    private I420Frame picture;
    private long lastFrameMicros = Long.MIN_VALUE;

    public VideoTrack(String participantId, int clockRate, TrackCounters counters) {
        super(participantId, new MediaClock(clockRate, MediaClock.VIDEO_TOLERANCE_MICROS), counters);
        this.counters = counters;
    }

    /** Assembles the packet into the frame it belongs to, queued once whole. */
    @Override
    void release(JitterBuffer.Released<TimedPacket> released) {
        if (released.streamStart()) {
            depacketizer = new Vp8Depacketizer();
        }
        counters.lost += released.lostBefore();
        MediaPacket packet = released.packet().packet();
        Vp8Depacketizer.Outcome outcome = depacketizer.push(packet.getSequenceNumber(), packet.getRtpTimestamp(),
                packet.getMarker(), released.packet().payload());
        switch (outcome) {
            case FRAME_COMPLETE -> {
                Vp8Frame frame = depacketizer.frame();
                if (frames.size() >= MAX_QUEUED_FRAMES) {
                    frames.pollFirst();
                    counters.framesDropped++;
                }
                frames.addLast(new QueuedFrame(released.packet().mediaMicros(), frame.data(), frame.keyFrame()));
            }
            case FRAME_INCOMPLETE, AWAITING_KEY_FRAME -> counters.framesDropped++;
            case MALFORMED -> counters.undecodable++;
            default -> { }
        }
    }

    /**
     * The picture to show at {@code mediaMicros}: every queued frame due by then is decoded in
     * order, and the last one's pixels returned; null before the first decodable frame.
     */
    public I420Frame pictureAt(long mediaMicros) {
        Vp8Decoder.Picture last = null;
        while (!frames.isEmpty() && frames.peekFirst().mediaMicros() <= mediaMicros) {
            QueuedFrame frame = frames.pollFirst();
            if (frame.mediaMicros() < lastFrameMicros && !frame.keyFrame()) {
                counters.framesDropped++;
                continue;
            }
            lastFrameMicros = frame.mediaMicros();
            Vp8Decoder.Picture decoded = decoder.decode(frame.data());
            if (decoded.decoded()) {
                counters.framesDecoded++;
                last = decoded;
            } else {
                counters.undecodable++;
                last = null;
            }
        }
        // Only the last picture due is shown, so only it is copied out of the decoder.
        if (last != null) {
            if (picture == null || picture.width() != last.width() || picture.height() != last.height()) {
                picture = decoder.copyPicture();
            } else {
                decoder.copyPicture(picture);
            }
        }
        return picture;
    }

    /** Forgets the current picture (the participant turned the camera off). */
    public void clearPicture() {
        picture = null;
    }

    @Override
    public void close() {
        decoder.close();
    }
}
