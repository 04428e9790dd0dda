package io.confab.core.sfu.sdp;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A browser's answer to a subscribe offer, checked: its transport, each m-section's reply, in offer
 * order, and the header extensions it accepted (RFC 8285 §6: an answer lists those it will receive,
 * under the offered ids). The SFU writes only accepted extensions into what it forwards.
 */
public record SubscribeAnswer(RemoteTransport remote, List<AnsweredSlot> slots, Set<String> extensions)
        implements SubscribeAnswerResult {

    public SubscribeAnswer {
        Objects.requireNonNull(remote, "remote");
        slots = List.copyOf(slots);
        extensions = Set.copyOf(extensions);
    }

    public SubscribeAnswer(RemoteTransport remote, List<AnsweredSlot> slots) {
        this(remote, slots, Set.of());
    }

    public Optional<AnsweredSlot> slot(String mid) {
        return slots.stream().filter(s -> s.mid().equals(mid)).findFirst();
    }

    /** Whether the answer accepted the extension with this URI in any m-section. */
    public boolean accepts(String extensionUri) {
        return extensions.contains(extensionUri);
    }
}
