package io.confab.core.sfu.sdp;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** {@code a=group:<semantics> <mid>...} (RFC 5888 §5); the SFU cares about {@code BUNDLE} (RFC 8843). */
public record Group(String semantics, List<String> mids) {
    public static final String BUNDLE = "BUNDLE";

    public Group {
        Objects.requireNonNull(semantics, "semantics");
        mids = List.copyOf(mids);
        if (semantics.isBlank()) {
            throw new IllegalArgumentException("group semantics must not be blank");
        }
    }

    public String toSdpValue() {
        return mids.isEmpty() ? semantics : semantics + " " + String.join(" ", mids);
    }

    static Optional<Group> parse(String value) {
        var fields = Tokens.fields(value);
        return fields.isEmpty() ? Optional.empty()
                : Optional.of(new Group(fields.get(0), fields.subList(1, fields.size())));
    }
}
