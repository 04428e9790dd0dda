package io.confab.core.meetingservice;

import io.confab.core.testing.ReferenceDefaults;
import io.confab.core.events.RecordingEventSink;
import io.confab.core.guard.Argon2Pool;
import io.confab.core.guard.GuessKey;
import io.confab.core.http.ApiException;
import io.confab.storage.events.AuditEntry;
import io.confab.storage.events.AuditOutcome;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gate as the routes use it: 429 with Retry-After once locked out, one audit entry per lockout, counted for Prometheus. */
class GuessGateTest {

    private final RecordingEventSink sink = new RecordingEventSink();
    private final Clock clock = Clock.fixed(Instant.parse("2026-12-04T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void theSixthWrongPasscodeIsRefusedWith429AfterOneAuditedLockoutAndIsCounted() throws Exception {
        try (Argon2Pool pool = new Argon2Pool(new Argon2Pool.Config(1, 4))) {
            GuessGate gate = new GuessGate(ReferenceDefaults.config().guesses().throttle(), pool, new Audit(sink, clock), clock);
            List<GuessKey> keys = GuessKey.passcode("203.0.113.7", "12345678901");
            for (int i = 0; i < 5; i++) {
                gate.admit(keys);
                gate.wrong(keys, "acct-1", "anonymous", "meeting.join", "203.0.113.7");
            }
            ApiException refused = assertThrows(ApiException.class, () -> gate.admit(keys));
            assertEquals(429, refused.status());
            assertEquals("RATE_LIMITED", refused.code());
            assertEquals("60", refused.headers().get("Retry-After"));
            List<AuditEntry> audited = sink.audited();
            assertEquals(1, audited.size(), "one entry for the lockout: " + audited);
            AuditEntry lockout = audited.get(0);
            assertEquals(AuditOutcome.DENIED, lockout.getOutcome());
            assertEquals("meeting_from_source:12345678901 from 203.0.113.7", lockout.getTarget());
            assertEquals("5 wrong attempts within the window; locked out for 60 s", lockout.getDetail());

            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            gate.bindTo(registry);
            String text = registry.scrape();
            assertTrue(text.contains("confab_auth_guesses_refused_total{reason=\"locked_out\"} 1.0"), text);
            assertTrue(text.contains("confab_auth_guesses_refused_total{reason=\"argon2_queue_full\"} 0.0"), text);
            assertTrue(text.contains("confab_auth_argon2_queued 0.0"), text);
        }
    }
}
