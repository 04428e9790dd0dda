package io.confab.bot;

import io.confab.bot.sdp.BotOffer;
import io.confab.bot.transport.ClientTransport;
import io.confab.core.sfu.rtcp.ReceiverReport;
import io.confab.core.sfu.rtcp.Remb;
import io.confab.core.sfu.rtcp.ReportBlock;
import io.confab.core.sfu.rtcp.RtcpCompound;
import io.confab.core.sfu.rtcp.RtcpPacket;
import io.confab.core.sfu.rtcp.RtcpParser;
import io.confab.core.sfu.rtcp.RtcpWriter;
import io.confab.core.sfu.rtcp.SenderReport;
import io.confab.core.sfu.rtp.NackGenerator;
import io.confab.core.sfu.rtp.ReceiveStatistics;
import io.confab.core.sfu.rtp.RtpPacket;
import io.confab.core.sfu.rtp.RtpParseStatus;
import io.confab.core.sfu.rtp.SerialNumber;
import io.confab.media.codec.Vp8Decoder;
import io.confab.media.vp8.Vp8Depacketizer;
import io.confab.media.vp8.Vp8PayloadDescriptor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What the bot receives on its subscribe connection, per sender: packets, loss (from sequence
 * numbers), decoded video frames and their width (which simulcast layer the SFU forwards; the
 * decoder follows a switch to another size at the key frame the SFU switches on), and, for stamped
 * load-test payloads, the one-way delay through the SFU. Runs on the transport's reader thread; reads of the figures are synchronized.
 */
final class MediaReceiver implements ClientTransport.Receiver, AutoCloseable {

    /** One incoming stream (an SSRC the SFU announced). */
    static final class Stream {
        final String owner;
        final String kind;
        long packets;
        long rtxPackets;
        boolean started;
        long firstExtended;
        long highestExtended;
        long framesDecoded;
        long framesDropped;
        boolean wantsKeyFrame;
        long lastPliNanos;
        final NackGenerator nacks = new NackGenerator(512, 3, 40_000_000L, 1_000_000_000L);
        ReceiveStatistics statistics;
        Vp8Depacketizer depacketizer;
        Vp8Decoder decoder;
        /** Width of the latest picture (decoded, or announced by a key frame header); 0 before one. */
        int width;
        long widthAtNanos;
        final Set<Integer> widths = new LinkedHashSet<>();

        Stream(String owner, String kind) {
            this.owner = owner;
            this.kind = kind;
        }

        long expected() {
            return started ? highestExtended - firstExtended + 1 : 0;
        }

        void pictureWidth(int pictureWidth, long now) {
            if (pictureWidth > 0) {
                width = pictureWidth;
                widthAtNanos = now;
                widths.add(pictureWidth);
            }
        }
    }

    /** What arrived from one sender, over all its streams. */
    record SenderFigures(long audioPackets, long videoPackets, long framesDecoded, long expected, long received,
                         int videoWidth, List<Integer> videoWidths) {
    }

    private final boolean decode;
    private final Map<Long, String> owners = new HashMap<>();
    private final Map<Long, String> kinds = new HashMap<>();
    private final Map<Integer, Stream> streams = new HashMap<>();
    private final RtpPacket packet = new RtpPacket();
    private final Vp8PayloadDescriptor descriptor = new Vp8PayloadDescriptor();
    private final List<Long> delaysNanos = new ArrayList<>();
    private final int rtcpSsrc = ThreadLocalRandom.current().nextInt();
    private final int[] missing = new int[256];
    private final byte[] rtcp = new byte[1500];  // 31 report blocks (744 bytes) + REMB fit with SRTCP overhead
    private ClientTransport transport;
    private boolean closed;
    private long lastRembNanos;
    private static final long RECEIVE_BANDWIDTH_BPS = 100_000_000L;

    MediaReceiver(boolean decode) {
        this.decode = decode;
    }

    synchronized void transport(ClientTransport transport) {
        this.transport = transport;
    }

