package io.confab.core.accounts;

import java.util.Objects;

/**
 * A token as handed to a client: the compact string it sends back as {@code Authorization: Bearer}
 * (or in the signaling join), and the claims it carries, for the response's expiry and for audit.
 */
public record IssuedToken(String bearer, AccessToken claims) {

    public IssuedToken {
        Objects.requireNonNull(bearer, "bearer");
        Objects.requireNonNull(claims, "claims");
    }
}
