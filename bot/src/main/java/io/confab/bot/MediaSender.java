package io.confab.bot;

import io.confab.bot.sdp.BotOffer;
import io.confab.bot.source.EncodedAudio;
import io.confab.bot.source.EncodedFrame;
import io.confab.bot.source.LayerDemand;
import io.confab.bot.source.LayerFrame;
import io.confab.bot.source.VideoLayer;
import io.confab.bot.source.EncodedVideo;
import io.confab.bot.transport.ClientTransport;
import io.confab.core.sfu.rtcp.FullIntraRequest;
import io.confab.core.sfu.rtcp.GenericNack;
import io.confab.core.sfu.rtcp.PictureLossIndication;
import io.confab.core.sfu.rtcp.RtcpCompound;
import io.confab.core.sfu.rtcp.RtcpPacket;
import io.confab.core.sfu.rtcp.RtcpParseError;
import io.confab.core.sfu.rtcp.RtcpParseResult;
import io.confab.core.sfu.rtcp.RtcpParser;
import io.confab.core.sfu.rtp.AbsSendTime;
import io.confab.core.sfu.rtp.AudioLevel;
import io.confab.core.sfu.rtp.PacketHistory;
import io.confab.core.sfu.rtp.RtpHeaderWriter;
import io.confab.core.sfu.rtp.RtpPacket;
import io.confab.core.sfu.rtp.RtpParseStatus;
import io.confab.core.sfu.rtp.StreamIdentifier;
import io.confab.media.vp8.Vp8Frame;
import io.confab.media.vp8.Vp8Packetizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bot's outgoing media on its publish connection: a 20 ms audio clock (Opus 111 with the audio
 * level) and a 33 ms video clock on their own threads. Each picture is encoded for every simulcast
 * layer that is on ({@link SendLayers}) and each layer's frame packetized onto that layer's SSRC
 * (VP8 96 with abs-send-time, and for simulcast the mid and rid extensions by which the SFU tells
 * the layers apart, RFC 8852), kept in the layer's history for NACKs, which are answered as RTX 97
 * on the layer's RTX SSRC with the repaired rid. A PLI or FIR for a layer's SSRC makes that layer's
 * next frame a key frame. In load tests the last bytes of each payload carry the send time.
 */
