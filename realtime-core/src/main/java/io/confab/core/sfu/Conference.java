package io.confab.core.sfu;

import io.confab.core.sfu.allocation.BandwidthAllocator;
import io.confab.core.sfu.allocation.LayerPreference;
import io.confab.core.sfu.allocation.LayerUsage;
import io.confab.core.sfu.allocation.Receiver;
import io.confab.core.sfu.allocation.ReceiverAllocation;
import io.confab.core.sfu.allocation.SimulcastLayer;
import io.confab.core.sfu.allocation.SourceAllocation;
import io.confab.core.sfu.allocation.SpeakerOrder;
import io.confab.core.sfu.allocation.PublishedVideo;
import io.confab.core.sfu.bwe.SentPacketLog;
import io.confab.core.sfu.rtcp.FullIntraRequest;
import io.confab.core.sfu.rtcp.GenericNack;
import io.confab.core.sfu.rtcp.PictureLossIndication;
import io.confab.core.sfu.rtcp.Remb;
import io.confab.core.sfu.rtcp.ReceiverReport;
import io.confab.core.sfu.rtcp.ReportBlock;
import io.confab.core.sfu.rtcp.RtcpCompound;
import io.confab.core.sfu.rtcp.RtcpPacket;
import io.confab.core.sfu.rtcp.RtcpParseError;
import io.confab.core.sfu.rtcp.RtcpParseResult;
import io.confab.core.sfu.rtcp.RtcpParser;
import io.confab.core.sfu.rtcp.RtcpWriter;
import io.confab.core.sfu.rtcp.SenderReport;
import io.confab.core.sfu.rtcp.SourceDescription;
import io.confab.core.sfu.rtcp.TransportFeedback;
import io.confab.core.sfu.rtp.AbsSendTime;
import io.confab.core.sfu.rtp.AudioLevel;
import io.confab.core.sfu.rtp.RtpHeaderWriter;
import io.confab.core.sfu.rtp.RtpPacket;
import io.confab.core.sfu.rtp.RtpParseStatus;
import io.confab.core.sfu.rtp.RtpStreamRewriter;
import io.confab.core.sfu.rtp.StreamIdentifier;
import io.confab.core.sfu.rtp.TransportWideSequenceNumber;
import io.confab.core.sfu.sdp.SubscribeOfferer;
import io.confab.core.sfu.speaker.DominantSpeaker;
import io.confab.core.sfu.transport.PeerTransport;
import io.confab.core.signaling.protocol.ParticipantId;
import io.confab.core.mediaplane.MediaNegotiation;
import io.confab.core.mediaplane.MediaPlane;
import io.confab.media.vp8.Vp8PayloadDescriptor;
import io.confab.storage.events.MediaDirection;
import io.confab.storage.events.MediaKind;
import io.confab.storage.events.MediaPacket;
import io.confab.storage.events.MediaQualitySample;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One meeting's media: who publishes what, who receives what at which layer, and the packet path
 * between them. Media thread only.
 *
 * <pre>
 * publish transport ─▶ RTP parse ─▶ which layer (SSRC, rid, RTX) ─▶ statistics, NACK, audio level
 *     ─▶ mute gate ─▶ tap (recorded meetings; audio only of transcribed ones) ─▶ for each receiver: layer gate ─▶ rewrite ─▶ SRTP ─▶ send
 * publish transport ─▶ transport-wide seq ─▶ arrivals ─every 60 ms─▶ transport-cc feedback to the sender
 * receiver RTCP ─▶ PLI/FIR to the sender, NACK from history as RTX, transport-cc (or REMB) into the estimate
 * every 500 ms: bandwidth allocation over simulcast layers, last-N, layer pause/resume to senders, probes
 * </pre>
 */
final class Conference {

    private static final long MS = 1_000_000L;
    private static final long KEYFRAME_REQUEST_INTERVAL = 300 * MS;
    private static final long NTP_EPOCH_OFFSET = 2_208_988_800L;

    final MediaPlane.MeetingRef ref;
    final SfuContext ctx;
    final Map<ParticipantId, Participant> participants = new LinkedHashMap<>();
    final DominantSpeaker speaker = new DominantSpeaker();
    final BandwidthAllocator allocator = new BandwidthAllocator();
    String tapRecordingId;
    /** The meeting setting {@code transcription}: audio is tapped whether or not a recording runs. */
    boolean tapAudioForTranscription;
    /**
     * How often publishers get transport-cc feedback: within the draft's 50-100 ms guidance, a
     * multiple of the 20 ms tick; Chrome's own receivers send every 50-250 ms depending on rate.
     */
    private static final long TRANSPORT_FEEDBACK_INTERVAL = 60 * MS;
    private long nextAllocationNanos;
    private long nextTransportFeedbackNanos;
    private long nextReportNanos;
    private long nextSpeakerTickNanos;
    private long nextQualityNanos;
    private long qualityIntervalStartMs = System.currentTimeMillis();
    private final long wallBaseMicros = System.currentTimeMillis() * 1000;
    private final long monoBaseNanos = System.nanoTime();

    Conference(MediaPlane.MeetingRef ref, SfuContext ctx) {
        this.ref = ref;
        this.ctx = ctx;
        long now = System.nanoTime();
        this.nextQualityNanos = now + 5_000 * MS;
    }

    boolean isEmpty() {
        return participants.isEmpty();
    }

    // ---- commands from signaling ----

