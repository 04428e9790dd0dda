package io.confab.core.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Who may read operational endpoints that name live meetings and participants: whoever presents the
 * operator key (a file in the platform's data directory, readable by its owner only) as
 * {@code Authorization: Bearer KEY}. Without a configured key, nobody may.
 */
public final class OperatorCredential {

    private final byte[] key;

    /** @param key the operator key, or null to refuse every request */
    public OperatorCredential(String key) {
        this.key = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
    }

    public void require(Request request) throws ApiException {
        if (key == null) {
            throw ApiException.forbidden("operator endpoints are off: realtime-core was started without --operator-key-file");
        }
        String authorization = request.headers().get("Authorization");
        String presented = authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7).trim() : null;
        // Compared in constant time: the answer's timing must not tell how much of a guess was right.
        if (presented == null || !MessageDigest.isEqual(key, presented.getBytes(StandardCharsets.UTF_8))) {
            throw ApiException.unauthorized("operator credential required: Authorization: Bearer <the key in the data"
                    + " directory's realtime-core/operator.key>");
        }
    }
}