    /** The SSRC → sender map from the SFU's latest subscribe offer. */
    synchronized void announce(Map<Long, String> ownerBySsrc, Map<Long, String> kindBySsrc) {
        owners.putAll(ownerBySsrc);
        kinds.putAll(kindBySsrc);
    }

    @Override
    public synchronized void onRtp(byte[] data, int length) {
        if (closed || packet.parse(data, 0, length) != RtpParseStatus.OK) {
            return;
        }
        int ssrc = packet.ssrc();
        Stream stream = streams.get(ssrc);
        if (stream == null) {
            String owner = owners.get(Integer.toUnsignedLong(ssrc));
            if (owner == null) {
                return;
            }
            stream = new Stream(owner, kinds.getOrDefault(Integer.toUnsignedLong(ssrc), "audio"));
            streams.put(ssrc, stream);
        }
        if (packet.payloadType() == BotOffer.RTX) {
            stream.rtxPackets++;
            return;
        }
        long now = System.nanoTime();
        stream.packets++;
        if (stream.statistics == null) {
            stream.statistics = new ReceiveStatistics(ssrc, stream.kind.equals("video") ? 90_000 : 48_000);
        }
        stream.statistics.onPacket(packet.sequenceNumber(), packet.timestamp(), now, length);
        long extended = SerialNumber.extend16(packet.sequenceNumber(), stream.started ? stream.highestExtended : packet.sequenceNumber());
        if (!stream.started) {
            stream.started = true;
            stream.firstExtended = extended;
            stream.highestExtended = extended;
        } else if (extended > stream.highestExtended) {
            stream.highestExtended = extended;
        }
        if (!stream.kind.equals("video")) {
            return;
        }
        stream.nacks.onPacket(packet.sequenceNumber(), now);
        if (!decode && descriptor.parse(data, packet.payloadOffset(), packet.payloadLength()) == Vp8PayloadDescriptor.Status.OK
                && descriptor.isKeyFrameStart()) {
            // Nothing is decoded in load tests; a key frame's header still says which layer came.
            stream.pictureWidth(descriptor.keyFrameWidth(), now);
        }
        if (packet.payloadLength() >= 22 && !decode) {
            long sent = 0;
            int at = packet.payloadOffset() + packet.payloadLength() - 8;
            for (int i = 0; i < 8; i++) {
                sent = (sent << 8) | (data[at + i] & 0xFF);
            }
            long delay = now - sent;
            if (delay > 0 && delay < 5_000_000_000L && delaysNanos.size() < 2_000_000) {
                delaysNanos.add(delay);
            }
        }
        if (decode) {
            if (stream.depacketizer == null) {
                stream.depacketizer = new Vp8Depacketizer();
                stream.decoder = new Vp8Decoder();
            }
            Vp8Depacketizer.Outcome outcome = stream.depacketizer.push(packet.sequenceNumber(), packet.timestamp(),
                    packet.marker(), data, packet.payloadOffset(), packet.payloadLength());
            if (outcome == Vp8Depacketizer.Outcome.FRAME_COMPLETE) {
                byte[] frame = stream.depacketizer.frame().data();
                Vp8Decoder.Picture picture = stream.decoder.decode(frame);
                if (picture.decoded()) {
                    stream.framesDecoded++;
                    stream.pictureWidth(picture.width(), now);
                }
            } else if (outcome == Vp8Depacketizer.Outcome.FRAME_INCOMPLETE || outcome == Vp8Depacketizer.Outcome.AWAITING_KEY_FRAME) {
                stream.framesDropped++;
                stream.wantsKeyFrame = true;
            }
        }
    }

    /** Sender reports from the SFU: their times go back in our receiver reports, which gives the SFU the RTT. */
    @Override
    public synchronized void onRtcp(byte[] data, int length) {
        if (RtcpParser.parse(data, 0, length) instanceof RtcpCompound compound) {
            long now = System.nanoTime();
            for (RtcpPacket rtcpPacket : compound.packets()) {
                if (rtcpPacket instanceof SenderReport report) {
                    Stream stream = streams.get(report.senderSsrc());
                    if (stream != null && stream.statistics != null) {
                        stream.statistics.onSenderReport(report.ntpTimestamp(), now);
                    }
                }
            }
        }
    }

