package io.confab.bot;

import io.confab.bot.media.Vp8Frame;
import io.confab.bot.media.Vp8Packetizer;
import io.confab.bot.sdp.BotOffer;
import io.confab.bot.source.AudioSource;
import io.confab.bot.source.EncodedFrame;
import io.confab.bot.source.VideoSource;
import io.confab.bot.transport.ClientTransport;
import io.confab.core.sfu.rtcp.FullIntraRequest;
import io.confab.core.sfu.rtcp.GenericNack;
import io.confab.core.sfu.rtcp.PictureLossIndication;
import io.confab.core.sfu.rtcp.RtcpCompound;
import io.confab.core.sfu.rtcp.RtcpPacket;
import io.confab.core.sfu.rtcp.RtcpParser;
import io.confab.core.sfu.rtp.AbsSendTime;
import io.confab.core.sfu.rtp.AudioLevel;
import io.confab.core.sfu.rtp.PacketHistory;
import io.confab.core.sfu.rtp.RtpHeaderWriter;
import io.confab.core.sfu.rtp.RtpPacket;
import io.confab.core.sfu.rtp.RtpParseStatus;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bot's outgoing media on its publish connection: a 20 ms audio clock and a 33 ms video clock
 * on one thread, each frame packetized into RTP (Opus 111 with the audio level, VP8 96 with
 * abs-send-time), kept in a history for NACKs, which are answered as RTX 97. A PLI or FIR makes
 * the next video frame a key frame. Every packet's payload starts as the codec wrote it; in load
 * tests the first bytes after the VP8 descriptor carry the send time for latency measurement.
 */
final class MediaSender implements ClientTransport.Receiver, AutoCloseable {

