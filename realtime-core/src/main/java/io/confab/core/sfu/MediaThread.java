package io.confab.core.sfu;

import io.confab.core.mediaplane.MediaCommand;
import io.confab.core.mediaplane.MediaPlane.MeetingRef;
import io.confab.core.sfu.dtls.DtlsCertificate;
import io.confab.core.sfu.ice.IceCheck;
import io.confab.core.sfu.ice.IceLiteAgent;
import io.confab.core.sfu.rtp.DatagramKind;
import io.confab.core.sfu.transport.DatagramSink;
import io.confab.core.sfu.transport.MediaSocket;
import io.confab.core.sfu.transport.PeerTransport;
import io.confab.core.sfu.transport.TransportCounters;
import io.confab.core.sfu.transport.TransportRoutes;
import io.confab.ingest.MediaTap;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One media thread of the SFU and everything only it touches: its own UDP port (one event loop),
 * ICE agent, address routes, scratch buffers, packet paths with their counters, and the meetings
 * {@link MeetingPlacement} put on it. A participant's candidates advertise this thread's port, so
 * every datagram of its meetings arrives here and is forwarded here with no hand-off and no lock.
 * Commands, timers, statistics and shutdown of these meetings run here too.
 */
final class MediaThread implements DatagramSink {

    /** Fresh enough for an operator's page or a test polling for a change, rare enough to cost the media thread nothing. */
    private static final long STATS_PERIOD_MILLIS = 250;

    final int index;
    final MediaSocket port;
    final SfuContext ctx;
    private final IceLiteAgent ice = new IceLiteAgent();
    private final MeetingPlacement placement;
    private final Map<String, Conference> conferences = new HashMap<>();
    /**
     * The conferences as this thread last walked them, every {@link #STATS_PERIOD_MILLIS}: a request
     * for statistics never walks them itself nor waits for the media thread.
     */
    final StatsSnapshot conferenceWalk = new StatsSnapshot();

    MediaThread(int index, SfuConfig config, TransportCounters transportCounters, DtlsCertificate certificate,
                ExecutorService handshakes, SfuSignals signals, MediaTap tap, MeetingPlacement placement) {
        this.index = index;
        this.placement = placement;
        this.port = new MediaSocket("sfu-media-" + index, config.udpSegmentation());
        this.ctx = new SfuContext(config, port, ice, new TransportRoutes(), transportCounters, certificate, handshakes, signals, tap);
    }

