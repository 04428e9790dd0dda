package io.confab.orchestration.platform;

/**
 * Start-up could not go on. The message is one line for the user: which component, what went
 * wrong, and what to do about it.
 */
public final class StartupFailure extends Exception {

    public StartupFailure(String component, String problem, String remedy) {
        super(component + ": " + problem + (remedy == null || remedy.isBlank() ? "" : "; " + remedy));
    }

    public StartupFailure(String message) {
        super(message);
    }
}