    private final ClientTransport transport;
    private final BotOffer offer;
    private final AudioSource audio;
    private final VideoSource video;
    private final boolean stampSendTime;
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "bot-sender");
        thread.setDaemon(true);
        return thread;
    });
    private final RtpHeaderWriter writer = new RtpHeaderWriter();
    private final byte[] packet = new byte[1500];
    private final byte[] rtx = new byte[1500];
    private final byte[] level = new byte[1];
    private final byte[] sendTime = new byte[3];
    private final PacketHistory history = new PacketHistory(1024, 1400, 2_000_000_000L);
    private final Vp8Packetizer packetizer = new Vp8Packetizer();
    private final RtpPacket view = new RtpPacket();
    private volatile boolean keyFrameWanted;
    private int audioSequence = ThreadLocalRandom.current().nextInt(0x10000);
    private int videoSequence = ThreadLocalRandom.current().nextInt(0x10000);
    private int rtxSequence = ThreadLocalRandom.current().nextInt(0x10000);
    private long audioTimestamp = ThreadLocalRandom.current().nextInt() & 0xFFFFFFFFL;
    private long videoTimestamp = ThreadLocalRandom.current().nextInt() & 0xFFFFFFFFL;
    final AtomicLong audioPackets = new AtomicLong();
    final AtomicLong videoPackets = new AtomicLong();
    final AtomicLong videoFrames = new AtomicLong();
    final AtomicLong keyFrameRequests = new AtomicLong();
    final AtomicLong retransmissions = new AtomicLong();
    private volatile boolean audioOn = true;

    MediaSender(ClientTransport transport, BotOffer offer, AudioSource audio, VideoSource video, boolean stampSendTime) {
        this.transport = transport;
        this.offer = offer;
        this.audio = audio;
        this.video = video;
        this.stampSendTime = stampSendTime;
    }

    void start() {
        clock.scheduleAtFixedRate(this::sendAudio, 0, 20, TimeUnit.MILLISECONDS);
        clock.scheduleAtFixedRate(this::sendVideo, 5, 33, TimeUnit.MILLISECONDS);
    }

    /** A muted bot sends nothing, as a browser with a disabled track sends only silence. */
    void audioOn(boolean on) {
        audioOn = on;
    }

    private void sendAudio() {
        try {
            EncodedFrame frame = audio.next();
            audioTimestamp = (audioTimestamp + 960) & 0xFFFFFFFFL;
            if (!audioOn) {
                return;
            }
            AudioLevel.write(level, 0, frame.audioLevel() < 127, frame.audioLevel());
            int length = writer.clearExtensions().marker(false).payloadType(BotOffer.OPUS).sequenceNumber(audioSequence)
                    .timestamp(audioTimestamp).ssrc(offer.audioSsrc())
                    .addExtension(BotOffer.AUDIO_LEVEL_ID, level, 0, 1)
                    .write(packet, 0, frame.data(), 0, frame.data().length);
            audioSequence = (audioSequence + 1) & 0xFFFF;
            if (transport.sendRtp(packet, 0, length)) {
                audioPackets.incrementAndGet();
            }
        } catch (RuntimeException e) {
            // One bad frame must not stop the clock.
        }
    }

    private void sendVideo() {
        try {
            boolean key = keyFrameWanted;
            keyFrameWanted = false;
            EncodedFrame frame = video.next(key);
            if (frame == null) {
                return;
            }
            videoTimestamp = (videoTimestamp + 3000) & 0xFFFFFFFFL;
            List<byte[]> payloads = packetizer.packetize(new Vp8Frame(frame.data(), frame.keyFrame()));
            long now = System.nanoTime();
            for (int i = 0; i < payloads.size(); i++) {
                byte[] payload = payloads.get(i);
                if (stampSendTime && payload.length >= 14) {
                    stamp(payload, now);
                }
                AbsSendTime.write(sendTime, 0, now);
                int length = writer.clearExtensions().marker(i == payloads.size() - 1).payloadType(BotOffer.VP8)
                        .sequenceNumber(videoSequence).timestamp(videoTimestamp).ssrc(offer.videoSsrc())
                        .addExtension(BotOffer.ABS_SEND_TIME_ID, sendTime, 0, AbsSendTime.LENGTH)
                        .write(packet, 0, payload, 0, payload.length);
                history.store(videoSequence, packet, 0, length, now);
                videoSequence = (videoSequence + 1) & 0xFFFF;
                if (transport.sendRtp(packet, 0, length)) {
                    videoPackets.incrementAndGet();
                }
            }
            videoFrames.incrementAndGet();
        } catch (RuntimeException e) {
            // One bad frame must not stop the clock.
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
        if (!(RtcpParser.parse(data, 0, length) instanceof RtcpCompound compound)) {
            return;
        }
        for (RtcpPacket rtcp : compound.packets()) {
            if (rtcp instanceof PictureLossIndication || rtcp instanceof FullIntraRequest) {
                keyFrameWanted = true;
                keyFrameRequests.incrementAndGet();
            } else if (rtcp instanceof GenericNack nack && nack.mediaSsrc() == offer.videoSsrc()) {
                clock.execute(() -> retransmit(nack.sequenceNumbers()));
            }
        }
    }

    private void retransmit(List<Integer> sequenceNumbers) {
        long now = System.nanoTime();
        for (int sequence : sequenceNumbers) {
            int length = history.copy(sequence, now, rtx, 0);
            if (length < 0 || view.parse(rtx, 0, length) != RtpParseStatus.OK) {
                continue;
            }
            int payload = view.payloadOffset();
            int payloadLength = view.payloadLength();
            boolean marker = view.marker();
            long timestamp = view.timestamp();
            rtx[payload - 2] = (byte) (sequence >>> 8);
            rtx[payload - 1] = (byte) sequence;
            int out = writer.clearExtensions().marker(marker).payloadType(BotOffer.RTX).sequenceNumber(rtxSequence)
                    .timestamp(timestamp).ssrc(offer.rtxSsrc()).write(packet, 0, rtx, payload - 2, payloadLength + 2);
            rtxSequence = (rtxSequence + 1) & 0xFFFF;
            if (transport.sendRtp(packet, 0, out)) {
                retransmissions.incrementAndGet();
            }
        }
    }

    @Override
    public void close() {
        clock.shutdownNow();
        try {
            clock.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        audio.close();
        video.close();
    }
}