    /** Asks the SFU again for what went missing (called every 20 ms by the bot), and reports its bandwidth. */
    synchronized void sendNacks() {
        if (transport == null) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastRembNanos > 1_000_000_000L && !streams.isEmpty()) {
            // A bot on loopback has all the bandwidth it could want; saying so (REMB, as Chrome's
            // receiver does) lets the SFU send every stream instead of its 5 Mbit/s default.
            lastRembNanos = now;
            // Receiver reports as a browser sends them: loss, jitter and the SR echo for RTT (RFC 3550 §6.4.2).
            List<ReportBlock> blocks = new ArrayList<>();
            for (Stream stream : streams.values()) {
                if (stream.statistics != null && blocks.size() < ReceiverReport.MAX_REPORT_BLOCKS) {
                    blocks.add(stream.statistics.nextReportBlock(now));
                }
            }
            List<Integer> ssrcs = new ArrayList<>(streams.keySet());
            List<RtcpPacket> compound = List.of(new ReceiverReport(rtcpSsrc, blocks),
                    new Remb(rtcpSsrc, RECEIVE_BANDWIDTH_BPS, ssrcs.subList(0, Math.min(ssrcs.size(), 64))));
            int length = RtcpWriter.writeCompound(compound, rtcp, 0);
            transport.sendRtcp(rtcp, 0, length);
        }
        for (Map.Entry<Integer, Stream> entry : streams.entrySet()) {
            if (!entry.getValue().kind.equals("video")) {
                continue;
            }
            Stream stream = entry.getValue();
            if (stream.wantsKeyFrame && now - stream.lastPliNanos > 500_000_000L) {
                // A frame was lost beyond repair: ask for a key frame, as a browser's decoder would.
                stream.wantsKeyFrame = false;
                stream.lastPliNanos = now;
                int length = RtcpWriter.writePli(rtcp, 0, rtcpSsrc, entry.getKey());
                transport.sendRtcp(rtcp, 0, length);
            }
            int count = stream.nacks.collect(now, missing);
            if (count > 0) {
                int length = RtcpWriter.writeNack(rtcp, 0, rtcpSsrc, entry.getKey(), missing, count);
                transport.sendRtcp(rtcp, 0, length);
            }
        }
    }

    /** Figures per sender (participant id), as the report shows them. */
    synchronized Map<String, SenderFigures> bySender() {
        Map<String, List<Stream>> byOwner = new HashMap<>();
        for (Stream stream : streams.values()) {
            byOwner.computeIfAbsent(stream.owner, o -> new ArrayList<>()).add(stream);
        }
        Map<String, SenderFigures> result = new HashMap<>();
        byOwner.forEach((owner, owned) -> {
            long audio = 0;
            long video = 0;
            long decoded = 0;
            long expected = 0;
            long received = 0;
            Stream latest = null;
            Set<Integer> widths = new LinkedHashSet<>();
            for (Stream stream : owned) {
                if (stream.kind.equals("video")) {
                    video += stream.packets;
                    decoded += stream.framesDecoded;
                    widths.addAll(stream.widths);
                    if (stream.width > 0 && (latest == null || stream.widthAtNanos > latest.widthAtNanos)) {
                        latest = stream;
                    }
                } else {
                    audio += stream.packets;
                }
                expected += stream.expected();
                received += stream.packets;
            }
            result.put(owner, new SenderFigures(audio, video, decoded, expected, received,
                    latest == null ? 0 : latest.width, List.copyOf(widths)));
        });
        return result;
    }

    synchronized List<Long> delays() {
        List<Long> copy = new ArrayList<>(delaysNanos);
        Collections.sort(copy);
        return copy;
    }

    @Override
    public synchronized void close() {
        closed = true;
        for (Stream stream : streams.values()) {
            if (stream.decoder != null) {
                stream.decoder.close();
            }
        }
    }
}
