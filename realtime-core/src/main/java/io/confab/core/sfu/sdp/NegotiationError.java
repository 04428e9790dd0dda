package io.confab.core.sfu.sdp;

import java.util.Objects;
import java.util.Optional;

/**
 * Why an offer could not be answered or an answer not accepted: the problem, the mid it concerns
 * when it concerns one, and a detail fit to send back to the peer. The connection's state is
 * unchanged by it.
 */
public record NegotiationError(Problem problem, Optional<String> mid, String detail)
        implements PublishAnswerResult, SubscribeAnswerResult {

    public NegotiationError {
        Objects.requireNonNull(problem, "problem");
        Objects.requireNonNull(mid, "mid");
        Objects.requireNonNull(detail, "detail");
    }

    static NegotiationError of(Problem problem, String mid, String detail) {
        return new NegotiationError(problem, mid == null || mid.isEmpty() ? Optional.empty() : Optional.of(mid), detail);
    }

    static NegotiationError of(Problem problem, String detail) {
        return new NegotiationError(problem, Optional.empty(), detail);
    }

    public enum Problem {
        /** The SDP did not parse; the detail carries the line number and the parser's reason. */
        MALFORMED_SDP,
        /** Not one m-section of the offer has a codec the SFU takes; the detail lists what was offered. */
        NO_USABLE_CODEC,
        /** An m-section without {@code a=mid}, which unified plan and BUNDLE need (RFC 8829 §5.2.1). */
        MISSING_MID,
        MISSING_ICE_CREDENTIALS,
        MISSING_FINGERPRINT,
        /** An {@code a=setup} that would make the SFU the DTLS client (RFC 5763 §5). */
        BAD_SETUP_ROLE,
        /** The peer is ICE-lite too; two lite agents never check connectivity (RFC 8445 §2.5). */
        PEER_IS_ICE_LITE,
        /** More than one usable m-section but no BUNDLE group holding them; the SFU has one transport. */
        BUNDLE_REQUIRED,
        /** An answer whose m-sections are not the offer's, in number, order or mid (RFC 3264 §6). */
        MEDIA_SECTIONS_DIFFER,
        /** An answer direction the offer does not allow (RFC 3264 §6.1). */
        BAD_DIRECTION,
        /** An answer that rejects an m-section with port 0. */
        MEDIA_REJECTED,
        /** An answer that receives an m-section but leaves out the codec offered in it. */
        CODEC_NOT_ACCEPTED,
        /** An answer arrived when no offer was waiting for one. */
        NO_OFFER_PENDING
    }
}
