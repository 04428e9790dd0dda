package io.confab.media.codec;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_PICTURE_TYPE_I;
import static org.bytedeco.ffmpeg.global.avutil.AV_PICTURE_TYPE_NONE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.avutil.av_opt_set;

import io.confab.media.picture.I420Frame;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * One opened FFmpeg codec with the frame and the packet it exchanges with it: what every codec class
 * of this package holds, opens the same way, feeds and drains the same way, and frees together.
 * Opening frees whatever it allocated when a step fails, so a codec class that could not be made
 * leaves no native memory behind. Not thread-safe.
 */
final class CodecContext implements AutoCloseable {

    static {
        FfmpegNatives.load(); // before any native object of this class: see FfmpegNatives
    }

    final AVCodecContext context;
    /** The encoder's input (a picture or audio samples) or the decoder's output. */
    final AVFrame frame;
    final AVPacket packet;
    /** The codec class that holds this, for the errors of a call after close or flush. */
    private final String owner;
    private boolean flushed;
    private boolean closed;

    private CodecContext(String owner, AVCodecContext context, AVFrame frame, AVPacket packet) {
        this.owner = owner;
        this.context = context;
        this.frame = frame;
        this.packet = packet;
    }

    /**
     * Opens {@code codec}, as found by name or id, once {@code setUp} has set the context's fields
     * and private options, and makes its frame with {@code frameFor} from the opened context.
     *
     * @param owner the codec class, e.g. "Vp8Encoder", for the error of a call after {@link #close}
     * @param missing the error when this FFmpeg build lacks the codec (a null or empty {@code codec})
     * @param opening what opening it is, for the error when it fails, e.g. "opening the libvpx encoder"
     */
    static CodecContext open(String owner, AVCodec codec, String missing, String opening, Consumer<AVCodecContext> setUp,
                             Function<AVCodecContext, AVFrame> frameFor) {
        FfmpegNatives.load();
        if (codec == null || codec.isNull()) {
            throw new IllegalStateException(missing);
        }
        AVCodecContext context = avcodec_alloc_context3(codec);
        AVFrame frame;
        try {
            setUp.accept(context);
            AvError.check(avcodec_open2(context, codec, (AVDictionary) null), opening);
            frame = frameFor.apply(context);
        } catch (RuntimeException e) {
            avcodec_free_context(context);
            throw e;
        }
        return new CodecContext(owner, context, frame, av_packet_alloc());
    }

    /** A frame without buffers: a decoder gives it its own. */
    static AVFrame emptyFrame(AVCodecContext opened) {
        return av_frame_alloc();
    }

    /** An I420 (YUV420P) picture of the given size with its buffers, for a video encoder's input. */
    static AVFrame picture(int width, int height, String allocating) {
        AVFrame picture = av_frame_alloc();
        picture.format(AV_PIX_FMT_YUV420P);
        picture.width(width);
        picture.height(height);
        return withBuffers(picture, allocating);
    }

    /** Gives a frame whose format and size are set its buffers; frees it when that fails. */
    static AVFrame withBuffers(AVFrame frame, String allocating) {
        int code = av_frame_get_buffer(frame, 0);
        if (code < 0) {
            av_frame_free(frame);
            AvError.check(code, allocating);
        }
        return frame;
    }

    /** Sets one of the codec's private options (x264's preset, libvpx's deadline) before it opens. */
    static void setOption(AVCodecContext context, String library, String name, String value) {
        AvError.check(av_opt_set(context.priv_data(), name, value, 0), "setting " + library + " " + name + "=" + value);
    }

    /**
     * Sends {@code picture} to a video encoder as its picture at {@code pts}. An I picture type is
     * how both libx264 (with forced-idr, an IDR) and libvpxenc (VPX_EFLAG_FORCE_KF) are told to make
     * a key frame.
     *
     * @param input the encoder's input picture, e.g. "H.264 input picture", for an error's text
     * @param library the encoder, e.g. "libx264", for an error's text
     */
    void sendPicture(I420Frame picture, long pts, boolean keyFrame, String input, String library) {
        AvError.check(av_frame_make_writable(frame), "making the " + input + " writable");
        I420Planes.copyIn(picture, frame);
        frame.pts(pts);
        frame.pict_type(keyFrame ? AV_PICTURE_TYPE_I : AV_PICTURE_TYPE_NONE);
        AvError.check(avcodec_send_frame(context, frame), "sending a picture to " + library);
    }

    /**
     * The next packet the encoder has ready, copied out of native memory, or null when it wants more
     * input first (or has given everything after a flush).
     *
     * @param everyPacketKey true for audio, where every packet starts a decodable unit
     * @param receiving what receiving it is, for the error when it fails
     */
    EncodedPacket receivePacket(boolean everyPacketKey, String receiving) {
        int received = avcodec_receive_packet(context, packet);
        if (received == AvError.EAGAIN || received == AVERROR_EOF) {
            return null;
        }
        AvError.check(received, receiving);
        try {
            byte[] data = new byte[packet.size()];
            packet.data().get(data);
            return new EncodedPacket(data, packet.pts(), packet.dts(), everyPacketKey || (packet.flags() & AV_PKT_FLAG_KEY) != 0);
        } finally {
            av_packet_unref(packet);
        }
    }

    /** Every packet the encoder has ready (see {@link #receivePacket}). */
    List<EncodedPacket> receivePackets(boolean everyPacketKey, String receiving) {
        List<EncodedPacket> packets = new ArrayList<>(2);
        for (EncodedPacket next = receivePacket(everyPacketKey, receiving); next != null;
                next = receivePacket(everyPacketKey, receiving)) {
            packets.add(next);
        }
        return packets;
    }

    /**
     * Sends {@code length} bytes from the network to the decoder as one packet. av_new_packet adds
     * the zeroed padding FFmpeg's bitstream readers may run into, so no input makes them read out of
     * bounds.
     *
     * @return what avcodec_send_packet gave: negative when the decoder refused the packet
     */
    int sendPacket(byte[] data, int offset, int length, String allocating) {
        AvError.check(av_new_packet(packet, length), allocating);
        packet.data().put(data, offset, length);
        int sent = avcodec_send_packet(context, packet);
        av_packet_unref(packet);
        return sent;
    }

    /** @throws IllegalStateException once {@link #close} has run */
    void requireOpen() {
        if (closed) {
            throw new IllegalStateException(owner + " is closed");
        }
    }

    /** @throws IllegalStateException once {@link #close} or an encoder's {@link #flush} has run */
    void requireStreaming() {
        requireOpen();
        if (flushed) {
            throw new IllegalStateException(owner + " was flushed; the stream has ended");
        }
    }

    /**
     * Ends an encoder's stream: the packets it still held; none when it was flushed before. Nothing
     * can be encoded after.
     */
    List<EncodedPacket> flush(boolean everyPacketKey, String flushing, String receiving) {
        requireOpen();
        if (flushed) {
            return List.of();
        }
        flushed = true;
        AvError.check(avcodec_send_frame(context, null), flushing);
        return receivePackets(everyPacketKey, receiving);
    }

    boolean closed() {
        return closed;
    }

    /** Frees the packet, the frame and the codec context; later calls do nothing. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        av_packet_free(packet);
        av_frame_free(frame);
        avcodec_free_context(context);
    }
}
