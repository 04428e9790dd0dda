package io.confab.core.sfu;

import io.confab.core.sfu.transport.MediaSocket;
import io.confab.core.sfu.transport.TransportCounters;
import io.confab.ingest.MediaTap;
import io.confab.ingest.TapCounters;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The media plane's counters as Prometheus meters. Every meter reads a counter the packet path keeps
 * anyway (a {@link LongAdder} or an atomic) when it is scraped: the hot path gains no allocation and
 * no work. Drops share one family, {@code confab_sfu_dropped_packets_total}, with the reason as a
 * label, so "why did this packet not arrive" is one query.
 */
final class SfuMeters implements MeterBinder {

    /** Micrometer names bytes, rows and the like, but not packets. */
    private static final String PACKETS = "packets";
    private static final String SECONDS = "seconds";

    /** SfuCounters field → drop reason label. */
    static final Map<String, String> DROPS = Map.ofEntries(
            Map.entry("unknownAddress", "unknown_address"),
            Map.entry("unknownKind", "unknown_kind"),
            Map.entry("iceDropped", "ice_unanswerable"),
            Map.entry("malformedRtp", "malformed_rtp"),
            Map.entry("malformedRtcp", "malformed_rtcp"),
            Map.entry("unknownSsrc", "unknown_ssrc"),
            Map.entry("unknownPayloadType", "unknown_payload_type"),
            Map.entry("rtpOnSubscribeTransport", "rtp_on_subscribe_transport"),
            Map.entry("mutedDropped", "muted"),
            Map.entry("notForwardedLayer", "layer_not_forwarded"),
            Map.entry("rewriterDropped", "rewriter_refused"));

    /** SfuCounters field → (meter name without _total, help). Every field is in DROPS or here. */
    static final Map<String, String[]> EVENTS = events();

    private static Map<String, String[]> events() {
        Map<String, String[]> events = new LinkedHashMap<>();
        events.put("datagrams", new String[]{"confab_sfu_datagrams_received", "UDP datagrams read from the media port"});
        events.put("iceAccepted", new String[]{"confab_sfu_ice_checks_accepted", "STUN connectivity checks answered with success"});
        events.put("iceRefused", new String[]{"confab_sfu_ice_checks_refused", "STUN connectivity checks answered with an error"});
        events.put("rtpReceived", new String[]{"confab_sfu_rtp_packets_received", "RTP packets decrypted from publishers"});
        events.put("rtcpReceived", new String[]{"confab_sfu_rtcp_packets_received", "RTCP compounds decrypted from peers"});
        events.put("forwardedPackets", new String[]{"confab_sfu_forwarded_packets", "RTP packet copies sent to receivers"});
        events.put("forwardedBytes", new String[]{"confab_sfu_forwarded_bytes", "bytes of RTP packet copies sent to receivers"});
        events.put("retransmitted", new String[]{"confab_sfu_retransmissions", "packets resent from history on a receiver's NACK"});
        events.put("retransmitMisses", new String[]{"confab_sfu_retransmission_misses", "NACKed packets no longer in history"});
        events.put("nacksSent", new String[]{"confab_sfu_nacks_sent", "NACKs sent to publishers for lost packets"});
        events.put("keyframeRequests", new String[]{"confab_sfu_keyframe_requests", "key frame requests (PLI) sent to publishers"});
        events.put("layerSwitches", new String[]{"confab_sfu_layer_switches", "simulcast layer switches for a receiver"});
        events.put("tapped", new String[]{"confab_sfu_tap_offered", "packets offered to the recording tap"});
        events.put("tapDropped", new String[]{"confab_sfu_tap_refused", "packets the recording tap did not take"});
        events.put("offersRefused", new String[]{"confab_sfu_offers_refused", "SDP offers refused"});
        events.put("answersRefused", new String[]{"confab_sfu_answers_refused", "SDP answers refused"});
        events.put("transportsClosed", new String[]{"confab_sfu_transports_closed", "peer transports closed"});
        events.put("transportFeedbackSent", new String[]{"confab_sfu_transport_feedback_sent", "transport-cc feedback packets sent to publishers"});
        events.put("transportFeedbackReceived", new String[]{"confab_sfu_transport_feedback_received", "transport-cc feedback packets from subscribers"});
        events.put("transportFeedbackUnexpected", new String[]{"confab_sfu_transport_feedback_unexpected", "transport-cc feedback from subscribers that did not negotiate it"});
        events.put("transportFeedbackUnknownPackets", new String[]{"confab_sfu_transport_feedback_unknown", "feedback statuses naming packets never sent or long gone"});
        events.put("malformedTransportFeedback", new String[]{"confab_sfu_transport_feedback_malformed", "compounds refused for malformed transport-cc feedback"});
        events.put("probePackets", new String[]{"confab_sfu_probes_sent", "padding-only bandwidth probe packets sent"});
        return events;
    }

