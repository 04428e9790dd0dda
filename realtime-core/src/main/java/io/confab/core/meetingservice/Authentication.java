package io.confab.core.meetingservice;

import io.confab.core.accounts.AccessToken;
import io.confab.core.accounts.RevokedTokens;
import io.confab.core.accounts.TokenIssuer;
import io.confab.core.accounts.TokenVerification;
import io.confab.core.http.ApiException;
import io.confab.core.http.Request;
import io.confab.storage.events.AuditOutcome;

import java.util.Optional;

/** Checks bearer tokens at the edge; every refusal is a 401 that says why, and an audit entry. */
public final class Authentication {

    private final TokenIssuer tokens;
    private final Audit audit;
    private final RevokedTokens revoked;

    public Authentication(TokenIssuer tokens, Audit audit, RevokedTokens revoked) {
        this.tokens = tokens;
        this.audit = audit;
        this.revoked = revoked;
    }

    /** The caller's token; 401 when it is missing, malformed, forged or expired. */
    public AccessToken require(Request request) throws ApiException {
        return optional(request).orElseThrow(() -> ApiException.unauthorized("sign in first: this call needs a bearer token"));
    }

    /** The caller's token if one was sent; a bad one is still a 401 rather than anonymous access. */
    public Optional<AccessToken> optional(Request request) throws ApiException {
        Optional<String> bearer = request.bearerToken();
        if (bearer.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(verify(bearer.get(), request.remoteAddress(), request.method() + " " + request.path()));
    }

    /**
     * True when {@code bearer} is a genuine, unexpired token that was revoked, audited like a refusal
     * here; for the proxy to data-api, which judges every other token itself.
     */
    public boolean revokedBearer(String bearer, String sourceAddress, String where) {
        if (tokens.verify(bearer) instanceof TokenVerification.Valid valid && revoked.isRevoked(valid.token())) {
            audit.record(valid.token().accountId(), valid.token().subject(), "auth.token", where, AuditOutcome.DENIED,
                    "REVOKED: signed out", sourceAddress);
            return true;
        }
        return false;
    }

    /** Verifies a token from any edge (REST or signaling), auditing a refusal. */
    public AccessToken verify(String bearer, String sourceAddress, String where) throws ApiException {
        TokenVerification verification = tokens.verify(bearer);
        if (verification instanceof TokenVerification.Valid valid) {
            if (revoked.isRevoked(valid.token())) {
                audit.record(valid.token().accountId(), valid.token().subject(), "auth.token", where, AuditOutcome.DENIED,
                        "REVOKED: signed out", sourceAddress);
                throw ApiException.unauthorized("this token was revoked (signed out); sign in again");
            }
            return valid.token();
        }
        TokenVerification.Invalid invalid = (TokenVerification.Invalid) verification;
        audit.record(null, "anonymous", "auth.token", where, AuditOutcome.DENIED,
                invalid.reason().name() + ": " + invalid.detail(), sourceAddress);
        throw ApiException.unauthorized(invalid.reason().message());
    }
}
