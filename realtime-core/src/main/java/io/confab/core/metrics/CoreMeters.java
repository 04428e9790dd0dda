package io.confab.core.metrics;

import io.confab.core.events.EventOutbox;
import io.confab.core.http.HttpServer;
import io.confab.core.signaling.protocol.ErrorCode;
import io.confab.core.signaling.transport.SignalingService;
import io.confab.core.turn.TurnDropReason;
import io.confab.core.turn.transport.TurnListener;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.Locale;

/**
 * realtime-core's own meters beside the SFU's ({@code Sfu.bindTo}): signaling refusals and slow
 * consumers, Kafka publish failures, HTTP pipeline errors, TURN allocations, relayed bytes and drops.
 * Each reads a counter its subsystem keeps anyway, at scrape time.
 */
public final class CoreMeters implements MeterBinder {

    private final SignalingService signaling;
    private final EventOutbox events;
    private final HttpServer http;
    private final TurnListener turn;

    /** @param turn null when this process runs no TURN server */
    public CoreMeters(SignalingService signaling, EventOutbox events, HttpServer http, TurnListener turn) {
        this.signaling = signaling;
        this.events = events;
        this.http = http;
        this.turn = turn;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (ErrorCode code : ErrorCode.values()) {
            String tag = code.name().toLowerCase(Locale.ROOT);
            FunctionCounter.builder("confab_signaling_frames_refused", signaling, s -> s.refusedFrames(code))
                    .description("signaling frames refused at the edge, by the error code sent back")
                    .tag("code", tag).register(registry);
            FunctionCounter.builder("confab_signaling_joins_refused", signaling, s -> s.refusedJoins(code))
                    .description("meeting joins refused, by the error code sent back")
                    .tag("code", tag).register(registry);
        }
        FunctionCounter.builder("confab_signaling_slow_consumers_closed", signaling, SignalingService::slowConsumersClosed)
                .description("WebSocket connections closed because the client stopped reading").register(registry);
        Gauge.builder("confab_signaling_live_meetings", signaling, SignalingService::liveMeetings)
                .description("meetings with a live room on this node").register(registry);
        FunctionCounter.builder("confab_kafka_publish_failures", events, EventOutbox::publishFailures)
                .description("meeting events and audit entries Kafka refused or timed out (each meeting event"
                        + " one is sent again from the outbox table)").register(registry);
        FunctionCounter.builder("confab_meeting_events_refused", events, EventOutbox::refused)
                .description("meeting events not stored in the outbox because its queue was full").register(registry);
        FunctionCounter.builder("confab_meeting_events_stored", events, EventOutbox::stored)
                .description("meeting events committed to the outbox table").register(registry);
        FunctionCounter.builder("confab_meeting_events_relayed", events, EventOutbox::relayed)
                .description("meeting events sent again from the outbox table after a start or an outage").register(registry);
        FunctionCounter.builder("confab_outbox_write_failures", events, EventOutbox::writeFailures)
                .description("outbox transactions that failed and were retried").register(registry);
        Gauge.builder("confab_outbox_waiting", events, EventOutbox::waiting)
                .description("meeting events handed over and not yet committed").register(registry);
        Gauge.builder("confab_outbox_direct", events, e -> e.direct() ? 1 : 0)
                .description("1 when meeting events go to Kafka at once, 0 while the relay recovers from the table")
                .register(registry);
        FunctionCounter.builder("confab_http_connection_errors", http, HttpServer::connectionErrors)
                .description("HTTP and WebSocket connections closed on an exception in their pipeline").register(registry);
        FunctionCounter.builder("confab_http_data_api_failures", http, HttpServer::dataApiFailures)
                .description("requests forwarded to data-api that got no whole answer (unreachable, connection failed or closed)")
                .register(registry);
        FunctionCounter.builder("confab_http_connections_refused_locked_out", http, HttpServer::refusedAtAccept)
                .description("HTTP connections refused when accepted because their address was locked out for guessing")
                .register(registry);
        Gauge.builder("confab_http_sources_dropped", http, HttpServer::sourcesDropped)
                .description("addresses whose connection requests the kernel drops (they kept connecting while locked out)")
                .register(registry);
        FunctionCounter.builder("confab_http_syn_drop_failures", http, HttpServer::synDropFailures)
                .description("socket filter programs that could not be attached to the web listener (the previous one stayed)")
                .register(registry);
        if (turn != null) {
            bindTurn(registry);
        }
    }

    private void bindTurn(MeterRegistry registry) {
        FunctionCounter.builder("confab_turn_allocations_opened", turn, TurnListener::allocationsOpened)
                .description("TURN allocations granted with a bound relay socket").register(registry);
        Gauge.builder("confab_turn_allocations", turn, TurnListener::allocationCount)
                .description("live TURN allocations").register(registry);
        FunctionCounter.builder("confab_turn_relayed_bytes", turn, TurnListener::bytesToPeers).baseUnit(BaseUnits.BYTES)
                .description("payload bytes relayed, by direction").tag("direction", "to_peer").register(registry);
        FunctionCounter.builder("confab_turn_relayed_bytes", turn, TurnListener::bytesToClients).baseUnit(BaseUnits.BYTES)
                .description("payload bytes relayed, by direction").tag("direction", "to_client").register(registry);
        FunctionCounter.builder("confab_turn_relay_bind_failures", turn, TurnListener::relayBindFailures)
                .description("relay sockets that could not be bound (answered 508)").register(registry);
        FunctionCounter.builder("confab_turn_pipeline_failures", turn, TurnListener::failures)
                .description("exceptions caught in the TURN listener's pipelines (logged, rate-limited)").register(registry);
        String closed = "TCP and TLS client connections the TURN server closed, by reason";
        FunctionCounter.builder("confab_turn_streams_closed", turn, TurnListener::streamsRefused)
                .description(closed).tag("reason", "over_cap").register(registry);
        FunctionCounter.builder("confab_turn_streams_closed", turn, TurnListener::streamsIdleClosed)
                .description(closed).tag("reason", "idle").register(registry);
        FunctionCounter.builder("confab_turn_streams_closed", turn, TurnListener::streamsCutOff)
                .description(closed).tag("reason", "not_reading").register(registry);
        FunctionCounter.builder("confab_turn_back_pressure_drops", turn, TurnListener::backPressureDrops)
                .description("messages for TCP and TLS clients dropped while the client was not reading").register(registry);
        for (TurnDropReason reason : TurnDropReason.values()) {
            FunctionCounter.builder("confab_turn_dropped_messages", turn, t -> t.drops(reason))
                    .description("messages the TURN server dropped without answering, by reason")
                    .tag("reason", reason.name().toLowerCase(Locale.ROOT)).register(registry);
        }
    }
}