    /** Binds {@code host:udpPort} (0: any free port) and starts this thread's timers; returns the bound address. */
    InetSocketAddress start(String host, int udpPort) throws InterruptedException, IOException {
        InetSocketAddress bound = port.start(host, udpPort, this);
        port.loop().scheduleAtFixedRate(this::tick, 20, 20, TimeUnit.MILLISECONDS);
        port.loop().scheduleAtFixedRate(this::publishStats, 0, STATS_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        return bound;
    }

    // ---- signaling's side ----

    /** A command {@link MeetingPlacement#dispatch} sent here; handled on this thread, which then reports back. */
    void apply(MeetingRef meeting, MediaCommand command) {
        port.execute(() -> {
            try {
                handle(meeting, command);
            } catch (RuntimeException e) {
                port.failed("media command " + command.getClass().getSimpleName() + " for meeting " + meeting.meetingId(), e);
            } finally {
                placement.handled(meeting.meetingId(), conferences.containsKey(meeting.meetingId()));
            }
        });
    }

    private void handle(MeetingRef meeting, MediaCommand command) {
        long now = System.nanoTime();
        Conference conference = conferences.get(meeting.meetingId());
        if (command instanceof MediaCommand.Connect connect) {
            if (conference == null) {
                conference = new Conference(meeting, ctx);
                conferences.put(meeting.meetingId(), conference);
            }
            conference.connect(connect.participant(), connect.displayName(), now);
            return;
        }
        if (conference == null) {
            return;
        }
        if (command instanceof MediaCommand.Negotiate negotiate) {
            conference.negotiate(negotiate.from(), negotiate.signal(), now);
        } else if (command instanceof MediaCommand.SetMuted muted) {
            conference.setMuted(muted.participant(), muted.kind(), muted.muted(), now);
        } else if (command instanceof MediaCommand.Disconnect disconnect) {
            conference.disconnect(disconnect.participant(), now);
            if (conference.isEmpty()) {
                conferences.remove(meeting.meetingId());
            }
        } else if (command instanceof MediaCommand.StartTap start) {
            conference.startTap(start.recordingId(), now);
        } else if (command instanceof MediaCommand.StopTap) {
            conference.stopTap();
        } else if (command instanceof MediaCommand.TapAudioForTranscription) {
            conference.tapAudioForTranscription();
        }
    }

    // ---- the media thread ----

    @Override
    public void onDatagram(byte[] buffer, int length, InetSocketAddress from) {
        ctx.counters.datagrams.increment();
        long now = System.nanoTime();
        DatagramKind kind = DatagramKind.classify(buffer, 0, length);
        if (kind == DatagramKind.STUN) {
            IceCheck check = ice.check(buffer, 0, length, from);
            if (check instanceof IceCheck.Accepted accepted) {
                ctx.counters.iceAccepted.increment();
                ((PeerTransport) accepted.transport()).onCheck(from, accepted.nominated(), now);
                port.send(accepted.response(), 0, accepted.response().length, from);
            } else if (check instanceof IceCheck.Refused refused) {
                ctx.counters.iceRefused.increment();
                port.send(refused.response(), 0, refused.response().length, from);
            } else {
                ctx.counters.iceDropped.increment();
            }
            return;
        }
        PeerTransport transport = ctx.routes.find(from);
        if (transport == null) {
            ctx.counters.unknownAddress.increment();
            return;
        }
        switch (kind) {
            case DTLS -> transport.onDtls(buffer, length);
            case RTP, RTCP -> transport.onSrtp(buffer, length, now);
            default -> ctx.counters.unknownKind.increment();
        }
    }

    @Override
    public void onFlushed() {
        ctx.forwardingDelay.flushed(System.nanoTime());
    }

    private void tick() {
        long now = System.nanoTime();
        for (Conference conference : conferences.values()) {
            try {
                conference.tick(now);
            } catch (RuntimeException e) {
                port.failed("media timer of meeting " + conference.ref.meetingId(), e);
            }
        }
    }

    /** What only this thread may read (its conferences, their layers and downlinks), published for any reader. */
    private void publishStats() {
        try {
            long now = System.nanoTime();
            Map<String, Object> walked = new LinkedHashMap<>();
            walked.put("meetings", conferences.size());
            walked.put("participants", conferences.values().stream().mapToInt(c -> c.participants.size()).sum());
            walked.put("transports", ice.transports());
            walked.put("videoLayers", conferences.values().stream().flatMap(c -> VideoLayerStats.of(c, now).stream()).toList());
            walked.put("downlinks", conferences.values().stream().flatMap(c -> c.downlinks().stream()).toList());
            walked.put("thread", Thread.currentThread().getName());
            conferenceWalk.publish(walked, Instant.now());
        } catch (RuntimeException e) {
            port.failed("publishing the SFU statistics", e);
        }
    }

    /** This thread's own figures for the statistics' {@code mediaThreads} list; safe from any thread. */
    Map<String, Object> figures() {
        Map<String, Object> walked = conferenceWalk.get();
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("index", index);
        figures.put("thread", walked.get("thread"));
        figures.put("address", port.address().getHostString() + ":" + port.address().getPort());
        figures.put("meetings", walked.get("meetings"));
        figures.put("participants", walked.get("participants"));
        figures.put("datagrams", ctx.counters.datagrams.sum());
        figures.put("forwardedPackets", ctx.counters.forwardedPackets.sum());
        figures.put("datagramsSent", port.datagramsSent());
        figures.put("sendBatches", port.sendBatches());
        figures.put("sameReceiverCopies", port.sameReceiverCopies());
        figures.put("sameReceiverSameSizeCopies", port.sameReceiverSameSizeCopies());
        figures.put("udpSegmentation", port.udpSegmentation());
        figures.put("segmentedSends", port.segmentedSends());
        figures.put("segmentedCopies", port.segmentedCopies());
        return figures;
    }

    /** Ends every meeting's media here (transports closed); completes on this thread once done. */
    CompletableFuture<Void> closeConferences() {
        CompletableFuture<Void> closed = new CompletableFuture<>();
        port.execute(() -> {
            try {
                for (Conference conference : new ArrayList<>(conferences.values())) {
                    conference.closeAll();
                }
                conferences.clear();
            } finally {
                closed.complete(null);
            }
        });
        return closed;
    }
}