    void connect(ParticipantId id, String displayName, long now) {
        Participant previous = participants.remove(id);
        if (previous != null) {
            depart(previous, "rejoined", now);
        }
        Participant participant = new Participant(this, id, displayName);
        participants.put(id, participant);
        speaker.join(id.value());
        for (Participant other : participants.values()) {
            if (other != participant) {
                for (Publication publication : other.publications.values()) {
                    participant.subscribeTo(publication);
                }
            }
        }
        participant.renegotiateIfNeeded(now);
    }

    void negotiate(ParticipantId id, MediaNegotiation signal, long now) {
        Participant participant = participants.get(id);
        if (participant == null) {
            return;
        }
        if (signal instanceof MediaNegotiation.PublishOffer offer) {
            participant.onPublishOffer(offer.sdp());
        } else if (signal instanceof MediaNegotiation.SubscribeAnswer answer) {
            participant.onSubscribeAnswer(answer.sdp(), now);
        } else if (signal instanceof MediaNegotiation.VideoPreference preference) {
            participant.layout = preference.layout();
            participant.capBps = preference.maxBitrateKbps() == null ? -1 : preference.maxBitrateKbps() * 1000L;
            allocate(now);
        }
        // ICE candidates need nothing: the SFU is ICE-lite and learns addresses from checks.
    }

    /** A participant's new track: everyone else subscribes to it. */
    void published(Publication publication) {
        long now = System.nanoTime();
        for (Participant other : participants.values()) {
            if (other != publication.owner) {
                other.subscribeTo(publication);
                other.renegotiateIfNeeded(now);
            }
        }
        nextAllocationNanos = now;
    }

    void setMuted(ParticipantId id, MediaKind kind, boolean muted, long now) {
        Participant participant = participants.get(id);
        if (participant == null) {
            return;
        }
        if (kind == MediaKind.AUDIO) {
            participant.audioMuted = muted;
        } else {
            participant.videoMuted = muted;
            if (!muted) {
                // Receivers have seen nothing for a while; the first frame they get must be a key frame.
                for (Publication publication : participant.publications.values()) {
                    if (publication.isVideo()) {
                        for (Publication.Layer layer : publication.layers) {
                            requestKeyframe(layer, now);
                        }
                    }
                }
            }
        }
        nextAllocationNanos = now;
    }

    void disconnect(ParticipantId id, long now) {
        Participant participant = participants.remove(id);
        if (participant != null) {
            depart(participant, "left the meeting", now);
        }
    }

    void startTap(String recordingId, long now) {
        tapRecordingId = recordingId;
        for (Participant participant : participants.values()) {
            for (Publication publication : participant.publications.values()) {
                publication.tapLayer = -1;
            }
        }
        nextAllocationNanos = now;
    }

    void stopTap() {
        tapRecordingId = null;
    }

    /** A recording takes every track; transcription alone needs only the audio. */
    private boolean tapping(Publication publication) {
        return tapRecordingId != null || (tapAudioForTranscription && !publication.isVideo());
    }

    void closeAll() {
        for (Participant participant : new ArrayList<>(participants.values())) {
            participant.close("meeting over");
        }
        participants.clear();
    }

    private void depart(Participant participant, String reason, long now) {
        participant.close(reason);
        for (Participant other : participants.values()) {
            for (Publication publication : participant.publications.values()) {
                other.unsubscribe(publication);
            }
            other.renegotiateIfNeeded(now);
        }
        speaker.leave(participant.id.value(), now)
                .ifPresent(next -> ctx.signals.activeSpeaker(ref.meetingId(), new ParticipantId(next)));
        allocator.forget(participant.id.value());
        nextAllocationNanos = now;
    }

    // ---- transport listeners ----

    PeerTransport.Listener publishListener(Participant participant) {
        return new PeerTransport.Listener() {
            @Override
            public void onRtp(PeerTransport transport, byte[] buffer, int length, long nowNanos) {
                onPublishedRtp(participant, buffer, length, nowNanos);
            }

            @Override
            public void onRtcp(PeerTransport transport, byte[] buffer, int length, long nowNanos) {
                onPublisherRtcp(participant, buffer, length, nowNanos);
            }

            @Override
            public void onSecure(PeerTransport transport) {
            }

            @Override
            public void onClosed(PeerTransport transport, String reason) {
                transportClosed(participant, transport);
            }
        };
    }

    PeerTransport.Listener subscribeListener(Participant participant) {
        return new PeerTransport.Listener() {
            @Override
            public void onRtp(PeerTransport transport, byte[] buffer, int length, long nowNanos) {
                ctx.counters.rtpOnSubscribeTransport.increment();
            }

            @Override
            public void onRtcp(PeerTransport transport, byte[] buffer, int length, long nowNanos) {
                onReceiverRtcp(participant, buffer, length, nowNanos);
            }

            @Override
            public void onSecure(PeerTransport transport) {
                // Nothing was sent before the keys existed: every stream starts at a key frame.
                long now = System.nanoTime();
                for (DownTrack track : participant.downTracks.values()) {
                    if (track.isVideo() && track.targetLayer >= 0) {
                        requestKeyframe(track.source.layers.get(track.targetLayer), now);
                    }
                }
            }

            @Override
            public void onClosed(PeerTransport transport, String reason) {
                transportClosed(participant, transport);
            }
        };
    }

    private void transportClosed(Participant participant, PeerTransport transport) {
        ctx.ice.unregister(transport);
        ctx.counters.transportsClosed.increment();
    }

    // ---- the packet path ----

