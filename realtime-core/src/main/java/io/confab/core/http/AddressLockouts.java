package io.confab.core.http;

import java.net.InetAddress;

/**
 * Source addresses locked out for guessing, as the HTTP server reads them when it accepts a
 * connection: on the event loop, once per connection, so an implementation answers without locks
 * and without allocating (see {@code io.confab.core.guard.AddressLockoutTable}).
 */
@FunctionalInterface
public interface AddressLockouts {

    /** Milliseconds {@code source} stays locked out, 0 when it is not. */
    long millisLeft(InetAddress source);

    /** Nothing is locked out (servers with no guessing to throttle, tests of other things). */
    AddressLockouts NONE = source -> 0;
}
