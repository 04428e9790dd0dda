package io.confab.dataapi.webhooks;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.confab.dataapi.auth.CallerResolver;
import io.confab.dataapi.auth.TokenVerifier;
import io.confab.dataapi.auth.Tokens;
import io.confab.dataapi.web.ErrorAnswers;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/** The webhook endpoints over a fake store: the owner registers, lists, deletes; everyone else is refused. */
class WebhooksControllerTest {

    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

    private final FakeWebhookStore store = new FakeWebhookStore();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private MockMvc mvc;

    private final String owner = "Bearer " + Tokens.user("u-owner", "acct-a", "ACCOUNT_OWNER", NOW.plusSeconds(600));
    private final String host = "Bearer " + Tokens.user("u-host", "acct-a", "HOST", NOW.plusSeconds(600));
    private final String stranger = "Bearer " + Tokens.user("u-x", "acct-b", "ACCOUNT_OWNER", NOW.plusSeconds(600));
    private final String guest = "Bearer " + Tokens.guest("p-1", "acct-a", "85123456789", NOW.plusSeconds(600));

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.standaloneSetup(new WebhooksController(store, new EndpointPolicy(true), clock))
                .setCustomArgumentResolvers(new CallerResolver(new TokenVerifier(Tokens.KEY, clock), meters))
                .setControllerAdvice(new ErrorAnswers())
                .build();
    }

    private String register(String token, String body) throws Exception {
        return mvc.perform(post("/api/webhooks").header("Authorization", token).contentType(MediaType.APPLICATION_JSON).content(body))
                .andReturn().getResponse().getContentAsString();
    }

    @Test
    void theOwnerRegistersAHookAndSeesItsSecretOnce() throws Exception {
        mvc.perform(post("/api/webhooks").header("Authorization", owner).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"url\":\"http://127.0.0.1:8080/hook\",\"events\":[\"recording.completed\"]}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.id").isNotEmpty())
                .andExpect(jsonPath("$.secret", matchesPattern("whsec_[0-9a-f]{64}")))
                .andExpect(jsonPath("$.events[0]").value("recording.completed"));
        Webhook stored = store.hooks.values().iterator().next();
        assertEquals("acct-a", stored.accountId());
        assertEquals("u-owner", stored.createdBy());

        mvc.perform(get("/api/webhooks").header("Authorization", owner))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.webhooks", hasSize(1)))
                .andExpect(jsonPath("$.webhooks[0].url").value("http://127.0.0.1:8080/hook"))
                .andExpect(jsonPath("$.webhooks[0].secret").doesNotExist());
    }

    @Test
    void refusesABadUrlOrEventWithTheReason() throws Exception {
        mvc.perform(post("/api/webhooks").header("Authorization", owner).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"url\":\"ftp://example.com/x\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail", containsString("must be http:// or https://")));
        mvc.perform(post("/api/webhooks").header("Authorization", owner).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"url\":\"https://example.com/x\",\"events\":[\"meeting.exploded\"]}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail", containsString("unknown event 'meeting.exploded'")));
        assertTrue(store.hooks.isEmpty());
    }

    @Test
    void onlyTheAccountOwnerManagesHooks() throws Exception {
        for (String token : new String[] {host, guest}) {
            mvc.perform(post("/api/webhooks").header("Authorization", token).contentType(MediaType.APPLICATION_JSON)
                            .content("{\"url\":\"https://example.com/x\"}"))
                    .andExpect(status().isForbidden());
            mvc.perform(get("/api/webhooks").header("Authorization", token)).andExpect(status().isForbidden());
        }
        mvc.perform(get("/api/webhooks")).andExpect(status().isUnauthorized());
        assertTrue(store.hooks.isEmpty());
    }

    @Test
    void anotherAccountsHookIsNotFound() throws Exception {
        store.create(new Webhook("acct-a", "hook-1", "https://example.com/x", Set.of("recording.completed"), "whsec_1", NOW, "u-owner"));
        mvc.perform(get("/api/webhooks/hook-1/deliveries").header("Authorization", stranger))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail", containsString("no webhook hook-1")));
        mvc.perform(delete("/api/webhooks/hook-1").header("Authorization", stranger)).andExpect(status().isNotFound());
        mvc.perform(get("/api/webhooks/hook-1/deliveries").header("Authorization", host)).andExpect(status().isForbidden());
        assertEquals(1, store.hooks.size());
    }

    @Test
    void listsDeliveriesAndDeletesTheHookWithThem() throws Exception {
        store.create(new Webhook("acct-a", "hook-1", "https://example.com/x", Set.of("recording.completed"), "whsec_1", NOW, "u-owner"));
        store.addIfAbsent(Delivery.pending("hook-1", "evt-1", "acct-a", "recording.completed", "{}", NOW)
                .retryAt(500, "answered HTTP 500", NOW.plusSeconds(2), NOW));
        mvc.perform(get("/api/webhooks/hook-1/deliveries").header("Authorization", owner))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.deliveries[0].eventId").value("evt-1"))
                .andExpect(jsonPath("$.deliveries[0].eventType").value("recording.completed"))
                .andExpect(jsonPath("$.deliveries[0].attempts").value(1))
                .andExpect(jsonPath("$.deliveries[0].lastStatusCode").value(500))
                .andExpect(jsonPath("$.deliveries[0].state").value("pending"))
                .andExpect(jsonPath("$.deliveries[0].nextAttemptAt").value("2026-12-03T12:00:02Z"));
        mvc.perform(delete("/api/webhooks/hook-1").header("Authorization", owner)).andExpect(status().isNoContent());
        assertTrue(store.hooks.isEmpty() && store.deliveries.isEmpty() && store.pending.isEmpty());
    }
}