    /** Coarse histogram bounds over the fine delay buckets, in microseconds. */
    private static final long[] DELAY_BOUNDS_MICROS = {50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000, 250_000};

    /** What one media thread counts on its own; the meters add the threads' figures at scrape time. */
    record ThreadSources(SfuCounters counters, MediaSocket port, ForwardingDelay delay, List<StageCounters> stages) {
    }

    private final List<ThreadSources> threads;
    private final TransportCounters transport;
    private final MediaTap tap;
    private final Supplier<Map<String, Object>> conferences;
    /**
     * The stages summed over the threads, the sources of their meters. Micrometer holds a meter's
     * source only weakly: whoever binds these meters keeps this object, and with it the sources.
     */
    private final List<StageCounters.Sum> stages;

    SfuMeters(List<ThreadSources> threads, TransportCounters transport, MediaTap tap, Supplier<Map<String, Object>> conferences) {
        this.threads = List.copyOf(threads);
        this.transport = transport;
        this.tap = tap;
        this.conferences = conferences;
        this.stages = StageCounters.summed(this.threads.stream().map(ThreadSources::stages).toList());
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        String dropHelp = "packets the SFU dropped, by reason";
        for (Map.Entry<String, String> drop : DROPS.entrySet()) {
            counter(registry, "confab_sfu_dropped_packets", dropHelp, PACKETS, adder(drop.getKey()), "reason", drop.getValue());
        }
        counter(registry, "confab_sfu_dropped_packets", dropHelp, PACKETS, threads, ports(MediaSocket::oversizedDrops), "reason", "oversized");
        counter(registry, "confab_sfu_dropped_packets", dropHelp, PACKETS, threads, ports(MediaSocket::sendsRefused), "reason", "send_refused");
        Map<String, String> transportDrops = Map.of("dtlsBeforeStart", "dtls_before_start", "srtpBeforeKeys", "srtp_before_keys",
                "srtpMalformed", "srtp_malformed");
        transportDrops.forEach((key, reason) -> counter(registry, "confab_sfu_dropped_packets", dropHelp, PACKETS,
                transport, t -> t.snapshot().get(key), "reason", reason));
        for (String key : transport.snapshot().keySet()) {
            if (key.startsWith("srtp") && !transportDrops.containsKey(key) && !key.equals("srtpMalformed")) {
                counter(registry, "confab_sfu_dropped_packets", dropHelp, PACKETS, transport, t -> t.snapshot().get(key),
                        "reason", "srtp_" + snake(key.substring(4)));
            }
        }
        for (Map.Entry<String, String[]> event : EVENTS.entrySet()) {
            String name = event.getValue()[0];
            String unit = name.endsWith("_bytes") ? BaseUnits.BYTES : name.endsWith("_packets") ? PACKETS : null;
            counter(registry, event.getValue()[0], event.getValue()[1], unit, adder(event.getKey()));
        }
        counter(registry, "confab_sfu_transports_secured", "DTLS handshakes completed with SRTP keys", null,
                transport, t -> t.snapshot().get("transportsSecured"));
        counter(registry, "confab_sfu_dtls_handshakes_failed", "DTLS handshakes that failed or timed out", null,
                transport, t -> t.snapshot().get("dtlsHandshakesFailed"));
        counter(registry, "confab_sfu_dtls_handshakes_refused", "DTLS tasks the full handshake pool refused; a refused handshake is offered again by the client's retransmission",
                null, transport, t -> t.snapshot().get("dtlsHandshakesRefused"));
        counter(registry, "confab_sfu_renegotiation_mismatches", "renegotiations whose DTLS parameters changed", null,
                transport, t -> t.snapshot().get("renegotiationMismatches"));
        counter(registry, "confab_sfu_media_thread_failures", "exceptions caught on a media thread (logged, rate-limited)", null,
                threads, ports(MediaSocket::failures));
        counter(registry, "confab_sfu_peers_unreachable", "ICMP port-unreachable reports from departed peers", null,
                threads, ports(MediaSocket::unreachablePeers));
        counter(registry, "confab_sfu_sent_datagrams", "datagrams the SFU handed to the kernel", null,
                threads, ports(MediaSocket::datagramsSent));
        counter(registry, "confab_sfu_send_batches", "flushes of the SFU's queued datagrams, each one sendmmsg call on epoll"
                + " (sent datagrams / batches = the batch size; 0 on NIO, one sendto per datagram)", null,
                threads, ports(MediaSocket::sendBatches));
        counter(registry, "confab_sfu_segmented_sends", "UDP GSO sends of the SFU, each a run of two or more copies to one receiver"
                + " that the kernel cuts into datagrams", null, threads, ports(MediaSocket::segmentedSends));
        counter(registry, "confab_sfu_segmented_datagrams", "copies that left inside a UDP GSO send (of confab_sfu_sent_datagrams)",
                null, threads, ports(MediaSocket::segmentedCopies));
        counter(registry, "confab_sfu_segmentation_refusals", "GSO sends the kernel refused; that media socket sends without GSO since",
                null, threads, ports(MediaSocket::segmentationRefusals));
        if (tap != null) {
            String help = "packets of recorded meetings offered to the Kafka tap, by outcome";
            counter(registry, "confab_media_tap_packets", help, PACKETS, tap, t -> t.counters().offered(), "outcome", "offered");
            counter(registry, "confab_media_tap_packets", help, PACKETS, tap, t -> t.counters().published(), "outcome", "published");
            counter(registry, "confab_media_tap_packets", help, PACKETS, tap, t -> t.counters().droppedQueueFull(), "outcome", "dropped_queue_full");
            counter(registry, "confab_media_tap_packets", help, PACKETS, tap, t -> t.counters().droppedByKafka(), "outcome", "dropped_by_kafka");
            Gauge.builder("confab_media_tap_queued", tap, t -> t.counters().queued()).description("packets waiting in the tap's bounded queue")
                    .baseUnit(PACKETS).register(registry);
        }
        Gauge.builder("confab_sfu_media_threads", threads, List::size)
                .description("media threads of this SFU, each with its own UDP port and meetings").register(registry);
        Gauge.builder("confab_sfu_meetings", conferences, c -> number(c.get().get("meetings")))
                .description("meetings with media on this SFU").register(registry);
        Gauge.builder("confab_sfu_participants", conferences, c -> number(c.get().get("participants")))
                .description("participants connected to this SFU's media plane").register(registry);
        bindStages(registry);
        if (registry instanceof PrometheusMeterRegistry prometheus) {
            prometheus.getPrometheusRegistry().register(new ForwardingDelayCollector(threads.stream().map(ThreadSources::delay).toList(),
                    DELAY_BOUNDS_MICROS));
        }
    }

