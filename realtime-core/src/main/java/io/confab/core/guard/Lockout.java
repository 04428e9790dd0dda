package io.confab.core.guard;

import java.time.Duration;

/** A key that has just been locked out: {@code failures} wrong guesses within the window, refused for {@code length}. */
public record Lockout(GuessKey key, int failures, Duration length) {
}
