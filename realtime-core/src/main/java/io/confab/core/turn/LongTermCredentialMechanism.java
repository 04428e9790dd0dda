package io.confab.core.turn;

import io.confab.core.stun.AttributeType;
import io.confab.core.stun.StunErrorCode;
import io.confab.core.stun.IntegrityCheck;
import io.confab.core.stun.IntegrityKey;
import io.confab.core.stun.MessageIntegrity;
import io.confab.core.stun.PasswordAlgorithm;
import io.confab.core.stun.StunClass;
import io.confab.core.stun.StunMessage;
import io.confab.core.stun.StunMessageBuilder;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * The long-term credential mechanism on the server side (RFC 8489 §9.2.4), in the RFC's order:
 * no integrity → 401 with REALM and NONCE; integrity without USERNAME/USERHASH, REALM or NONCE
 * → 400; PASSWORD-ALGORITHMS not the list we offered, or a PASSWORD-ALGORITHM not in it → 400
 * (the bid-down check of §9.2.4); stale nonce → 438 with a fresh one; unknown user, expired
 * ephemeral credential, wrong realm or wrong HMAC → 401. 401 and 438 carry REALM, NONCE and
 * PASSWORD-ALGORITHMS but no MESSAGE-INTEGRITY: there is no agreed key yet.
 */
final class LongTermCredentialMechanism {

    sealed interface Result permits Authenticated, Refused {
    }

    /** @param account whom quotas count against: a static user, or the user part of a TURN REST name */
    record Authenticated(String username, String account, IntegrityKey key, ResponseSigning signing) implements Result {
    }

    record Refused(StunErrorCode code, byte[] response) implements Result {
    }

    /** Offered in every challenge, strongest last as in RFC 8489's example; MD5 stays for RFC 5389 clients. */
    static final List<PasswordAlgorithm> OFFERED = List.of(PasswordAlgorithm.MD5, PasswordAlgorithm.SHA_256);
    private static final byte[] OFFERED_VALUE = PasswordAlgorithm.encodeAll(OFFERED);

    private final TurnConfig config;
    private final Credentials credentials;
    private final NonceIssuer nonces;

    LongTermCredentialMechanism(TurnConfig config, NonceIssuer nonces) {
        this.config = config;
        this.credentials = new Credentials(config);
        this.nonces = nonces;
    }

    Result check(FiveTuple tuple, StunMessage request, Instant now) {
        boolean sha1 = request.has(AttributeType.MESSAGE_INTEGRITY);
        boolean sha256 = request.has(AttributeType.MESSAGE_INTEGRITY_SHA256);
        if (!sha1 && !sha256) {
            return challenge(tuple, request, StunErrorCode.UNAUTHENTICATED, now);
        }
        boolean named = request.has(AttributeType.USERNAME) || request.has(AttributeType.USERHASH);
        if (!named || request.realm().isEmpty() || request.nonce().isEmpty() || biddingDown(request)) {
            StunErrorCode code = StunErrorCode.BAD_REQUEST;
            return new Refused(code, ResponseSigning.unauthenticated(request)
                    .sign(StunMessageBuilder.answering(request, StunClass.ERROR_RESPONSE).errorCode(code)));
        }
        if (nonces.check(request.nonce().get(), tuple.client().getAddress(), now) == NonceIssuer.Verdict.STALE) {
            return challenge(tuple, request, StunErrorCode.STALE_NONCE, now);
        }
        Credentials.Lookup lookup = request.username()
                .map(username -> credentials.byUsername(username, now))
                .orElseGet(() -> credentials.byUserhash(request.userhash().orElseThrow()));
        if (!(lookup instanceof Credentials.Found found) || !config.realm().equals(request.realm().get())) {
            return challenge(tuple, request, StunErrorCode.UNAUTHENTICATED, now);
        }
        PasswordAlgorithm algorithm = request.passwordAlgorithm().orElse(PasswordAlgorithm.MD5);
        IntegrityKey key = IntegrityKey.longTerm(found.username(), config.realm(), found.password(), algorithm);
        // With both present, MESSAGE-INTEGRITY-SHA256 is the one that counts (RFC 8489 §14.6).
        IntegrityCheck check = sha256 ? MessageIntegrity.verifySha256(request, key) : MessageIntegrity.verifySha1(request, key);
        if (check != IntegrityCheck.VALID) {
            return challenge(tuple, request, StunErrorCode.UNAUTHENTICATED, now);
        }
        return new Authenticated(found.username(), found.account(), key, ResponseSigning.with(key, request));
    }

    /**
     * A client that read our PASSWORD-ALGORITHMS must echo the list unchanged with its choice; with
     * neither attribute it is an RFC 5389 client and uses MD5 (§9.2.4). Anything else may be an
     * attacker who removed SHA-256 from the challenge.
     */
    private static boolean biddingDown(StunMessage request) {
        boolean list = request.has(AttributeType.PASSWORD_ALGORITHMS);
        boolean choice = request.has(AttributeType.PASSWORD_ALGORITHM);
        if (!list && !choice) {
            return false;
        }
        byte[] echoed = request.attribute(AttributeType.PASSWORD_ALGORITHMS).map(a -> a.value()).orElse(new byte[0]);
        return !list || !choice || !Arrays.equals(echoed, OFFERED_VALUE)
                || request.passwordAlgorithm().filter(OFFERED::contains).isEmpty();
    }

    private Refused challenge(FiveTuple tuple, StunMessage request, StunErrorCode code, Instant now) {
        byte[] response = ResponseSigning.unauthenticated(request).sign(
                StunMessageBuilder.answering(request, StunClass.ERROR_RESPONSE).errorCode(code)
                        .realm(config.realm()).nonce(nonces.issue(tuple.client().getAddress(), now))
                        .passwordAlgorithms(OFFERED));
        return new Refused(code, response);
    }
}