    private void onPublishedRtp(Participant sender, byte[] buffer, int length, long now) {
        RtpPacket packet = ctx.inbound;
        if (packet.parse(buffer, 0, length) != RtpParseStatus.OK) {
            ctx.counters.malformedRtp.increment();
            return;
        }
        ctx.counters.rtpReceived.increment();
        if (sender.arrivals != null) {
            // Every packet on the transport counts for transport-cc, whatever its SSRC: RTX and padding too.
            int at = packet.findExtension(sender.publishTransportCcExtension);
            if (at != RtpPacket.NOT_FOUND && packet.extensionLength(at) == TransportWideSequenceNumber.LENGTH) {
                sender.arrivals.onPacket(TransportWideSequenceNumber.read(buffer, at), now);
            }
        }
        int ssrc = packet.ssrc();
        Publication.Layer layer = sender.layersBySsrc.get(ssrc);
        if (layer == null) {
            layer = sender.rtxBySsrc.get(ssrc);
            if (layer == null) {
                layer = identify(sender, packet);
                if (layer == null) {
                    ctx.counters.unknownSsrc.increment();
                    return;
                }
            }
        }
        if (sender.rtxBySsrc.get(ssrc) == layer) {
            // RFC 4588 §4: a retransmission we asked for; unwrap it into the original packet.
            if (!layer.ssrcKnown || packet.payloadLength() < 2 || layer.publication.codec == null) {
                return;
            }
            int payload = packet.payloadOffset();
            int originalSequence = ((buffer[payload] & 0xFF) << 8) | (buffer[payload + 1] & 0xFF);
            int originalLength = packet.payloadLength() - 2;
            System.arraycopy(buffer, payload + 2, buffer, payload, originalLength);
            buffer[0] &= (byte) ~0x20;
            length = payload + originalLength;
            if (packet.parse(buffer, 0, length) != RtpParseStatus.OK) {
                ctx.counters.malformedRtp.increment();
                return;
            }
            packet.setSequenceNumber(originalSequence);
            packet.setSsrc(layer.ssrc);
            packet.setPayloadType(layer.publication.codec.payloadType());
        }
        Publication publication = layer.publication;
        if (publication.codec == null || packet.payloadType() != publication.codec.payloadType()) {
            ctx.counters.unknownPayloadType.increment();
            return;
        }
        layer.lastPacketNanos = now;
        // Every copy of this packet leaves now: one abs-send-time for all its receivers.
        AbsSendTime.write(ctx.absSendTime, 0, now);
        layer.statistics.onPacket(packet.sequenceNumber(), packet.timestamp(), now, length);
        layer.nacks.onPacket(packet.sequenceNumber(), now);
        layer.bitrate.add(now, length);
        if (publication.isVideo()) {
            videoIn(sender, publication, layer, packet, now);
        } else {
            audioIn(sender, publication, layer, packet, now);
        }
    }

    /** A packet from an SSRC not seen before: its mid and rid (or payload type) say which layer it is. */
    private Publication.Layer identify(Participant sender, RtpPacket packet) {
        Publication publication = null;
        for (Publication candidate : sender.publications.values()) {
            if (candidate.midExtension > 0) {
                int at = packet.findExtension(candidate.midExtension);
                if (at != RtpPacket.NOT_FOUND) {
                    publication = sender.publications.get(
                            StreamIdentifier.read(packet.buffer(), at, packet.extensionLength(at)));
                }
                break;
            }
        }
        if (publication == null) {
            for (Publication candidate : sender.publications.values()) {
                boolean media = candidate.codec != null && candidate.codec.payloadType() == packet.payloadType();
                if (media || candidate.rtxPayloadType == packet.payloadType()) {
                    publication = candidate;
                    break;
                }
            }
        }
        if (publication == null) {
            return null;
        }
        boolean rtx = packet.payloadType() == publication.rtxPayloadType;
        Publication.Layer layer;
        if (publication.layers.size() == 1) {
            layer = publication.layers.get(0);
        } else {
            int extension = rtx ? publication.repairedRidExtension : publication.ridExtension;
            int at = extension > 0 ? packet.findExtension(extension) : RtpPacket.NOT_FOUND;
            if (at == RtpPacket.NOT_FOUND) {
                return null;
            }
            layer = publication.layerByRid(StreamIdentifier.read(packet.buffer(), at, packet.extensionLength(at))).orElse(null);
        }
        if (layer == null) {
            return null;
        }
        if (rtx) {
            sender.bindRtx(packet.ssrc(), layer);
        } else {
            sender.bind(packet.ssrc(), layer);
        }
        return layer;
    }

    private void audioIn(Participant sender, Publication publication, Publication.Layer layer, RtpPacket packet, long now) {
        Integer level = null;
        Boolean voice = null;
        if (publication.audioLevelExtension > 0) {
            int at = packet.findExtension(publication.audioLevelExtension);
            if (at != RtpPacket.NOT_FOUND) {
                level = AudioLevel.level(packet.buffer(), at);
                voice = AudioLevel.voiceActivity(packet.buffer(), at);
                if (!sender.audioMuted) {
                    speaker.onAudioLevel(sender.id.value(), level, voice, now)
                            .ifPresent(next -> ctx.signals.activeSpeaker(ref.meetingId(), new ParticipantId(next)));
                }
            }
        }
        if (sender.audioMuted) {
            // A host mute is enforced here, whatever the sender's browser keeps sending.
            ctx.counters.mutedDropped.increment();
            return;
        }
        tap(publication, layer, packet, level, voice, now);
        for (Participant receiver : participants.values()) {
            DownTrack track = receiver.downTracks.get(publication);
            if (track != null) {
                forward(track, packet, now);
            }
        }
    }

