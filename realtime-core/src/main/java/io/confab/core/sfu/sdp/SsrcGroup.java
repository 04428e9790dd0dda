package io.confab.core.sfu.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code a=ssrc-group:<semantics> <ssrc>...} (RFC 5576 §4.2). {@code FID} pairs a media SSRC with
 * its RTX SSRC (RFC 4588 §8.7); {@code SIM} lists simulcast layers, lowest first.
 */
public record SsrcGroup(String semantics, List<Long> ssrcs) {
    public static final String FID = "FID";
    public static final String SIM = "SIM";

    public SsrcGroup {
        Objects.requireNonNull(semantics, "semantics");
        ssrcs = List.copyOf(ssrcs);
        if (semantics.isBlank() || ssrcs.isEmpty()) {
            throw new IllegalArgumentException("an ssrc-group needs semantics and at least one ssrc");
        }
    }

    public String toSdpValue() {
        StringBuilder text = new StringBuilder(semantics);
        ssrcs.forEach(ssrc -> text.append(' ').append(ssrc));
        return text.toString();
    }

    static Optional<SsrcGroup> parse(String value) {
        var fields = Tokens.fields(value);
        if (fields.size() < 2) {
            return Optional.empty();
        }
        List<Long> ssrcs = new ArrayList<>();
        for (String field : fields.subList(1, fields.size())) {
            OptionalLong ssrc = Tokens.ssrc(field);
            if (ssrc.isEmpty()) {
                return Optional.empty();
            }
            ssrcs.add(ssrc.getAsLong());
        }
        return Optional.of(new SsrcGroup(fields.get(0), ssrcs));
    }
}