final class MediaSender implements ClientTransport.Receiver, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MediaSender.class);

    /** One layer's RTP stream and its RTX stream: numbering, history and counts. */
    private static final class Outgoing {
        final VideoLayer layer;
        final BotOffer.VideoStream stream;
        /** The rid as the RtpStreamId extension carries it; null without simulcast. */
        final byte[] rid;
        final PacketHistory history = new PacketHistory(1024, 1400, 2_000_000_000L);
        final Vp8Packetizer packetizer = new Vp8Packetizer();
        int sequence = ThreadLocalRandom.current().nextInt(0x10000);
        int rtxSequence = ThreadLocalRandom.current().nextInt(0x10000);
        final AtomicLong frames = new AtomicLong();
        final AtomicLong keyFrames = new AtomicLong();
        final AtomicLong packets = new AtomicLong();

        Outgoing(VideoLayer layer, BotOffer.VideoStream stream) {
            this.layer = layer;
            this.stream = stream;
            this.rid = stream.rid().isEmpty() ? null : StreamIdentifier.encode(stream.rid());
        }
    }

    private final ClientTransport transport;
    private final BotOffer offer;
    private final EncodedAudio audio;
    private final EncodedVideo video;
    private final boolean stampSendTime;
    private final ScheduledExecutorService audioClock = clock("bot-audio");
    private final ScheduledExecutorService videoClock = clock("bot-video");
    private final List<Outgoing> outgoing = new ArrayList<>();
    private final SendLayers layers;
    private final byte[] mid;
    // Audio clock only:
    private final RtpHeaderWriter audioWriter = new RtpHeaderWriter();
    private final byte[] audioPacket = new byte[1500];
    private final byte[] level = new byte[1];
    private int audioSequence = ThreadLocalRandom.current().nextInt(0x10000);
    private long audioTimestamp = ThreadLocalRandom.current().nextInt() & 0xFFFFFFFFL;
    // Video clock only (retransmissions run on it too):
    private final RtpHeaderWriter writer = new RtpHeaderWriter();
    private final byte[] packet = new byte[1500];
    private final byte[] rtx = new byte[1500];
    private final byte[] sendTime = new byte[3];
    private final RtpPacket view = new RtpPacket();
    /** One capture clock for all layers, as one camera picture feeds them all. */
    private long videoTimestamp = ThreadLocalRandom.current().nextInt() & 0xFFFFFFFFL;
    final AtomicLong audioPackets = new AtomicLong();
    final AtomicLong videoPackets = new AtomicLong();
    final AtomicLong videoFrames = new AtomicLong();
    final AtomicLong keyFrameRequests = new AtomicLong();
    final AtomicLong retransmissions = new AtomicLong();
    final DropCount audioFramesDropped = new DropCount(LOG, "an audio frame");
    final DropCount videoPicturesDropped = new DropCount(LOG, "a video picture");
    final DropCount rtcpUnreadable = new DropCount(LOG, "an RTCP packet from the SFU on the publish connection");
    private volatile boolean audioOn = true;

    MediaSender(ClientTransport transport, BotOffer offer, EncodedAudio audio, EncodedVideo video, boolean stampSendTime) {
        if (offer.video().size() != video.layers().size()) {
            throw new IllegalArgumentException("the offer has " + offer.video().size() + " video streams, the source "
                    + video.layers().size() + " layers");
        }
        this.transport = transport;
        this.offer = offer;
        this.audio = audio;
        this.video = video;
        this.stampSendTime = stampSendTime;
        for (int i = 0; i < offer.video().size(); i++) {
            outgoing.add(new Outgoing(video.layers().get(i), offer.video().get(i)));
        }
        this.layers = new SendLayers(offer.video().stream().map(BotOffer.VideoStream::rid).toList());
        this.mid = StreamIdentifier.encode("1");
    }

    private static ScheduledExecutorService clock(String name) {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    void start() {
        audioClock.scheduleAtFixedRate(this::sendAudio, 0, 20, TimeUnit.MILLISECONDS);
        // Every 1/30 s exactly, as the RTP timestamps (3000 ticks of 90 kHz) say: a period of 33 ms
        // made the timestamps run 1% ahead of the wall clock, and a recorder's picture drift from its sound.
        videoClock.scheduleAtFixedRate(this::sendVideo, 5_000, 1_000_000 / 30, TimeUnit.MICROSECONDS);
    }

    /** A muted bot sends nothing, as a browser with a disabled track sends only silence. */
    void audioOn(boolean on) {
        audioOn = on;
    }

    /** The SFU's {@code layers} message: the rids someone receives; the rest pause. */
    void keepLayers(Collection<String> activeRids) {
        layers.keepOnly(activeRids);
    }

    /** Per layer, lowest first: what was sent and how often the SFU paused it. */
    List<BotReport.SentLayer> sentLayers() {
        List<BotReport.SentLayer> sent = new ArrayList<>();
        for (int i = 0; i < outgoing.size(); i++) {
            Outgoing out = outgoing.get(i);
            sent.add(new BotReport.SentLayer(out.stream.rid(), out.layer.width(), out.layer.height(), out.frames.get(),
                    out.keyFrames.get(), out.packets.get(), layers.pauses(i), layers.isOn(i)));
        }
        return sent;
    }

    private void sendAudio() {
        try {
            EncodedFrame frame = audio.next();
            audioTimestamp = (audioTimestamp + 960) & 0xFFFFFFFFL;
            if (!audioOn) {
                return;
            }
            AudioLevel.write(level, 0, frame.audioLevel() < 127, frame.audioLevel());
            int length = audioWriter.clearExtensions().marker(false).payloadType(BotOffer.OPUS).sequenceNumber(audioSequence)
                    .timestamp(audioTimestamp).ssrc(offer.audioSsrc())
                    .addExtension(BotOffer.AUDIO_LEVEL_ID, level, 0, 1)
                    .write(audioPacket, 0, frame.data(), 0, frame.data().length);
            audioSequence = (audioSequence + 1) & 0xFFFF;
            if (transport.sendRtp(audioPacket, 0, length)) {
                audioPackets.incrementAndGet();
            }
        } catch (RuntimeException e) {
            // One bad frame must not stop the clock (an exception would end the scheduled task).
            audioFramesDropped.drop("encoding or sending it failed: " + e, e);
        }
    }

    private void sendVideo() {
        try {
            List<LayerDemand> demands = layers.nextPicture();
            List<LayerFrame> frames = video.next(demands);
            videoTimestamp = (videoTimestamp + 3000) & 0xFFFFFFFFL;
            for (LayerFrame frame : frames) {
                send(outgoing.get(frame.layer()), frame.frame());
            }
            if (!frames.isEmpty()) {
                videoFrames.incrementAndGet();
            }
        } catch (RuntimeException e) {
            // One bad picture must not stop the clock (an exception would end the scheduled task).
            videoPicturesDropped.drop("encoding or sending it failed: " + e, e);
        }
    }

    private void send(Outgoing out, EncodedFrame frame) {
        List<byte[]> payloads = out.packetizer.packetize(new Vp8Frame(frame.data(), frame.keyFrame()));
        long now = System.nanoTime();
        for (int i = 0; i < payloads.size(); i++) {
            byte[] payload = payloads.get(i);
            if (stampSendTime && payload.length >= 14) {
                stamp(payload, now);
            }
            AbsSendTime.write(sendTime, 0, now);
            writer.clearExtensions().marker(i == payloads.size() - 1).payloadType(BotOffer.VP8)
                    .sequenceNumber(out.sequence).timestamp(videoTimestamp).ssrc(out.stream.ssrc())
                    .addExtension(BotOffer.ABS_SEND_TIME_ID, sendTime, 0, AbsSendTime.LENGTH);
            if (offer.simulcast()) {
                // Chrome stops once the SFU's receiver reports show it knows the SSRC; every packet
                // is simpler, and a layer resumed after a pause is recognised from its first packet.
                writer.addExtension(BotOffer.MID_ID, mid).addExtension(BotOffer.RID_ID, out.rid);
            }
            int length = writer.write(packet, 0, payload, 0, payload.length);
            out.history.store(out.sequence, packet, 0, length, now);
            out.sequence = (out.sequence + 1) & 0xFFFF;
            if (transport.sendRtp(packet, 0, length)) {
                videoPackets.incrementAndGet();
                out.packets.incrementAndGet();
            }
        }
        out.frames.incrementAndGet();
        if (frame.keyFrame()) {
            out.keyFrames.incrementAndGet();
        }
    }

    /** The last 8 bytes of a synthetic payload carry System.nanoTime() at sending (same host clock). */
    private static void stamp(byte[] payload, long now) {
        int at = payload.length - 8;
        for (int i = 7; i >= 0; i--) {
            payload[at + i] = (byte) now;
            now >>>= 8;
        }
    }

    @Override
    public void onRtp(byte[] data, int length) {
    }

    @Override
    public void onRtcp(byte[] data, int length) {
        RtcpParseResult parsed = RtcpParser.parse(data, 0, length);
        if (parsed instanceof RtcpParseError error) {
            rtcpUnreadable.drop(length + " bytes: " + error.reason() + ": " + error.detail(), null);
            return;
        }
        RtcpCompound compound = (RtcpCompound) parsed;
        for (RtcpPacket rtcp : compound.packets()) {
            if (rtcp instanceof PictureLossIndication pli) {
                keyFrameFor(pli.mediaSsrc());
            } else if (rtcp instanceof FullIntraRequest fir) {
                fir.entries().forEach(entry -> keyFrameFor(entry.ssrc()));
            } else if (rtcp instanceof GenericNack nack) {
                int layer = layerOf(nack.mediaSsrc());
                if (layer >= 0) {
                    videoClock.execute(() -> retransmit(outgoing.get(layer), nack.sequenceNumbers()));
                }
            }
        }
    }

    private void keyFrameFor(int ssrc) {
        int layer = layerOf(ssrc);
        if (layer >= 0) {
            keyFrameRequests.incrementAndGet();
            layers.requestKeyFrame(layer);
        }
    }

    private int layerOf(int ssrc) {
        for (int i = 0; i < outgoing.size(); i++) {
            if (outgoing.get(i).stream.ssrc() == ssrc) {
                return i;
            }
        }
        return -1;
    }

    private void retransmit(Outgoing out, List<Integer> sequenceNumbers) {
        long now = System.nanoTime();
        for (int sequence : sequenceNumbers) {
            int length = out.history.copy(sequence, now, rtx, 0);
            if (length < 0 || view.parse(rtx, 0, length) != RtpParseStatus.OK) {
                continue;
            }
            int payload = view.payloadOffset();
            int payloadLength = view.payloadLength();
            boolean marker = view.marker();
            long timestamp = view.timestamp();
            rtx[payload - 2] = (byte) (sequence >>> 8);
            rtx[payload - 1] = (byte) sequence;
            writer.clearExtensions().marker(marker).payloadType(BotOffer.RTX).sequenceNumber(out.rtxSequence)
                    .timestamp(timestamp).ssrc(out.stream.rtxSsrc());
            if (offer.simulcast()) {
                // RFC 8852 §3.2: the repaired rid ties an RTX SSRC the offer did not declare to its layer.
                writer.addExtension(BotOffer.MID_ID, mid).addExtension(BotOffer.REPAIRED_RID_ID, out.rid);
            }
            int written = writer.write(packet, 0, rtx, payload - 2, payloadLength + 2);
            out.rtxSequence = (out.rtxSequence + 1) & 0xFFFF;
            if (transport.sendRtp(packet, 0, written)) {
                retransmissions.incrementAndGet();
            }
        }
    }

    @Override
    public void close() {
        audioClock.shutdownNow();
        videoClock.shutdownNow();
        boolean interrupted = false;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        // The sources free native encoders; let a tick in progress finish first, even if this thread is interrupted.
        while (!(audioClock.isTerminated() && videoClock.isTerminated()) && System.nanoTime() < deadline) {
            try {
                videoClock.awaitTermination(50, TimeUnit.MILLISECONDS);
                audioClock.awaitTermination(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        audio.close();
        video.close();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
