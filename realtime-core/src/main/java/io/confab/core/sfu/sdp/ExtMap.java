package io.confab.core.sfu.sdp;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code a=extmap:<id>[/<direction>] <uri> [<attributes>]} (RFC 8285 §7): which local identifier
 * an RTP header extension travels under.
 */
public record ExtMap(int id, Optional<Direction> direction, String uri, Optional<String> attributes) {

    public ExtMap {
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(attributes, "attributes");
        if (!isValidId(id)) {
            throw new IllegalArgumentException("extmap id must be 1-255 or 4096-4351: " + id);
        }
        if (uri.isBlank() || uri.contains(" ")) {
            throw new IllegalArgumentException("extmap uri must be one token: '" + uri + "'");
        }
    }

    public ExtMap(int id, String uri) {
        this(id, Optional.empty(), uri, Optional.empty());
    }

    /**
     * 1-14 fit the one-byte header, up to 255 the two-byte one; 4096-4351 may appear in offers to
     * be remapped by the answer (RFC 8285 §5, §6).
     */
    static boolean isValidId(int id) {
        return (id >= 1 && id <= 255) || (id >= 4096 && id <= 4351);
    }

    public String toSdpValue() {
        return id + direction.map(d -> "/" + d.token()).orElse("") + " " + uri + attributes.map(a -> " " + a).orElse("");
    }

    static Optional<ExtMap> parse(String value) {
        String[] headAndRest = Tokens.headAndRest(value);
        String[] idAndDirection = headAndRest[0].split("/", -1);
        if (idAndDirection.length > 2 || headAndRest[1].isEmpty()) {
            return Optional.empty();
        }
        OptionalInt id = Tokens.decimalInRange(idAndDirection[0], 1, 4351);
        Optional<Direction> direction = idAndDirection.length == 2
                ? Direction.fromToken(idAndDirection[1]) : Optional.empty();
        if (id.isEmpty() || !isValidId(id.getAsInt()) || (idAndDirection.length == 2 && direction.isEmpty())) {
            return Optional.empty();
        }
        String[] uriAndAttributes = Tokens.headAndRest(headAndRest[1]);
        return Optional.of(new ExtMap(id.getAsInt(), direction, uriAndAttributes[0],
                uriAndAttributes[1].isEmpty() ? Optional.empty() : Optional.of(uriAndAttributes[1])));
    }
}
