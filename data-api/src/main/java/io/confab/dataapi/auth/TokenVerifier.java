package io.confab.dataapi.auth;

import io.confab.storage.auth.CompactJwt;
import io.confab.storage.auth.CompactJwt.Opened;
import java.time.Clock;
import java.time.Instant;

/**
 * Verifies the meeting service's bearer tokens. The token format is storage's {@link CompactJwt},
 * the code realtime-core's {@code io.confab.core.accounts.TokenIssuer} signs and opens with (data-api
 * does not depend on realtime-core: one JVM per server, and Spring's dependency tree kept apart).
 * The claims are a contract with the issuer: {@code sub}, {@code acct}, {@code role}, {@code mtg}
 * (guests only), {@code exp}; a change to them must change this class and its test in the same commit.
 * Thread-safe.
 */
public final class TokenVerifier {

    /** Why a token was refused; a metric label, so a small fixed set. */
    public enum Reason { MISSING, MALFORMED, BAD_SIGNATURE, EXPIRED }

    /** A refused token: the reason and a message for the 401 answer. */
    public static final class Refused extends Exception {
        private final Reason reason;

        public Refused(Reason reason, String message) {
            super(message);
            this.reason = reason;
        }

        public Reason reason() {
            return reason;
        }
    }

    private final CompactJwt jwt;
    private final Clock clock;

    public TokenVerifier(byte[] key, Clock clock) {
        this.jwt = new CompactJwt(key);
        this.clock = clock;
    }

    /** The caller named by an {@code Authorization} header value. */
    public Caller verifyHeader(String authorization) throws Refused {
        if (authorization == null || authorization.isBlank()) {
            throw new Refused(Reason.MISSING, "no bearer token: send 'Authorization: Bearer <token>' with the token from "
                    + "POST /api/auth/signin (or a meeting's join)");
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new Refused(Reason.MALFORMED, "the Authorization header must be 'Bearer <token>'");
        }
        return verify(authorization.substring(7).trim());
    }

    public Caller verify(String token) throws Refused {
        Opened<Caller> opened = jwt.open(token, TokenVerifier::caller);
        if (opened instanceof Opened.Refused<Caller> refused) {
            throw refused.fault() == CompactJwt.Fault.BAD_SIGNATURE
                    ? new Refused(Reason.BAD_SIGNATURE, "token signature does not match; sign in again")
                    : malformed(refused.detail());
        }
        Caller caller = ((Opened.Read<Caller>) opened).claims();
        if (caller.guest() && caller.meetingId() == null) {
            throw malformed("a guest token must name its meeting (mtg)");
        }
        Instant now = clock.instant();
        if (!now.isBefore(caller.expiresAt())) {
            throw new Refused(Reason.EXPIRED, "token expired at " + caller.expiresAt() + "; sign in again");
        }
        return caller;
    }

    private static Caller caller(CompactJwt.Claims claims) {
        return new Caller(claims.text("sub"), claims.text("acct"), Caller.Role.valueOf(claims.text("role")),
                claims.optionalText("mtg"), Instant.ofEpochSecond(claims.seconds("exp")));
    }

    private static Refused malformed(String detail) {
        return new Refused(Reason.MALFORMED, "malformed token: " + detail);
    }
}
