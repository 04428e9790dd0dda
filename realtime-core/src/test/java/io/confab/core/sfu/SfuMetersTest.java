package io.confab.core.sfu;

import io.confab.core.sfu.transport.MediaSocket;
import io.confab.core.sfu.transport.TransportCounters;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import static org.junit.jupiter.api.Assertions.assertTrue;

class SfuMetersTest {

    private final SfuCounters counters = new SfuCounters();
    private final ForwardingDelay delay = new ForwardingDelay();
    private final MediaSocket port = new MediaSocket();
    private final StageCounters muteGate = new StageCounters("mute_gate", PacketDropReason.MUTED);
    /** Kept while the test scrapes: Micrometer holds the meters' sources only weakly. */
    private SfuMeters meters;

    private String scrape() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        meters = new SfuMeters(List.of(new SfuMeters.ThreadSources(counters, port, delay, List.of(muteGate))), new TransportCounters(),
                null, () -> Map.of("meetings", 2, "participants", 5));
        meters.bindTo(registry);
        return registry.scrape();
    }

    @Test
    void everyCounterOfThePacketPathIsExported() {
        for (Field field : SfuCounters.class.getDeclaredFields()) {
            if (field.getType() == LongAdder.class) {
                assertTrue(SfuMeters.DROPS.containsKey(field.getName()) || SfuMeters.EVENTS.containsKey(field.getName()),
                        "SfuCounters." + field.getName() + " is not exported: add it to SfuMeters.DROPS or EVENTS");
            }
        }
    }

    @Test
    void countersAreReadAtScrapeTimeWithHelpAndReasons() {
        counters.forwardedPackets.add(41);
        counters.forwardedPackets.increment();
        counters.malformedRtp.add(3);

        String text = scrape();

        assertTrue(text.contains("# HELP confab_sfu_forwarded_packets_total RTP packet copies sent to receivers"), text);
        assertTrue(text.contains("confab_sfu_forwarded_packets_total 42.0"), text);
        assertTrue(text.contains("confab_sfu_dropped_packets_total{reason=\"malformed_rtp\"} 3.0"), text);
        assertTrue(text.contains("confab_sfu_dropped_packets_total{reason=\"oversized\"} 0.0"), text);
        assertTrue(text.contains("confab_sfu_participants 5.0"), text);
    }

    @Test
    void everyStageExportsItsPacketsDropsAndSampledTimeWithHelp() {
        for (int i = 0; i < 5; i++) {
            muteGate.countIn();
        }
        muteGate.countOut();
        muteGate.countOut();
        muteGate.drop(PacketDropReason.MUTED);
        muteGate.drop(PacketDropReason.MUTED);
        muteGate.drop(PacketDropReason.MUTED);
        muteGate.sample(1_500_000_000L);

        String text = scrape();

        assertTrue(text.contains("# HELP confab_sfu_stage_packets_total packets that entered (direction=in) or left (out)"), text);
        assertTrue(text.contains("confab_sfu_stage_packets_total{direction=\"in\",stage=\"mute_gate\"} 5.0"), text);
        assertTrue(text.contains("confab_sfu_stage_packets_total{direction=\"out\",stage=\"mute_gate\"} 2.0"), text);
        assertTrue(text.contains("confab_sfu_stage_dropped_packets_total{reason=\"muted\",stage=\"mute_gate\"} 3.0"), text);
        assertTrue(text.contains("confab_sfu_stage_sampled_packets_total{stage=\"mute_gate\"} 1.0"), text);
        assertTrue(text.contains("confab_sfu_stage_sampled_processing_seconds_total{stage=\"mute_gate\"} 1.5"), text);
    }

    @Test
    void theSfuExportsEveryStageOfItsDeclaredPaths() {
        MeetingFixture meeting = new MeetingFixture();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        meters = new SfuMeters(List.of(new SfuMeters.ThreadSources(counters, port, delay, meeting.ctx.paths.stageCounters())),
                new TransportCounters(), null, () -> Map.of());
        meters.bindTo(registry);
        String text = registry.scrape();

        for (String stage : List.of("rtp_parse", "transport_cc_arrivals", "layer_lookup", "rtx_unwrap", "payload_type_filter",
                "receive_statistics", "keyframe_reader", "audio_level", "mute_gate", "recording_tap", "fan_out", "layer_gate",
                "receiver_connected", "stream_rewrite", "copy_writer", "srtp_send", "publisher_rtcp_parse", "sender_reports",
                "receiver_rtcp_parse", "receiver_feedback")) {
            assertTrue(text.contains("confab_sfu_stage_packets_total{direction=\"in\",stage=\"" + stage + "\"}"), "stage " + stage + " in\n" + text);
        }
        assertTrue(text.contains("confab_sfu_stage_dropped_packets_total{reason=\"layer_not_forwarded\",stage=\"layer_gate\"}"), text);
    }

    @Test
    void everyMediaThreadsFiguresAreSummedIntoOneSeries() {
        SfuCounters otherCounters = new SfuCounters();
        ForwardingDelay otherDelay = new ForwardingDelay();
        StageCounters otherMuteGate = new StageCounters("mute_gate", PacketDropReason.MUTED);
        counters.forwardedPackets.add(40);
        otherCounters.forwardedPackets.add(2);
        muteGate.countIn();
        otherMuteGate.countIn();
        otherMuteGate.countIn();
        delay.record(30_000);
        otherDelay.record(40_000);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        meters = new SfuMeters(List.of(new SfuMeters.ThreadSources(counters, port, delay, List.of(muteGate)),
                new SfuMeters.ThreadSources(otherCounters, new MediaSocket(), otherDelay, List.of(otherMuteGate))),
                new TransportCounters(), null, () -> Map.of("meetings", 2, "participants", 5));
        meters.bindTo(registry);

        String text = registry.scrape();

        assertTrue(text.contains("confab_sfu_forwarded_packets_total 42.0"), text);
        assertTrue(text.contains("confab_sfu_stage_packets_total{direction=\"in\",stage=\"mute_gate\"} 3.0"), text);
        assertTrue(text.contains("confab_sfu_forwarding_delay_seconds_bucket{le=\"5.0E-5\"} 2"), text);
        assertTrue(text.contains("confab_sfu_media_threads 2.0"), text);
    }

    @Test
    void forwardingDelayIsAHistogramInSeconds() {
        delay.record(30_000);        // 30 µs
        delay.record(700_000);       // 0.7 ms
        delay.record(900_000);       // 0.9 ms
        delay.record(3_000_000_000L); // 3 s: beyond every bound

        String text = scrape();

        assertTrue(text.contains("# TYPE confab_sfu_forwarding_delay_seconds histogram"), text);
        assertTrue(text.contains("confab_sfu_forwarding_delay_seconds_bucket{le=\"5.0E-5\"} 1"), text);
        assertTrue(text.contains("confab_sfu_forwarding_delay_seconds_bucket{le=\"0.001\"} 3"), text);
        assertTrue(text.contains("confab_sfu_forwarding_delay_seconds_bucket{le=\"+Inf\"} 4"), text);
        assertTrue(text.contains("confab_sfu_forwarding_delay_seconds_count 4"), text);
    }
}
