package io.confab.core.accounts;

/**
 * A stored password or passcode hash is not a PHC string this service can verify. That is a fault
 * in stored data, not a wrong password. The message names the problem but never repeats the
 * stored string, so it is safe to log.
 */
public final class MalformedHashException extends IllegalArgumentException {

    public MalformedHashException(String problem) {
        super("stored hash is not an Argon2id PHC string: " + problem);
    }
}
