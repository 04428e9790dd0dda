package io.confab.core.turn;

import java.util.List;
import java.util.Optional;

/** The actions for one event, or why it was dropped (then there are no actions). */
public record TurnOutcome(List<TurnAction> actions, Optional<TurnDropReason> dropped) {

    public TurnOutcome {
        actions = List.copyOf(actions);
    }

    static TurnOutcome of(TurnAction... actions) {
        return new TurnOutcome(List.of(actions), Optional.empty());
    }

    static TurnOutcome of(List<TurnAction> actions) {
        return new TurnOutcome(actions, Optional.empty());
    }

    static TurnOutcome drop(TurnDropReason reason) {
        return new TurnOutcome(List.of(), Optional.of(reason));
    }

    public boolean isDropped() {
        return dropped.isPresent();
    }
}
