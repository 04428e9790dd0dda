package io.confab.core.metrics;

import io.confab.core.turn.TurnDropReason;
import io.confab.core.turn.transport.TurnListener;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The TURN server's meters (part of {@link CoreMeters}): allocations, relayed bytes, drops, closed
 * streams, and how its UDP sockets send (GSO sends, sockets that fell back, hand-offs between loops).
 * Each reads a counter {@link TurnListener} keeps anyway, at scrape time.
 */
public final class TurnMeters implements MeterBinder {

    private final TurnListener turn;

    public TurnMeters(TurnListener turn) {
        this.turn = turn;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        counter("confab_turn_allocations_opened", TurnListener::allocationsOpened,
                "TURN allocations granted with a bound relay socket").register(registry);
        Gauge.builder("confab_turn_allocations", turn, TurnListener::allocationCount)
                .description("live TURN allocations").register(registry);
        String relayed = "payload bytes relayed, by direction";
        counter("confab_turn_relayed_bytes", TurnListener::bytesToPeers, relayed).baseUnit(BaseUnits.BYTES)
                .tag("direction", "to_peer").register(registry);
        counter("confab_turn_relayed_bytes", TurnListener::bytesToClients, relayed).baseUnit(BaseUnits.BYTES)
                .tag("direction", "to_client").register(registry);
        counter("confab_turn_relay_bind_failures", TurnListener::relayBindFailures,
                "relay sockets that could not be bound (answered 508)").register(registry);
        counter("confab_turn_pipeline_failures", TurnListener::failures,
                "exceptions caught in the TURN listener's pipelines (logged, rate-limited)").register(registry);
        String closed = "TCP and TLS client connections the TURN server closed, by reason";
        counter("confab_turn_streams_closed", TurnListener::streamsRefused, closed).tag("reason", "over_cap").register(registry);
        counter("confab_turn_streams_closed", TurnListener::streamsIdleClosed, closed).tag("reason", "idle").register(registry);
        counter("confab_turn_streams_closed", TurnListener::streamsCutOff, closed).tag("reason", "not_reading").register(registry);
        counter("confab_turn_back_pressure_drops", TurnListener::backPressureDrops,
                "messages for TCP and TLS clients dropped while the client was not reading").register(registry);
        for (TurnDropReason reason : TurnDropReason.values()) {
            counter("confab_turn_dropped_messages", t -> t.drops(reason), "messages the TURN server dropped without answering, by reason")
                    .tag("reason", reason.name().toLowerCase(Locale.ROOT)).register(registry);
        }
        counter("confab_turn_udp_segmented_sends", TurnListener::segmentedSends,
                "UDP GSO sends (each of two datagrams or more to one address) on the listener and relay sockets").register(registry);
        counter("confab_turn_udp_segmentation_refusals", TurnListener::segmentationRefusals,
                "UDP sockets that send one datagram at a time since the kernel refused one of their GSO sends").register(registry);
        counter("confab_turn_hand_offs", TurnListener::handOffs,
                "client messages that reached an event loop other than their allocation's and were handed to it").register(registry);
    }

    private FunctionCounter.Builder<TurnListener> counter(String name, ToDoubleFunction<TurnListener> count, String description) {
        return FunctionCounter.builder(name, turn, count).description(description);
    }
}
