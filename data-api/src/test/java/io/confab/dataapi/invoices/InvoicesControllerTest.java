package io.confab.dataapi.invoices;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.confab.dataapi.auth.CallerResolver;
import io.confab.dataapi.auth.TokenVerifier;
import io.confab.dataapi.auth.Tokens;
import io.confab.dataapi.web.ErrorAnswers;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/** GET /api/invoices over a fake archive: only the account owner, only their own account. */
class InvoicesControllerTest {

    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final Map<String, String> files = Map.of("2026-11/acct-a", "{\"accountId\":\"acct-a\",\"total\":12.50}");
    private final InvoiceArchive archive = (YearMonth month, String account) -> Optional.ofNullable(files.get(month + "/" + account));
    private MockMvc mvc;

    private final String owner = "Bearer " + Tokens.user("u-owner", "acct-a", "ACCOUNT_OWNER", NOW.plusSeconds(600));
    private final String participant = "Bearer " + Tokens.user("u-p", "acct-a", "PARTICIPANT", NOW.plusSeconds(600));

    @BeforeEach
    void setUp() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        mvc = MockMvcBuilders.standaloneSetup(new InvoicesController(archive))
                .setCustomArgumentResolvers(new CallerResolver(new TokenVerifier(Tokens.KEY, clock), meters))
                .setControllerAdvice(new ErrorAnswers())
                .build();
    }

    @Test
    void theOwnerReadsTheMonthsInvoice() throws Exception {
        mvc.perform(get("/api/invoices").param("month", "2026-11").header("Authorization", owner))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.month").value("2026-11"))
                .andExpect(jsonPath("$.invoices[0].total").value(12.50));
    }

    @Test
    void aMonthNotBilledHasNoInvoices() throws Exception {
        mvc.perform(get("/api/invoices").param("month", "2026-10").header("Authorization", owner))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.invoices").isEmpty());
    }

    @Test
    void anotherAccountOrAParticipantIsRefused() throws Exception {
        mvc.perform(get("/api/invoices").param("month", "2026-11").param("account", "acct-b").header("Authorization", owner))
                .andExpect(status().isForbidden());
        mvc.perform(get("/api/invoices").param("month", "2026-11").header("Authorization", participant))
                .andExpect(status().isForbidden());
    }

    @Test
    void aBadMonthIsABadRequest() throws Exception {
        mvc.perform(get("/api/invoices").param("month", "November").header("Authorization", owner))
                .andExpect(status().isBadRequest());
    }
}
