package io.confab.core.http;

import java.net.InetAddress;
import java.util.List;

/**
 * Source addresses locked out for guessing, as the HTTP server reads them when it accepts a
 * connection: on the event loop, once per connection, so an implementation answers without locks
 * and without allocating (see {@code io.confab.core.guard.AddressLockoutTable}).
 */
public interface AddressLockouts {

    /** Milliseconds {@code source} stays locked out, 0 when it is not. */
    long millisLeft(InetAddress source);

    /**
     * Counts a connection from locked-out {@code source} refused when accepted, on the event loop;
     * true when this refusal is the one that makes the address a flood to drop in the kernel from
     * now on (see {@link #dropped()}), once per lockout.
     */
    default boolean refusedAtAccept(InetAddress source) {
        return false;
    }

    /** The sources whose new connections are to be dropped before they exist, now. */
    default List<DroppedSource> dropped() {
        return List.of();
    }

    /** Nothing is locked out (servers with no guessing to throttle, tests of other things). */
    AddressLockouts NONE = source -> 0;
}