    private void videoIn(Participant sender, Publication publication, Publication.Layer layer, RtpPacket packet, long now) {
        boolean keyframe = false;
        if (publication.vp8) {
            Vp8PayloadDescriptor vp8 = ctx.vp8;
            if (vp8.parse(packet.buffer(), packet.payloadOffset(), packet.payloadLength()) == Vp8PayloadDescriptor.Status.OK
                    && vp8.isKeyFrameStart()) {
                keyframe = true;
                layer.lastKeyframeNanos = now;
                if (vp8.keyFrameHeight() > 0) {
                    layer.height = vp8.keyFrameHeight();
                }
            }
        }
        if (sender.videoMuted) {
            ctx.counters.mutedDropped.increment();
            return;
        }
        tap(publication, layer, packet, null, null, now);
        for (Participant receiver : participants.values()) {
            DownTrack track = receiver.downTracks.get(publication);
            if (track == null) {
                continue;
            }
            if (layer.index != track.currentLayer) {
                // Switch only at a key frame of the wanted layer: a decoder cannot start mid-stream.
                if (layer.index == track.targetLayer && keyframe) {
                    track.currentLayer = layer.index;
                    ctx.counters.layerSwitches.increment();
                } else {
                    ctx.counters.notForwardedLayer.increment();
                    continue;
                }
            }
            forward(track, packet, now);
        }
    }

    private void forward(DownTrack track, RtpPacket packet, long now) {
        PeerTransport transport = track.receiver.subscribe;
        if (transport == null || transport.state() != PeerTransport.State.SECURE) {
            return;
        }
        RtpStreamRewriter rewriter = track.rewriter;
        if (rewriter.map(packet.ssrc(), packet.sequenceNumber(), packet.timestamp(), now) != RtpStreamRewriter.Verdict.FORWARD) {
            ctx.counters.rewriterDropped.increment();
            return;
        }
        byte[] out = ctx.out;
        Downlink downlink = track.receiver.downlink;
        RtpHeaderWriter writer = ctx.writer.clearExtensions()
                .marker(packet.marker())
                .payloadType(track.payloadType)
                .sequenceNumber(rewriter.outgoingSequenceNumber())
                .timestamp(rewriter.outgoingTimestamp())
                .ssrc(track.ssrc)
                .addExtension(SubscribeOfferer.ABS_SEND_TIME_EXTENSION_ID, ctx.absSendTime, 0, AbsSendTime.LENGTH);
        int length = downlink.addExtensions(writer, track)
                .write(out, 0, packet.buffer(), packet.payloadOffset(), packet.payloadLength());
        if (track.pictures != null && track.source.vp8) {
            int header = length - packet.payloadLength();
            if (ctx.vp8Out.parse(out, header, packet.payloadLength()) == Vp8PayloadDescriptor.Status.OK) {
                track.pictures.rewrite(packet.ssrc(), ctx.vp8Out);
            }
        }
        if (track.history != null) {
            track.history.store(rewriter.outgoingSequenceNumber(), out, 0, length, now);
        }
        track.packetsSent++;
        track.octetsSent += packet.payloadLength();
        track.lastRtpTimestamp = rewriter.outgoingTimestamp();
        track.lastSentNanos = now;
        if (transport.sendRtp(out, 0, length)) {
            downlink.onSent(now, length, SentPacketLog.NO_CLUSTER);
            ctx.counters.forwardedPackets.increment();
            ctx.counters.forwardedBytes.add(length);
            ctx.forwardingDelay.record(System.nanoTime() - now);
        }
    }

    void tapAudioForTranscription() {
        tapAudioForTranscription = true;
    }

    private void tap(Publication publication, Publication.Layer layer, RtpPacket packet, Integer level, Boolean voice, long now) {
        if (ctx.tap == null || !tapping(publication)) {
            return;
        }
        if (publication.isVideo()) {
            // One layer per track reaches the recording: the highest that is arriving, chosen once
            // and kept, so the mixer sees one continuous stream; re-chosen only if it stops.
            if (publication.tapLayer < 0 || !publication.layers.get(publication.tapLayer).active(now)) {
                int chosen = -1;
                for (Publication.Layer candidate : publication.layers) {
                    if (candidate.active(now)) {
                        chosen = candidate.index;
                    }
                }
                if (chosen != publication.tapLayer) {
                    publication.tapLayer = chosen;
                    if (chosen >= 0) {
                        requestKeyframe(publication.layers.get(chosen), now);
                    }
                }
            }
            if (layer.index != publication.tapLayer) {
                return;
            }
        }
        byte[] buffer = packet.buffer();
        int payload = packet.payloadOffset();
        MediaPacket tapped = MediaPacket.newBuilder()
                .setMeetingId(ref.meetingId())
                .setAccountId(ref.accountId())
                .setParticipantId(publication.owner.id.value())
                .setTrackId(publication.trackId)
                .setKind(publication.kind)
                .setCodec(publication.codecName())
                .setClockRate(publication.clockRate())
                .setSsrc(Integer.toUnsignedLong(packet.ssrc()))
                .setSequenceNumber(packet.sequenceNumber())
                .setRtpTimestamp(packet.timestamp())
                .setArrivalTime(arrival(now))
                .setMarker(packet.marker())
                .setPayloadType(packet.payloadType())
                .setPayload(ByteBuffer.wrap(Arrays.copyOfRange(buffer, payload, payload + packet.payloadLength())))
                .setAudioLevel(level)
                .setVoiceActivity(voice)
                .build();
        if (ctx.tap.offer(tapped)) {
            ctx.counters.tapped.increment();
        } else {
            ctx.counters.tapDropped.increment();
        }
    }

