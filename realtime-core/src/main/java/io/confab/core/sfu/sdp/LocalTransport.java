package io.confab.core.sfu.sdp;

import io.confab.core.sfu.dtls.Fingerprint;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The SFU's side of one connection's transport: its ICE credentials (RFC 8839 §5.4), the
 * fingerprint of its DTLS certificate (RFC 8122) and its host candidates, most preferred first.
 */
public record LocalTransport(String iceUfrag, String icePwd, Fingerprint fingerprint, List<HostCandidate> candidates) {
    /** RFC 8839 §5.4: ice-char is ALPHA / DIGIT / "+" / "/". */
    private static final Pattern ICE_CHARS = Pattern.compile("[A-Za-z0-9+/]+");

    /**
     * @throws IllegalArgumentException when the ufrag is not 4-256 ice-chars, the password not
     *     22-256 ice-chars (RFC 8839 §5.4), or there is no candidate
     */
    public LocalTransport {
        Objects.requireNonNull(iceUfrag, "iceUfrag");
        Objects.requireNonNull(icePwd, "icePwd");
        Objects.requireNonNull(fingerprint, "fingerprint");
        candidates = List.copyOf(candidates);
        if (iceUfrag.length() < 4 || iceUfrag.length() > 256 || !ICE_CHARS.matcher(iceUfrag).matches()) {
            throw new IllegalArgumentException("ice-ufrag must be 4-256 ice-chars (RFC 8839 §5.4)");
        }
        if (icePwd.length() < 22 || icePwd.length() > 256 || !ICE_CHARS.matcher(icePwd).matches()) {
            throw new IllegalArgumentException("ice-pwd must be 22-256 ice-chars (RFC 8839 §5.4)");
        }
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("an ICE-lite agent needs at least one host candidate");
        }
    }
}
