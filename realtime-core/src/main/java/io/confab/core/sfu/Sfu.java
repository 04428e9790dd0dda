package io.confab.core.sfu;

import io.confab.core.sfu.dtls.DtlsCertificate;
import io.confab.core.sfu.dtls.HandshakePool;
import io.confab.core.sfu.ice.IceCheck;
import io.confab.core.sfu.ice.IceLiteAgent;
import io.confab.core.sfu.rtp.DatagramKind;
import io.confab.core.sfu.transport.DatagramSink;
import io.confab.core.sfu.transport.MediaSocket;
import io.confab.core.sfu.transport.PeerTransport;
import io.confab.core.sfu.transport.TransportCounters;
import io.confab.core.sfu.transport.TransportRoutes;
import io.confab.core.mediaplane.MediaCommand;
import io.confab.core.mediaplane.MediaPlane;
import io.confab.ingest.MediaTap;
import io.confab.ingest.TapCounters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The selective forwarding unit: one UDP port, one media thread, every meeting's media.
 *
 * <pre>
 * UDP ─▶ demux (RFC 7983) ─┬─ STUN ─▶ ICE-lite agent ─▶ answer; bind address to transport
 *                          ├─ DTLS ─▶ transport's handshake (side thread) ─▶ SRTP keys
 *                          └─ SRTP ─▶ transport ─▶ conference packet path ─▶ receivers' transports
 * signaling ─MediaCommand─▶ media thread: connect, SDP, mute, disconnect, tap
 * </pre>
 *
 * Packets from addresses no check has bound are dropped before any parsing; each drop reason is
 * counted ({@link #stats()}).
 */
public final class Sfu implements MediaPlane, DatagramSink, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Sfu.class);

    private final MediaSocket port = new MediaSocket();
    private final IceLiteAgent ice = new IceLiteAgent();
    private final TransportRoutes routes = new TransportRoutes();
    private final TransportCounters transportCounters = new TransportCounters();
    private final ExecutorService handshakes;
    private final SfuContext ctx;
    private final Map<String, Conference> conferences = new HashMap<>();
    /**
     * The conferences as the media thread last walked them, every {@link #STATS_PERIOD_MILLIS}: a
     * request for statistics never walks them itself nor waits for the media thread.
     */
    private final StatsSnapshot conferenceWalk = new StatsSnapshot();
    /** Fresh enough for an operator's page or a test polling for a change, rare enough to cost the media thread nothing. */
    private static final long STATS_PERIOD_MILLIS = 250;

    public Sfu(SfuConfig config, SfuSignals signals, MediaTap tap) {
        this.handshakes = HandshakePool.create(config.handshakeThreads(), config.handshakeQueue(),
                transportCounters::handshakeRefused);
        this.ctx = new SfuContext(config, port, ice, routes, transportCounters, DtlsCertificate.generate("confab-sfu"),
                handshakes, signals, tap);
    }

    /** Binds the media port and starts the timers; returns the bound address. */
    public InetSocketAddress start() throws InterruptedException, java.io.IOException {
        InetSocketAddress bound = port.start(ctx.config.host(), ctx.config.port(), this);
        port.loop().scheduleAtFixedRate(this::tick, 20, 20, TimeUnit.MILLISECONDS);
        port.loop().scheduleAtFixedRate(this::publishStats, 0, STATS_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        return bound;
    }

    public InetSocketAddress address() {
        return port.address();
    }

    // ---- signaling's side ----

    @Override
    public void apply(MeetingRef meeting, MediaCommand command) {
        port.execute(() -> {
            try {
                handle(meeting, command);
            } catch (RuntimeException e) {
                port.failed("media command " + command.getClass().getSimpleName() + " for meeting " + meeting.meetingId(), e);
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
        PeerTransport transport = routes.find(from);
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

    // ---- observation ----

    /** Counters, tap figures and sizes, as the stats endpoint shows them. Safe from any thread. */
    public Map<String, Object> stats() {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("address", port.address().getHostString() + ":" + port.address().getPort());
        stats.putAll(ctx.counters.snapshot());
        stats.putAll(transportCounters.snapshot());
        stats.put("oversizedDatagrams", port.oversizedDrops());
        stats.put("sendsRefused", port.sendsRefused());
        stats.put("mediaTransport", port.transportName());
        stats.put("datagramsSent", port.datagramsSent());
        stats.put("sendBatches", port.sendBatches());
        stats.put("mediaThreadFailures", port.failures());
        stats.put("forwardingDelayMicros", ctx.forwardingDelay.snapshot());
        stats.put("stages", stages());
        if (ctx.tap != null) {
            TapCounters tap = ctx.tap.counters();
            stats.put("tapOffered", tap.offered());
            stats.put("tapPublished", tap.published());
            stats.put("tapDroppedQueueFull", tap.droppedQueueFull());
            stats.put("tapDroppedByKafka", tap.droppedByKafka());
        }
        stats.putAll(conferenceWalk.get());
        return stats;
    }

    /** Each stage of the packet paths: in, out, drops by reason (only those that happened), mean sampled time. */
    private Map<String, Object> stages() {
        Map<String, Object> stages = new LinkedHashMap<>();
        for (StageCounters stage : ctx.paths.stageCounters()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("in", stage.in());
            entry.put("out", stage.out());
            Map<String, Long> dropped = new LinkedHashMap<>();
            for (DropReason reason : stage.reasons()) {
                if (stage.dropped(reason) > 0) {
                    dropped.put(reason.label, stage.dropped(reason));
                }
            }
            entry.put("dropped", dropped);
            entry.put("meanSampledNanos", stage.sampled() == 0 ? null : stage.sampledNanos() / stage.sampled());
            stages.put(stage.stage(), entry);
        }
        return stages;
    }

    /** On the media thread: what only it may read (the conferences, their layers and downlinks), published for any reader. */
    private void publishStats() {
        try {
            long now = System.nanoTime();
            Map<String, Object> walked = new LinkedHashMap<>();
            walked.put("meetings", conferences.size());
            walked.put("participants", conferences.values().stream().mapToInt(c -> c.participants.size()).sum());
            walked.put("transports", ice.transports());
            walked.put("videoLayers", conferences.values().stream().flatMap(c -> VideoLayerStats.of(c, now).stream()).toList());
            walked.put("downlinks", conferences.values().stream().flatMap(c -> c.downlinks().stream()).toList());
            conferenceWalk.publish(walked, java.time.Instant.now());
        } catch (RuntimeException e) {
            port.failed("publishing the SFU statistics", e);
        }
    }

    /** Runs {@code task} on the media thread (tests hold it busy with this). */
    void execute(Runnable task) {
        port.execute(task);
    }

    /** Exports the media plane's counters to {@code registry}; they are read at scrape time, never on the packet path. */
    public void bindTo(io.micrometer.core.instrument.MeterRegistry registry) {
        new SfuMeters(ctx.counters, transportCounters, port, ctx.forwardingDelay, ctx.tap, conferenceWalk,
                ctx.paths.stageCounters()).bindTo(registry);
    }

    @Override
    public void close() {
        CompletableFuture<Void> closed = new CompletableFuture<>();
        port.execute(() -> {
            for (Conference conference : new ArrayList<>(conferences.values())) {
                conference.closeAll();
            }
            conferences.clear();
            closed.complete(null);
        });
        try {
            closed.get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("closing conferences: {}", e.toString());
        }
        port.close();
        handshakes.shutdownNow();
    }
}