    private Instant arrival(long nowNanos) {
        long micros = wallBaseMicros + (nowNanos - monoBaseNanos) / 1000;
        return Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1000);
    }

    // ---- RTCP ----

    private void onPublisherRtcp(Participant sender, byte[] buffer, int length, long now) {
        RtcpParseResult parsed = RtcpParser.parse(buffer, 0, length);
        if (!(parsed instanceof RtcpCompound compound)) {
            refused(parsed);
            return;
        }
        ctx.counters.rtcpReceived.increment();
        for (RtcpPacket packet : compound.packets()) {
            if (packet instanceof SenderReport report) {
                Publication.Layer layer = sender.layersBySsrc.get(report.senderSsrc());
                if (layer != null && layer.statistics != null) {
                    layer.statistics.onSenderReport(report.ntpTimestamp(), now);
                }
            }
        }
    }

    private void refused(RtcpParseResult parsed) {
        ctx.counters.malformedRtcp.increment();
        if (parsed instanceof RtcpParseError error && error.inTransportFeedback()) {
            ctx.counters.malformedTransportFeedback.increment();
        }
    }

    private void onReceiverRtcp(Participant receiver, byte[] buffer, int length, long now) {
        RtcpParseResult parsed = RtcpParser.parse(buffer, 0, length);
        if (!(parsed instanceof RtcpCompound compound)) {
            refused(parsed);
            return;
        }
        ctx.counters.rtcpReceived.increment();
        for (RtcpPacket packet : compound.packets()) {
            if (packet instanceof ReceiverReport report) {
                reportBlocks(receiver, report.reportBlocks(), now);
            } else if (packet instanceof SenderReport report) {
                reportBlocks(receiver, report.reportBlocks(), now);
            } else if (packet instanceof PictureLossIndication pli) {
                keyframeWanted(receiver.downBySsrc.get(pli.mediaSsrc()), now);
            } else if (packet instanceof FullIntraRequest fir) {
                for (FullIntraRequest.Entry entry : fir.entries()) {
                    keyframeWanted(receiver.downBySsrc.get(entry.ssrc()), now);
                }
            } else if (packet instanceof GenericNack nack) {
                DownTrack track = receiver.downBySsrc.get(nack.mediaSsrc());
                if (track != null) {
                    retransmit(track, nack.sequenceNumbers(), now);
                }
            } else if (packet instanceof Remb remb) {
                receiver.rembBps = remb.bitrateBps();
                receiver.rembAtNanos = now;
            } else if (packet instanceof TransportFeedback feedback) {
                receiver.downlink.onFeedback(feedback, now, ctx.counters);
            }
        }
    }

    private void reportBlocks(Participant receiver, List<ReportBlock> blocks, long now) {
        for (ReportBlock block : blocks) {
            DownTrack track = receiver.downBySsrc.get(block.ssrc());
            if (track == null) {
                continue;
            }
            track.lastFractionLost = block.fractionLost();
            track.lastJitter = block.jitter();
            track.lastCumulativeLost = block.cumulativeLost();
            track.highestReported = block.extendedHighestSequenceNumber();
            if (block.lastSenderReport() != 0) {
                // RFC 3550 §6.4.1: RTT = arrival - LSR - DLSR, in 1/65536 s.
                long arrival = ntpMiddle(System.currentTimeMillis());
                long rtt = (arrival - block.lastSenderReport() - block.delaySinceLastSenderReport()) & 0xFFFF_FFFFL;
                if (rtt < 65536L * 10) {
                    track.lastRttMs = rtt * 1000.0 / 65536.0;
                }
            }
        }
    }

    private void keyframeWanted(DownTrack track, long now) {
        if (track == null || !track.isVideo()) {
            return;
        }
        int layer = track.currentLayer >= 0 ? track.currentLayer : track.targetLayer;
        if (layer >= 0) {
            requestKeyframe(track.source.layers.get(layer), now);
        }
    }

    private void requestKeyframe(Publication.Layer layer, long now) {
        Participant owner = layer.publication.owner;
        if (!layer.ssrcKnown || owner.publish == null || now - layer.lastKeyframeRequestNanos < KEYFRAME_REQUEST_INTERVAL) {
            return;
        }
        layer.lastKeyframeRequestNanos = now;
        int length = RtcpWriter.writePli(ctx.rtcp, 0, owner.rtcpSsrc, layer.ssrc);
        if (owner.publish.sendRtcp(ctx.rtcp, 0, length)) {
            ctx.counters.keyframeRequests.increment();
        }
    }

    /** Answers a receiver's NACK from the history, as RTX (RFC 4588) so SRTP never sees an index twice. */
    private void retransmit(DownTrack track, List<Integer> sequenceNumbers, long now) {
        PeerTransport transport = track.receiver.subscribe;
        if (track.history == null || transport == null) {
            return;
        }
        for (int sequence : sequenceNumbers) {
            byte[] copy = ctx.retransmit;
            int length = track.history.copy(sequence, now, copy, 0);
            if (length < 0) {
                ctx.counters.retransmitMisses.increment();
                continue;
            }
            RtpPacket original = ctx.outboundView;
            if (original.parse(copy, 0, length) != RtpParseStatus.OK) {
                continue;
            }
            int payload = original.payloadOffset();
            int payloadLength = original.payloadLength();
            boolean marker = original.marker();
            long timestamp = original.timestamp();
            // The original sequence number goes in front of the payload, over the header's last two bytes.
            copy[payload - 2] = (byte) (sequence >>> 8);
            copy[payload - 1] = (byte) sequence;
            AbsSendTime.write(ctx.absSendTime, 0, now);
            RtpHeaderWriter writer = ctx.writer.clearExtensions()
                    .marker(marker)
                    .payloadType(SubscribeOfferer.VP8_RTX_PAYLOAD_TYPE)
                    .sequenceNumber(track.rtxSequence)
                    .timestamp(timestamp)
                    .ssrc(track.rtxSsrc)
                    .addExtension(SubscribeOfferer.ABS_SEND_TIME_EXTENSION_ID, ctx.absSendTime, 0, AbsSendTime.LENGTH);
            int rtxLength = track.receiver.downlink.addExtensions(writer, track)
                    .write(ctx.out, 0, copy, payload - 2, payloadLength + 2);
            track.rtxSequence = (track.rtxSequence + 1) & 0xFFFF;
            if (transport.sendRtp(ctx.out, 0, rtxLength)) {
                track.receiver.downlink.onSent(now, rtxLength, SentPacketLog.NO_CLUSTER);
                ctx.counters.retransmitted.increment();
            }
        }
    }

    // ---- timers ----

    /** Called every 20 ms on the media thread. */
    void tick(long now) {
        sendNacks(now);
        if (now >= nextTransportFeedbackNanos) {
            nextTransportFeedbackNanos = now + TRANSPORT_FEEDBACK_INTERVAL;
            for (Participant participant : participants.values()) {
                participant.sendTransportFeedback();
            }
        }
        for (Participant participant : participants.values()) {
            participant.downlink.sendProbeBurst(ctx, now);
        }
        if (now >= nextSpeakerTickNanos) {
            nextSpeakerTickNanos = now + 100 * MS;
            speaker.tick(now).ifPresent(next -> ctx.signals.activeSpeaker(ref.meetingId(), new ParticipantId(next)));
            for (Participant participant : participants.values()) {
                participant.renegotiateIfNeeded(now);
            }
        }
        if (now >= nextAllocationNanos) {
            allocate(now);
        }
        if (now >= nextReportNanos) {
            nextReportNanos = now + 1_000 * MS;
            sendReports(now);
            expireConsent(now);
        }
        if (now >= nextQualityNanos) {
            nextQualityNanos = now + 5_000 * MS;
            publishQuality();
        }
    }

    private void sendNacks(long now) {
        for (Participant sender : participants.values()) {
            if (sender.publish == null || sender.publish.state() != PeerTransport.State.SECURE) {
                continue;
            }
            for (Publication.Layer layer : sender.layersBySsrc.values()) {
                if (!layer.publication.isVideo() || layer.nacks == null) {
                    continue;
                }
                int count = layer.nacks.collect(now, ctx.sequenceNumbers);
                if (count > 0) {
                    int length = RtcpWriter.writeNack(ctx.rtcp, 0, sender.rtcpSsrc, layer.ssrc, ctx.sequenceNumbers, count);
                    if (sender.publish.sendRtcp(ctx.rtcp, 0, length)) {
                        ctx.counters.nacksSent.add(count);
                    }
                }
            }
        }
    }

    /** Receiver reports and REMB to every sender; sender reports to every receiver (for their RTT and lip sync). */
    private void sendReports(long now) {
        long wallMs = System.currentTimeMillis();
        for (Participant sender : participants.values()) {
            if (sender.publish != null && sender.publish.state() == PeerTransport.State.SECURE && !sender.layersBySsrc.isEmpty()) {
                List<ReportBlock> blocks = new ArrayList<>();
                List<Integer> ssrcs = new ArrayList<>();
                for (Publication.Layer layer : sender.layersBySsrc.values()) {
                    if (blocks.size() < ReceiverReport.MAX_REPORT_BLOCKS && layer.statistics != null) {
                        blocks.add(layer.statistics.nextReportBlock(now));
                    }
                    if (layer.publication.isVideo()) {
                        ssrcs.add(layer.ssrc);
                    }
                }
                List<RtcpPacket> compound = new ArrayList<>();
                compound.add(new ReceiverReport(sender.rtcpSsrc, blocks));
                if (!ssrcs.isEmpty()) {
                    compound.add(new Remb(sender.rtcpSsrc, ctx.config.publisherRembBps(), ssrcs));
                }
                int length = RtcpWriter.writeCompound(compound, ctx.rtcp, 0);
                sender.publish.sendRtcp(ctx.rtcp, 0, length);
            }
            PeerTransport subscribe = sender.subscribe;
            if (subscribe != null && subscribe.state() == PeerTransport.State.SECURE) {
                for (DownTrack track : sender.downTracks.values()) {
                    if (track.packetsSent == 0) {
                        continue;
                    }
                    long ntp = ntp(wallMs);
                    long elapsed = (now - track.lastSentNanos) * track.source.clockRate() / 1_000_000_000L;
                    long rtp = (track.lastRtpTimestamp + elapsed) & 0xFFFF_FFFFL;
                    List<RtcpPacket> compound = List.of(
                            new SenderReport(track.ssrc, ntp, rtp, track.packetsSent & 0xFFFF_FFFFL,
                                    track.octetsSent & 0xFFFF_FFFFL, List.of()),
                            new SourceDescription(List.of(SourceDescription.Chunk.of(track.ssrc, track.source.owner.cname))));
                    int length = RtcpWriter.writeCompound(compound, ctx.rtcp, 0);
                    subscribe.sendRtcp(ctx.rtcp, 0, length);
                }
            }
        }
    }

    private void expireConsent(long now) {
        for (Participant participant : participants.values()) {
            for (PeerTransport transport : new PeerTransport[] {participant.publish, participant.subscribe}) {
                if (transport != null && transport.consentExpired(now, ctx.config.consentTimeout())) {
                    transport.close("no ICE consent for " + ctx.config.consentTimeout().toSeconds() + " s");
                }
            }
        }
    }

    /** Chooses the layer of every video source for every receiver, and tells senders which layers to keep. */
    void allocate(long now) {
        nextAllocationNanos = now + 500 * MS;
        List<PublishedVideo> sources = new ArrayList<>();
        Map<String, Publication> byKey = new HashMap<>();
        for (Participant owner : participants.values()) {
            for (Publication publication : owner.publications.values()) {
                if (!publication.isVideo()) {
                    continue;
                }
                List<SimulcastLayer> layers = new ArrayList<>();
                for (Publication.Layer layer : publication.layers) {
                    long bps = layer.bitrateOrNominal(now);
                    layers.add(layer.active(now) ? SimulcastLayer.active(bps, layer.height) : SimulcastLayer.inactive(bps, layer.height));
                }
                sources.add(new PublishedVideo(publication.key(), owner.id.value(), layers, owner.videoMuted));
                byKey.put(publication.key(), publication);
            }
        }
        if (sources.isEmpty()) {
            return;
        }
        SpeakerOrder order = SpeakerOrder.of(speaker.recentSpeakers());
        String dominant = speaker.dominant().orElse(null);
        List<Receiver> receivers = new ArrayList<>();
        for (Participant receiver : participants.values()) {
            if (receiver.downTracks.isEmpty()) {
                continue;
            }
            Receiver entry = Receiver.of(receiver.id.value(), receiver.downlink.estimate(now)).withLastN(ctx.config.lastN());
            if (receiver.capBps > 0) {
                entry = entry.withCap(receiver.capBps);
            }
            int visible = sources.size() - (int) sources.stream().filter(s -> s.ownerId().equals(receiver.id.value())).count();
            for (PublishedVideo source : sources) {
                entry = entry.withPreference(source.sourceId(), preference(receiver, source, visible, dominant));
            }
            receivers.add(entry);
        }
        Map<String, PublishedVideo> sourcesById = new HashMap<>();
        sources.forEach(source -> sourcesById.put(source.sourceId(), source));
        for (ReceiverAllocation allocation : allocator.allocateAll(receivers, sources, order)) {
            Participant receiver = participants.get(new ParticipantId(allocation.participantId()));
            if (receiver == null) {
                continue;
            }
            receiver.downlink.considerProbe(allocation, sourcesById, receiver.capBps, now);
            receiver.downlink.sendProbeBurst(ctx, now);
            for (SourceAllocation source : allocation.sources()) {
                Publication publication = byKey.get(source.sourceId());
                DownTrack track = publication == null ? null : receiver.downTracks.get(publication);
                if (track == null) {
                    continue;
                }
                int target = source.layer();
                if (target != track.targetLayer) {
                    track.targetLayer = target;
                    if (target < 0) {
                        track.currentLayer = -1;
                    }
                }
                if (target >= 0 && track.currentLayer != target) {
                    requestKeyframe(publication.layers.get(target), now);
                }
            }
        }
        pauseUnusedLayers(byKey.values());
    }

    private void pauseUnusedLayers(Iterable<Publication> publications) {
        for (Publication publication : publications) {
            if (publication.layers.size() < 2) {
                continue;
            }
            LayerUsage usage = allocator.layerUsage(publication.key());
            int highest = Math.max(usage.highestWanted(), 0);
            List<String> active = new ArrayList<>();
            for (Publication.Layer layer : publication.layers) {
                // A recorded meeting keeps every layer: the recording takes the highest.
                if (layer.index <= highest || tapRecordingId != null) {
                    active.add(layer.rid);
                }
            }
            Participant owner = publication.owner;
            if (!active.equals(owner.activeLayersSent)) {
                owner.activeLayersSent = active;
                ctx.signals.send(ref.meetingId(), owner.id, new MediaSignal.Layers(active));
            }
        }
    }

    /**
     * Speaker view: the dominant speaker large, the rest thumbnails. Gallery: tiles shrink as the
     * meeting grows — one other person fills the stage, up to four share it at up to 360p, more are
     * thumbnails.
     */
    private static LayerPreference preference(Participant receiver, PublishedVideo source, int visible, String dominant) {
        if (receiver.layout.equals("speaker")) {
            return source.ownerId().equals(dominant) ? LayerPreference.LARGE : LayerPreference.THUMBNAIL;
        }
        if (visible <= 1) {
            return LayerPreference.LARGE;
        }
        if (visible <= 4) {
            return LayerPreference.LARGE.withMaxHeight(360);
        }
        return LayerPreference.THUMBNAIL;
    }

    /** Each receiver's downlink estimate as the last allocation used it, for {@code /api/sfu/stats}. */
    List<Map<String, Object>> downlinks() {
        List<Map<String, Object>> downlinks = new ArrayList<>();
        for (Participant receiver : participants.values()) {
            if (receiver.downlink.estimateBps < 0) {
                continue;
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("meetingId", ref.meetingId());
            entry.put("participantId", receiver.id.value());
            entry.put("estimatedBps", receiver.downlink.estimateBps);
            entry.put("source", receiver.downlink.estimateSource.token());
            entry.put("allocatedBps", receiver.downlink.allocatedBps);
            entry.put("transportCcFeedbacks", receiver.downlink.estimator.feedbacks());
            entry.put("delayUsage", receiver.downlink.estimator.usage().name().toLowerCase(java.util.Locale.ROOT));
            entry.put("lossFraction", receiver.downlink.estimator.lastLoss());
            entry.put("rembBps", receiver.rembBps);
            entry.put("probes", receiver.downlink.estimator.probes());
            entry.put("lastProbeTargetBps", receiver.downlink.estimator.lastProbeTargetBps());
            entry.put("lastProbeResultBps", receiver.downlink.estimator.lastProbeResultBps());
            downlinks.add(entry);
        }
        return downlinks;
    }

    // ---- media.quality ----

    private void publishQuality() {
        long end = System.currentTimeMillis();
        long start = qualityIntervalStartMs;
        qualityIntervalStartMs = end;
        if (ctx.tap == null) {
            return;
        }
        long now = System.nanoTime();
        for (Participant participant : participants.values()) {
            for (MediaKind kind : MediaKind.values()) {
                upstream(participant, kind, start, end, now).ifPresent(ctx.tap::offer);
                downstream(participant, kind, start, end).ifPresent(ctx.tap::offer);
            }
        }
    }

    private Optional<MediaQualitySample> upstream(Participant participant, MediaKind kind, long start, long end, long now) {
        long expected = 0;
        long lost = 0;
        long bytes = 0;
        double jitterMs = 0;
        for (Publication.Layer layer : participant.layersBySsrc.values()) {
            if (layer.publication.kind != kind || layer.statistics == null) {
                continue;
            }
            long highest = layer.statistics.extendedHighestSequenceNumber();
            long cumulativeLost = layer.statistics.cumulativeLost();
            long received = layer.statistics.bytesReceived();
            if (layer.intervalExpectedBase >= 0) {
                expected += Math.max(0, highest - layer.intervalExpectedBase);
                lost += Math.max(0, cumulativeLost - layer.intervalLostBase);
                bytes += Math.max(0, received - layer.intervalBytesBase);
            }
            layer.intervalExpectedBase = highest;
            layer.intervalLostBase = cumulativeLost;
            layer.intervalBytesBase = received;
            jitterMs = Math.max(jitterMs, layer.statistics.jitter() * 1000.0 / layer.publication.clockRate());
        }
        if (expected == 0 && bytes == 0) {
            return Optional.empty();
        }
        return Optional.of(sample(participant, MediaDirection.UPSTREAM, kind, start, end, expected, lost, jitterMs, null, bytes));
    }

    private Optional<MediaQualitySample> downstream(Participant participant, MediaKind kind, long start, long end) {
        long expected = 0;
        long lost = 0;
        long bytes = 0;
        double jitterMs = 0;
        double rtt = 0;
        int rttCount = 0;
        for (DownTrack track : participant.downTracks.values()) {
            if (track.source.kind != kind || track.packetsSent == 0) {
                continue;
            }
            if (track.intervalHighestBase >= 0) {
                expected += Math.max(0, track.highestReported - track.intervalHighestBase);
                lost += Math.max(0, track.lastCumulativeLost - track.intervalLostBase);
                bytes += Math.max(0, track.octetsSent - track.intervalOctetsBase);
            }
            track.intervalHighestBase = track.highestReported;
            track.intervalLostBase = track.lastCumulativeLost;
            track.intervalOctetsBase = track.octetsSent;
            jitterMs = Math.max(jitterMs, track.lastJitter * 1000.0 / track.source.clockRate());
            if (!Double.isNaN(track.lastRttMs)) {
                rtt += track.lastRttMs;
                rttCount++;
            }
        }
        if (expected == 0 && bytes == 0) {
            return Optional.empty();
        }
        return Optional.of(sample(participant, MediaDirection.DOWNSTREAM, kind, start, end, expected, lost, jitterMs,
                rttCount == 0 ? null : rtt / rttCount, bytes));
    }

    private MediaQualitySample sample(Participant participant, MediaDirection direction, MediaKind kind, long start, long end,
                                      long expected, long lost, double jitterMs, Double rttMs, long bytes) {
        long packets = Math.max(expected, lost);
        double seconds = Math.max(0.001, (end - start) / 1000.0);
        return MediaQualitySample.newBuilder()
                .setMeetingId(ref.meetingId())
                .setAccountId(ref.accountId())
                .setParticipantId(participant.id.value())
                .setDirection(direction)
                .setKind(kind)
                .setIntervalStart(Instant.ofEpochMilli(start))
                .setIntervalEnd(Instant.ofEpochMilli(end))
                .setPackets(packets)
                .setPacketsLost(lost)
                .setFractionLost(packets == 0 ? 0f : (float) lost / packets)
                .setJitterMs(jitterMs)
                .setRttMs(rttMs)
                .setBitrateKbps(bytes * 8 / seconds / 1000.0)
                .build();
    }

    private static long ntp(long wallMs) {
        long seconds = wallMs / 1000 + NTP_EPOCH_OFFSET;
        long fraction = ((wallMs % 1000) << 32) / 1000;
        return (seconds << 32) | fraction;
    }

    private static long ntpMiddle(long wallMs) {
        return (ntp(wallMs) >>> 16) & 0xFFFF_FFFFL;
    }
}
