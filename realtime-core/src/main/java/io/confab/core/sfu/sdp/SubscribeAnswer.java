package io.confab.core.sfu.sdp;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A browser's answer to a subscribe offer, checked: its transport and each m-section's reply, in offer order. */
public record SubscribeAnswer(RemoteTransport remote, List<AnsweredSlot> slots) implements SubscribeAnswerResult {

    public SubscribeAnswer {
        Objects.requireNonNull(remote, "remote");
        slots = List.copyOf(slots);
    }

    public Optional<AnsweredSlot> slot(String mid) {
        return slots.stream().filter(s -> s.mid().equals(mid)).findFirst();
    }
}