    /**
     * Each stage of the packet paths ({@link PacketPaths}): packets in and out, drops by reason, and
     * the time of the sampled packets (one in {@value StagePath#SAMPLE_EVERY}); the mean time per
     * packet is {@code sampled_seconds / sampled_packets}.
     */
    private void bindStages(MeterRegistry registry) {
        for (StageCounters.Sum stage : stages) {
            String name = stage.stage();
            counter(registry, "confab_sfu_stage_packets", "packets that entered (direction=in) or left (out) a stage of the SFU's packet paths",
                    PACKETS, stage, StageCounters.Sum::in, "stage", name, "direction", "in");
            counter(registry, "confab_sfu_stage_packets", "packets that entered (direction=in) or left (out) a stage of the SFU's packet paths",
                    PACKETS, stage, StageCounters.Sum::out, "stage", name, "direction", "out");
            for (PacketDropReason reason : stage.reasons()) {
                counter(registry, "confab_sfu_stage_dropped_packets", "packets a stage of the SFU's packet paths let go no further, by reason",
                        PACKETS, stage, s -> s.dropped(reason), "stage", name, "reason", reason.label);
            }
            counter(registry, "confab_sfu_stage_sampled", "packets whose time in a stage was measured (one in "
                    + StagePath.SAMPLE_EVERY + " of each path)", PACKETS, stage, StageCounters.Sum::sampled, "stage", name);
            counter(registry, "confab_sfu_stage_sampled_processing", "time the sampled packets spent in a stage (a stage that runs "
                    + "another path, fan_out, includes it)", SECONDS, stage, s -> s.sampledNanos() / 1e9, "stage", name);
        }
    }

    /** {@code field} of {@link SfuCounters}, summed over the media threads. */
    private ToDoubleFunction<List<ThreadSources>> adder(String field) {
        java.lang.reflect.Field counter;
        try {
            counter = SfuCounters.class.getDeclaredField(field);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("SfuCounters has no counter " + field, e);
        }
        return all -> {
            long sum = 0;
            for (ThreadSources thread : all) {
                try {
                    sum += ((LongAdder) counter.get(thread.counters())).sum();
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
            return sum;
        };
    }

    /** A figure of each thread's port, summed. */
    private static ToDoubleFunction<List<ThreadSources>> ports(java.util.function.ToLongFunction<MediaSocket> figure) {
        return all -> all.stream().mapToLong(thread -> figure.applyAsLong(thread.port())).sum();
    }

    private void counter(MeterRegistry registry, String name, String help, String unit, ToDoubleFunction<List<ThreadSources>> read,
                         String... tags) {
        counter(registry, name, help, unit, threads, read, tags);
    }

    private static <T> void counter(MeterRegistry registry, String name, String help, String unit, T source,
                                    ToDoubleFunction<T> read, String... tags) {
        FunctionCounter.builder(name, source, read).description(help).baseUnit(unit).tags(tags).register(registry);
    }

    private static double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : -1;
    }

    private static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
