package io.confab.core.sfu.sdp;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code a=rid:<id> <send|recv> [<restrictions>]} (RFC 8851 §10): one RTP stream, usually one
 * simulcast layer, named by the id carried in the RtpStreamId header extension. Restrictions stay
 * as their {@code key=value} texts in order, for example {@code pt=96,97} or {@code max-width=1280}.
 */
public record Rid(String id, Direction direction, List<String> restrictions) {
    /** RFC 8851 §10: rid-syntax is alphanumerics, '-' and '_'. */
    private static final Pattern RID_ID = Pattern.compile("[A-Za-z0-9_-]+");

    public Rid {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(direction, "direction");
        restrictions = List.copyOf(restrictions);
        if (!RID_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("rid id must be alphanumerics, '-' or '_': '" + id + "'");
        }
        if (direction != Direction.SENDONLY && direction != Direction.RECVONLY) {
            throw new IllegalArgumentException("a rid is either send (SENDONLY) or recv (RECVONLY): " + direction);
        }
    }

    static boolean isValidId(String id) {
        return RID_ID.matcher(id).matches();
    }

    public boolean isSend() {
        return direction == Direction.SENDONLY;
    }

    /** A restriction's value by key, e.g. {@code restriction("max-width")}. */
    public Optional<String> restriction(String key) {
        for (String restriction : restrictions) {
            int equals = restriction.indexOf('=');
            if (equals > 0 && restriction.substring(0, equals).equals(key)) {
                return Optional.of(restriction.substring(equals + 1));
            }
        }
        return Optional.empty();
    }

    public String toSdpValue() {
        return id + " " + (isSend() ? "send" : "recv") + (restrictions.isEmpty() ? "" : " " + String.join(";", restrictions));
    }

    static Optional<Rid> parse(String value) {
        var fields = Tokens.fields(value);
        if (fields.size() < 2 || fields.size() > 3 || !RID_ID.matcher(fields.get(0)).matches()) {
            return Optional.empty();
        }
        Direction direction;
        switch (fields.get(1)) {
            case "send" -> direction = Direction.SENDONLY;
            case "recv" -> direction = Direction.RECVONLY;
            default -> {
                return Optional.empty();
            }
        }
        List<String> restrictions = fields.size() == 3
                ? Arrays.stream(fields.get(2).split(";")).map(String::strip).filter(s -> !s.isEmpty()).toList()
                : List.of();
        return Optional.of(new Rid(fields.get(0), direction, restrictions));
    }
}
