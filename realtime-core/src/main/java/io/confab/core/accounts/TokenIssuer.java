package io.confab.core.accounts;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.confab.core.accounts.TokenVerification.Invalid;
import io.confab.core.accounts.TokenVerification.Reason;
import io.confab.storage.auth.CompactJwt;
import io.confab.storage.auth.CompactJwt.Opened;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * Issues and verifies signed, expiring bearer tokens. The format is storage's {@link CompactJwt}
 * (a JWT, RFC 7519, in compact form with HS256), so standard tools can read one while debugging and
 * data-api opens it with the same code. Claims: {@code sub}, {@code iat}, {@code exp}, {@code jti}
 * as registered in RFC 7519 section 4.1, and {@code acct}, {@code role}, {@code mtg} and {@code pcs}
 * (guests only) of our own.
 *
 * <p>Verification is {@link CompactJwt#open}'s (MAC first, in constant time, algorithm fixed), then
 * the claims and the expiry. Thread-safe.
 */
public final class TokenIssuer {

    private final CompactJwt jwt;
    private final Clock clock;
    private final Duration defaultTtl;

    public TokenIssuer(byte[] key, Clock clock, Duration defaultTtl) {
        this.jwt = new CompactJwt(key);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.defaultTtl = requireTtl(defaultTtl);
    }

    /** A token for a signed-in user, valid for the default time to live. */
    public IssuedToken issueForUser(String userId, String accountId, Role role) {
        if (role == Role.GUEST) {
            throw new IllegalArgumentException("a user token cannot carry the GUEST role; use issueForGuest");
        }
        return issue(userId, accountId, role, null, defaultTtl);
    }

    /** A token that admits a guest (display name and passcode checked) to one meeting. */
    public IssuedToken issueForGuest(String participantId, String accountId, String meetingId) {
        return issueForGuest(participantId, accountId, meetingId, null);
    }

    /** A guest token carrying the meeting's passcode stamp, so a passcode change revokes it. */
    public IssuedToken issueForGuest(String participantId, String accountId, String meetingId, String passcodeStamp) {
        return issue(participantId, accountId, Role.GUEST, meetingId, passcodeStamp, defaultTtl);
    }

    public IssuedToken issue(String subject, String accountId, Role role, String meetingId, Duration ttl) {
        return issue(subject, accountId, role, meetingId, null, ttl);
    }

    private IssuedToken issue(String subject, String accountId, Role role, String meetingId, String passcodeStamp, Duration ttl) {
        // NumericDate has whole seconds (RFC 7519 section 2); truncating here makes the claims
        // returned equal the claims a later verify reads back.
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant expiresAt = now.plusSeconds(requireTtl(ttl).toSeconds());
        AccessToken claims = new AccessToken(
                subject, accountId, role, meetingId, now, expiresAt, UUID.randomUUID().toString(), passcodeStamp);
        return new IssuedToken(jwt.sign(toJson(claims)), claims);
    }

    public TokenVerification verify(String token) {
        Opened<AccessToken> opened = jwt.open(token, TokenIssuer::fromJson);
        if (opened instanceof Opened.Refused<AccessToken> refused) {
            return new Invalid(refused.fault() == CompactJwt.Fault.BAD_SIGNATURE ? Reason.BAD_SIGNATURE : Reason.MALFORMED,
                    refused.detail());
        }
        AccessToken claims = ((Opened.Read<AccessToken>) opened).claims();
        Instant now = clock.instant();
        if (!now.isBefore(claims.expiresAt())) {
            return new Invalid(Reason.EXPIRED, "expired at " + claims.expiresAt() + ", now " + now);
        }
        return new TokenVerification.Valid(claims);
    }

    private static ObjectNode toJson(AccessToken claims) {
        ObjectNode node = JsonNodeFactory.instance.objectNode()
                .put("sub", claims.subject())
                .put("acct", claims.accountId())
                .put("role", claims.role().name());
        if (claims.meetingId() != null) {
            node.put("mtg", claims.meetingId());
        }
        if (claims.passcodeStamp() != null) {
            node.put("pcs", claims.passcodeStamp());
        }
        node.put("iat", claims.issuedAt().getEpochSecond())
                .put("exp", claims.expiresAt().getEpochSecond())
                .put("jti", claims.tokenId());
        return node;
    }

    private static AccessToken fromJson(CompactJwt.Claims claims) {
        return new AccessToken(
                claims.text("sub"),
                claims.text("acct"),
                Role.valueOf(claims.text("role")),
                claims.optionalText("mtg"),
                Instant.ofEpochSecond(claims.seconds("iat")),
                Instant.ofEpochSecond(claims.seconds("exp")),
                claims.text("jti"),
                claims.optionalText("pcs"));
    }

    private static Duration requireTtl(Duration ttl) {
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.toSeconds() < 1) {
            throw new IllegalArgumentException("token time to live must be at least one second, was " + ttl);
        }
        return ttl;
    }
}
