package io.confab.core.http;

/**
 * A source whose new connections the kernel drops before any connection exists (see {@link SynDrop}):
 * an IPv4 address, or an IPv6 /64 prefix, as the guessing throttle counts IPv6 sources.
 *
 * @param ipv4       true: {@code bits} holds the IPv4 address in its low 32 bits; false: the first 64
 *                   bits of the IPv6 address
 * @param bits       the address or prefix, most significant byte first
 * @param millisLeft how much longer the lockout behind it lasts, when it was read
 */
public record DroppedSource(boolean ipv4, long bits, long millisLeft) {

    public DroppedSource {
        if (ipv4 && (bits >>> 32) != 0) {
            throw new IllegalArgumentException("an IPv4 address has 32 bits, got " + Long.toHexString(bits));
        }
        if (millisLeft <= 0) {
            throw new IllegalArgumentException("a dropped source's lockout must last, got " + millisLeft + " ms");
        }
    }
}
