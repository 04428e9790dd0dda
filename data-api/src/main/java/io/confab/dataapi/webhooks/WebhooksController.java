package io.confab.dataapi.webhooks;

import io.confab.dataapi.auth.Caller;
import io.confab.dataapi.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Webhook registration and delivery history, for the account owner only: a hook receives the
 * account's recordings, so hosts and participants get 403, guests too. Another account's hook id is
 * 404, with the words of an id that does not exist.
 */
@RestController
@Tag(name = "webhooks", description = "Account webhooks: recording.completed POSTed with a signature, retried, listed")
@SecurityRequirement(name = "bearer")
public class WebhooksController {

    /** The registration request. */
    public record Registration(String url, List<String> events) {
    }

    /** A webhook as listed: never its secret. */
    public record WebhookView(String id, String url, List<String> events, Instant createdAt) {
        static WebhookView of(Webhook hook) {
            return new WebhookView(hook.id(), hook.url(), hook.events().stream().sorted().toList(), hook.createdAt());
        }
    }

    /** The answer to a registration: the only time the secret is shown. */
    public record Created(String id, String url, List<String> events, Instant createdAt, String secret) {
    }

    public record WebhookList(List<WebhookView> webhooks) {
    }

    public record DeliveryView(String eventId, String eventType, int attempts, Integer lastStatusCode, String lastError,
                               Instant nextAttemptAt, String state, Instant createdAt, Instant updatedAt) {
        static DeliveryView of(Delivery d) {
            return new DeliveryView(d.eventId(), d.eventType(), d.attempts(), d.lastStatus(), d.lastError(), d.nextAttemptAt(),
                    d.state().name().toLowerCase(java.util.Locale.ROOT), d.createdAt(), d.updatedAt());
        }
    }

    public record DeliveryList(List<DeliveryView> deliveries) {
    }

    /** An account's hooks are a handful; more is a mistake, not a need. */
    static final int MAX_PER_ACCOUNT = 20;

    private final WebhookStore store;
    private final EndpointPolicy policy;
    private final Clock clock;

    public WebhooksController(WebhookStore store, EndpointPolicy policy, Clock clock) {
        this.store = store;
        this.policy = policy;
        this.clock = clock;
    }

    @PostMapping("/api/webhooks")
    @Operation(summary = "Register a webhook (account owner); the answer holds its signing secret, shown this once")
    public ResponseEntity<Created> register(@Parameter(hidden = true) Caller caller, @RequestBody Registration registration) {
        owner(caller);
        if (registration == null) {
            throw Problems.invalid("body must be {\"url\": \"https://...\", \"events\": [\"recording.completed\"]}");
        }
        policy.refusal(registration.url()).ifPresent(problem -> {
            throw Problems.invalid(problem);
        });
        List<String> asked = registration.events() == null || registration.events().isEmpty()
                ? List.of(WebhookEvents.RECORDING_COMPLETED) : registration.events();
        Set<String> events = new LinkedHashSet<>();
        for (String event : asked) {
            if (!WebhookEvents.ALL.contains(event)) {
                throw Problems.invalid("unknown event '" + event + "'; known: " + WebhookEvents.ALL);
            }
            events.add(event);
        }
        if (store.byAccount(caller.accountId()).size() >= MAX_PER_ACCOUNT) {
            throw Problems.invalid("an account may have at most " + MAX_PER_ACCOUNT + " webhooks; delete one first");
        }
        Webhook hook = new Webhook(caller.accountId(), UUID.randomUUID().toString(), registration.url(), events,
                WebhookSignature.newSecret(), clock.instant(), caller.subject());
        store.create(hook);
        return ResponseEntity.status(HttpStatus.CREATED).body(new Created(hook.id(), hook.url(),
                List.copyOf(events), hook.createdAt(), hook.secret()));
    }

    @GetMapping("/api/webhooks")
    @Operation(summary = "The account's webhooks (account owner), without their secrets")
    public WebhookList list(@Parameter(hidden = true) Caller caller) {
        owner(caller);
        return new WebhookList(store.byAccount(caller.accountId()).stream()
                .sorted(Comparator.comparing(Webhook::createdAt)).map(WebhookView::of).toList());
    }

    @DeleteMapping("/api/webhooks/{webhookId}")
    @Operation(summary = "Delete a webhook, its deliveries and its pending retries (account owner)")
    public ResponseEntity<Void> delete(@Parameter(hidden = true) Caller caller, @PathVariable String webhookId) {
        Webhook hook = find(caller, webhookId);
        store.delete(hook.accountId(), hook.id());
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/webhooks/{webhookId}/deliveries")
    @Operation(summary = "A webhook's deliveries, oldest first: attempts, last status or error, next attempt, state")
    public DeliveryList deliveries(@Parameter(hidden = true) Caller caller, @PathVariable String webhookId) {
        Webhook hook = find(caller, webhookId);
        return new DeliveryList(store.deliveries(hook.id()).stream()
                .sorted(Comparator.comparing(Delivery::createdAt)).map(DeliveryView::of).toList());
    }

    private Webhook find(Caller caller, String webhookId) {
        owner(caller);
        return store.find(caller.accountId(), webhookId)
                .orElseThrow(() -> Problems.notFound("no webhook " + webhookId + " in this account"));
    }

    private static void owner(Caller caller) {
        if (!caller.ownsAccount()) {
            throw Problems.forbidden("webhooks are managed by the account owner; this token's role is " + caller.role());
        }
    }
}
