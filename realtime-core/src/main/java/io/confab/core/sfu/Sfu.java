package io.confab.core.sfu;

import io.confab.core.mediaplane.MediaCommand;
import io.confab.core.mediaplane.MediaPlane;
import io.confab.core.sfu.dtls.DtlsCertificate;
import io.confab.core.sfu.dtls.HandshakePool;
import io.confab.core.sfu.transport.TransportCounters;
import io.confab.ingest.MediaTap;
import io.confab.ingest.TapCounters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The selective forwarding unit: {@link SfuConfig#mediaThreads()} media threads, each with its own
 * UDP port ({@code port}, {@code port + 1}, ...) and the meetings placed on it.
 *
 * <pre>
 * signaling ─MediaCommand─▶ MeetingPlacement (meeting → its thread) ─▶ that MediaThread: connect, SDP, mute, disconnect, tap
 * UDP :port+i ─▶ MediaThread i: demux (RFC 7983) ─┬─ STUN ─▶ ICE-lite agent ─▶ answer; bind address to transport
 *                                                  ├─ DTLS ─▶ transport's handshake (shared bounded pool) ─▶ SRTP keys
 *                                                  └─ SRTP ─▶ transport ─▶ conference packet path ─▶ receivers' transports
 * </pre>
 *
 * A meeting lives on one thread from its first participant to its last, and its participants'
 * candidates name that thread's port, so no packet ever crosses threads. Packets from addresses no
 * check has bound are dropped before any parsing; each drop reason is counted ({@link #stats()}),
 * per thread and summed here.
 */
public final class Sfu implements MediaPlane, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Sfu.class);

    private final SfuConfig config;
    private final TransportCounters transportCounters = new TransportCounters();
    private final ExecutorService handshakes;
    private final MediaTap tap;
    private final MeetingPlacement placement;
    private final List<MediaThread> threads;
    /** Held so the meters' sources stay reachable (Micrometer keeps only weak references to them). */
    private SfuMeters meters;

    public Sfu(SfuConfig config, SfuSignals signals, MediaTap tap) {
        this.config = config;
        this.tap = tap;
        this.handshakes = HandshakePool.create(config.handshakeThreads(), config.handshakeQueue(),
                transportCounters::handshakeRefused);
        this.placement = new MeetingPlacement(config.mediaThreads());
        // One certificate for the whole SFU: its fingerprint is in every answer, whichever thread made it.
        DtlsCertificate certificate = DtlsCertificate.generate("confab-sfu");
        List<MediaThread> made = new ArrayList<>();
        for (int i = 0; i < config.mediaThreads(); i++) {
            made.add(new MediaThread(i, config, transportCounters, certificate, handshakes, signals, tap, placement));
        }
        this.threads = List.copyOf(made);
    }

    /**
     * Binds every media thread's port ({@code port + i}, or any free port each when the configured
     * port is 0) and starts their timers; returns the first thread's address.
     */
    public InetSocketAddress start() throws InterruptedException, java.io.IOException {
        for (MediaThread thread : threads) {
            thread.start(config.host(), config.port() == 0 ? 0 : config.port() + thread.index);
        }
        return address();
    }

    /** The first media thread's address. */
    public InetSocketAddress address() {
        return threads.get(0).port.address();
    }

    /** Every media thread's address, in thread order. */
    public List<InetSocketAddress> addresses() {
        return threads.stream().map(thread -> thread.port.address()).toList();
    }

    // ---- signaling's side ----

    @Override
    public void apply(MeetingRef meeting, MediaCommand command) {
        int thread = placement.dispatch(meeting.meetingId(), command instanceof MediaCommand.Connect);
        if (thread != MeetingPlacement.NOWHERE) {
            threads.get(thread).apply(meeting, command);
        }
    }

    // ---- observation ----

    /**
     * Counters, tap figures and sizes, as the stats endpoint shows them: every figure summed over
     * the media threads, and each thread's own under {@code mediaThreads}. Safe from any thread.
     */
    public Map<String, Object> stats() {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("address", hostPort(address()));
        Map<String, Long> counters = new LinkedHashMap<>();
        for (MediaThread thread : threads) {
            thread.ctx.counters.snapshot().forEach((name, value) -> counters.merge(name, value, Long::sum));
        }
        stats.putAll(counters);
        stats.putAll(transportCounters.snapshot());
        stats.put("oversizedDatagrams", sum(thread -> thread.port.oversizedDrops()));
        stats.put("sendsRefused", sum(thread -> thread.port.sendsRefused()));
        stats.put("mediaTransport", threads.get(0).port.transportName());
        stats.put("datagramsSent", sum(thread -> thread.port.datagramsSent()));
        stats.put("sendBatches", sum(thread -> thread.port.sendBatches()));
        stats.put("sameReceiverCopies", sum(thread -> thread.port.sameReceiverCopies()));
        stats.put("sameReceiverSameSizeCopies", sum(thread -> thread.port.sameReceiverSameSizeCopies()));
        stats.put("udpSegmentation", threads.stream().anyMatch(thread -> thread.port.udpSegmentation()));
        stats.put("segmentedSends", sum(thread -> thread.port.segmentedSends()));
        stats.put("segmentedCopies", sum(thread -> thread.port.segmentedCopies()));
        stats.put("segmentationRefusals", sum(thread -> thread.port.segmentationRefusals()));
        stats.put("mediaThreadFailures", sum(thread -> thread.port.failures()));
        stats.put("forwardingDelayMicros", ForwardingDelay.merged(threads.stream().map(thread -> thread.ctx.forwardingDelay).toList()));
        stats.put("stages", stages());
        if (tap != null) {
            TapCounters tapped = tap.counters();
            stats.put("tapOffered", tapped.offered());
            stats.put("tapPublished", tapped.published());
            stats.put("tapDroppedQueueFull", tapped.droppedQueueFull());
            stats.put("tapDroppedByKafka", tapped.droppedByKafka());
        }
        stats.putAll(conferenceWalks());
        stats.put("mediaThreads", threads.stream().map(MediaThread::figures).toList());
        return stats;
    }

    private long sum(java.util.function.ToLongFunction<MediaThread> figure) {
        return threads.stream().mapToLong(figure).sum();
    }

    private static String hostPort(InetSocketAddress address) {
        return address.getHostString() + ":" + address.getPort();
    }

    /** Each stage of the packet paths over every thread: in, out, drops by reason (only those that happened), mean sampled time. */
    private Map<String, Object> stages() {
        Map<String, Object> stages = new LinkedHashMap<>();
        for (StageCounters.Sum stage : StageCounters.summed(threadStages())) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("in", stage.in());
            entry.put("out", stage.out());
            Map<String, Long> dropped = new LinkedHashMap<>();
            for (PacketDropReason reason : stage.reasons()) {
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

    private List<List<StageCounters>> threadStages() {
        return threads.stream().map(thread -> thread.ctx.paths.stageCounters()).toList();
    }

    /**
     * The threads' last published walks as one: counts summed, lists joined, and
     * {@code statsPublishedAt} the oldest thread's (absent until every thread has published once).
     */
    private Map<String, Object> conferenceWalks() {
        int meetings = 0;
        int participants = 0;
        int transports = 0;
        List<Object> videoLayers = new ArrayList<>();
        List<Object> downlinks = new ArrayList<>();
        String oldest = null;
        boolean allPublished = true;
        for (MediaThread thread : threads) {
            Map<String, Object> walked = thread.conferenceWalk.get();
            meetings += (Integer) walked.get("meetings");
            participants += (Integer) walked.get("participants");
            transports += (Integer) walked.get("transports");
            videoLayers.addAll((List<?>) walked.get("videoLayers"));
            downlinks.addAll((List<?>) walked.get("downlinks"));
            Object at = walked.get("statsPublishedAt");
            if (at == null) {
                allPublished = false;
            } else if (oldest == null || java.time.Instant.parse(at.toString()).isBefore(java.time.Instant.parse(oldest))) {
                oldest = at.toString();
            }
        }
        Map<String, Object> walks = new LinkedHashMap<>();
        walks.put("meetings", meetings);
        walks.put("participants", participants);
        walks.put("transports", transports);
        walks.put("videoLayers", videoLayers);
        walks.put("downlinks", downlinks);
        if (allPublished) {
            walks.put("statsPublishedAt", oldest);
        }
        return walks;
    }

    /** Runs {@code task} on the first media thread (tests hold it busy with this). */
    void execute(Runnable task) {
        threads.get(0).port.execute(task);
    }

    /** Exports the media plane's counters to {@code registry}, summed over the media threads at scrape time, never on the packet path. */
    public void bindTo(io.micrometer.core.instrument.MeterRegistry registry) {
        List<SfuMeters.ThreadSources> sources = threads.stream().map(thread -> new SfuMeters.ThreadSources(thread.ctx.counters,
                thread.port, thread.ctx.forwardingDelay, thread.ctx.paths.stageCounters())).toList();
        meters = new SfuMeters(sources, transportCounters, tap, this::conferenceWalks);
        meters.bindTo(registry);
    }

    @Override
    public void close() {
        List<CompletableFuture<Void>> closing = threads.stream().map(MediaThread::closeConferences).toList();
        try {
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("closing conferences: {}", e.toString());
        }
        for (MediaThread thread : threads) {
            thread.port.close();
        }
        handshakes.shutdownNow();
    }
}
