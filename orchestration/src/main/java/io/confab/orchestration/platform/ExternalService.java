package io.confab.orchestration.platform;

import java.time.Duration;

/**
 * The service an operator named instead of an embedded server ({@code --kafka=host:port}): where
 * clients reach it, the flag that named it (for the error when it does not answer), and how long
 * start-up waits for its first answer. An address of null means the server is embedded.
 */
record ExternalService(String address, String flag, Duration reachWithin) {

    /** For a component that is always a process of ours (web, data-api, the usage meter). */
    static final ExternalService NONE = new ExternalService(null, null, Duration.ZERO);

    boolean named() {
        return address != null;
    }
}
