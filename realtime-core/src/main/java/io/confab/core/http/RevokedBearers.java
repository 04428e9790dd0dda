package io.confab.core.http;

/**
 * Whether a bearer token on its way to data-api was revoked (signed out). data-api checks a token's
 * signature and expiry itself but cannot see sign-outs, which only the meeting service records, so
 * the proxy refuses a revoked token before forwarding it.
 */
@FunctionalInterface
public interface RevokedBearers {

    RevokedBearers NONE = (bearer, sourceAddress, where) -> false;

    /**
     * True when {@code bearer} is a genuine token that was revoked; false for any other, which
     * data-api judges. {@code sourceAddress} and {@code where} (method and path) are for the audit.
     */
    boolean revoked(String bearer, String sourceAddress, String where);
}
