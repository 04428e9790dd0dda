package io.confab.core.sfu.sdp;

import io.confab.core.sfu.dtls.Fingerprint;
import io.confab.core.sfu.dtls.FingerprintParseError;
import io.confab.core.sfu.dtls.FingerprintParseResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Reads SDP (RFC 8866) from untrusted text into a {@link SessionDescription}. Tolerant where
 * browsers differ: CRLF or LF, blank lines, extra spaces, attributes in any order, and unknown
 * lines and attributes, which are kept ({@code a=}) or skipped (other letters). Strict where the
 * SFU would otherwise guess: a missing {@code v=}, a bad o= or m-line, or a malformed value of an
 * attribute it reads gives an {@link SdpParseError} naming the line. Never throws.
 */
public final class SdpParser {

    private SdpParser() {
    }

    public static SdpParseResult parse(String text) {
        if (text == null || text.isBlank()) {
            return new SdpParseError(0, SdpParseError.Reason.EMPTY, "no SDP lines");
        }
        return new Reading().read(text.split("\n", -1));
    }

    /** The state of one parse: the session being built and the m-section the lines now belong to. */
    private static final class Reading {
        private Origin origin;
        private String sessionName = "";
        private boolean iceLite;
        private final List<String> iceOptions = new ArrayList<>();
        private TransportParameters transport = TransportParameters.NONE;
        private Optional<Direction> direction = Optional.empty();
        private final List<Group> groups = new ArrayList<>();
        private Optional<String> msidSemantic = Optional.empty();
        private final List<SdpAttribute> attributes = new ArrayList<>();
        private final List<MediaSection> sections = new ArrayList<>();
        private final Set<String> mids = new HashSet<>();
        private MediaSection section;

        SdpParseResult read(String[] lines) {
            boolean versionSeen = false;
            for (int index = 0; index < lines.length; index++) {
                int number = index + 1;
                String line = lines[index].endsWith("\r") ? lines[index].substring(0, lines[index].length() - 1) : lines[index];
                if (line.isBlank()) {
                    continue;
                }
                if (line.length() < 2 || line.charAt(1) != '=' || line.charAt(0) < 'a' || line.charAt(0) > 'z') {
                    return error(number, SdpParseError.Reason.MALFORMED_LINE, "not <letter>=<value>: " + quote(line));
                }
                char type = line.charAt(0);
                String value = line.substring(2);
                if (!versionSeen) {
                    if (type != 'v') {
                        return error(number, SdpParseError.Reason.MISSING_VERSION, "first line is not v=: " + quote(line));
                    }
                    versionSeen = true;
                }
                SdpParseError problem = switch (type) {
                    case 'v' -> value.strip().equals("0") ? null
                            : error(number, SdpParseError.Reason.BAD_VERSION, "v=" + quote(value) + ", only 0 exists");
                    case 'o' -> readOrigin(number, value);
                    case 's' -> {
                        if (section == null) {
                            sessionName = value;
                        }
                        yield null;
                    }
                    case 'm' -> readMediaLine(number, value);
                    case 'b' -> readBandwidth(number, value);
                    case 'a' -> section == null ? readSessionAttribute(number, value) : section.read(number, value, mids);
                    default -> null;
                };
                if (problem != null) {
                    return problem;
                }
            }
            if (origin == null) {
                return error(0, SdpParseError.Reason.BAD_ORIGIN, "no o= line");
            }
            List<MediaDescription> media = new ArrayList<>();
            for (MediaSection s : sections) {
                media.add(s.build(transport, direction));
            }
            return new SessionDescription(origin, sessionName, iceLite, iceOptions, transport, groups, msidSemantic,
                    attributes, media);
        }

        private SdpParseError readOrigin(int number, String value) {
            if (section != null) {
                return null;
            }
            Optional<Origin> parsed = Origin.parse(value);
            if (parsed.isEmpty()) {
                return error(number, SdpParseError.Reason.BAD_ORIGIN, "o=" + quote(value));
            }
            origin = parsed.get();
            return null;
        }

        /** {@code m=<media> <port>[/<count>] <proto> <fmt>...}; formats may be absent in rejected sections. */
        private SdpParseError readMediaLine(int number, String value) {
            List<String> fields = Tokens.fields(value);
            if (fields.size() < 3) {
                return error(number, SdpParseError.Reason.BAD_MEDIA_LINE, "needs media, port and protocol: m=" + quote(value));
            }
            String portText = fields.get(1);
            int slash = portText.indexOf('/');
            OptionalInt port = Tokens.decimalInRange(slash < 0 ? portText : portText.substring(0, slash), 0, 65535);
            if (port.isEmpty() || (slash >= 0 && Tokens.decimalInRange(portText.substring(slash + 1), 1, 65535).isEmpty())) {
                return error(number, SdpParseError.Reason.BAD_PORT, "port " + quote(portText) + " in m=" + quote(value));
            }
            section = new MediaSection(number, fields.get(0), port.getAsInt(), fields.get(2), fields.subList(3, fields.size()));
            sections.add(section);
            return null;
        }

        /** Only AS (RFC 8866 §5.8) and TIAS (RFC 3890) are read; other bandwidth types are skipped. */
        private SdpParseError readBandwidth(int number, String value) {
            int colon = value.indexOf(':');
            String bwType = colon < 0 ? value : value.substring(0, colon);
            if (!bwType.equals("AS") && !bwType.equals("TIAS")) {
                return null;
            }
            OptionalLong amount = colon < 0 ? OptionalLong.empty() : Tokens.decimal(value.substring(colon + 1).strip());
            if (amount.isEmpty()) {
                return error(number, SdpParseError.Reason.BAD_BANDWIDTH, "b=" + quote(value));
            }
            if (section != null) {
                section.bandwidth(bwType, amount.getAsLong());
            }
            return null;
        }

        private SdpParseError readSessionAttribute(int number, String text) {
            SdpAttribute attribute = SdpAttribute.parse(text, number);
            attributes.add(attribute);
            String value = attribute.value().orElse("");
            switch (attribute.name()) {
                case "ice-lite" -> iceLite = true;
                case "ice-options" -> iceOptions.addAll(Tokens.fields(value));
                case "msid-semantic" -> msidSemantic = Optional.of(value.strip());
                case "group" -> {
                    return typed(number, attribute, Group::parse, groups::add);
                }
                case "sendrecv", "sendonly", "recvonly", "inactive" -> direction = Direction.fromToken(attribute.name());
                default -> {
                    return readTransport(number, attribute, transport, updated -> transport = updated);
                }
            }
            return null;
        }
    }

    /** ice-ufrag, ice-pwd, fingerprint and setup, at either level; other attributes pass through. */
    static SdpParseError readTransport(int number, SdpAttribute attribute, TransportParameters current,
                                       Consumer<TransportParameters> update) {
        String value = attribute.value().orElse("").strip();
        switch (attribute.name()) {
            case "ice-ufrag", "ice-pwd" -> {
                if (value.isEmpty() || value.contains(" ")) {
                    return badAttribute(number, attribute);
                }
                update.accept(attribute.name().equals("ice-ufrag") ? current.withIceUfrag(value) : current.withIcePwd(value));
            }
            case "fingerprint" -> {
                FingerprintParseResult parsed = Fingerprint.parse(value);
                if (parsed instanceof Fingerprint fingerprint) {
                    update.accept(current.withFingerprint(fingerprint));
                } else if (((FingerprintParseError) parsed).reason() != FingerprintParseError.Reason.UNSUPPORTED_ALGORITHM) {
                    return badAttribute(number, attribute);
                }
                // A hash function we do not compute (md5, or one newer than ours) is passed over: RFC 8122 §5
                // lets a peer offer several, and without a usable one negotiation names the fingerprint missing.
            }
            case "setup" -> {
                return typed(number, attribute, SetupRole::fromToken, s -> update.accept(current.withSetup(s)));
            }
            default -> {
            }
        }
        return null;
    }

    /** Parses a value the SFU reads and hands it on, or names the line it could not read. */
    static <T> SdpParseError typed(int number, SdpAttribute attribute, Function<String, Optional<T>> parser,
                                   Consumer<T> sink) {
        Optional<T> parsed = parser.apply(attribute.value().orElse("").strip());
        if (parsed.isEmpty()) {
            return badAttribute(number, attribute);
        }
        sink.accept(parsed.get());
        return null;
    }

    static SdpParseError badAttribute(int number, SdpAttribute attribute) {
        return error(number, SdpParseError.Reason.BAD_ATTRIBUTE,
                "a=" + attribute.name() + attribute.value().map(v -> ":" + quote(v)).orElse(""));
    }

    static SdpParseError error(int line, SdpParseError.Reason reason, String detail) {
        return new SdpParseError(line, reason, detail);
    }

    /** Keeps details short: an attacker's 1 MB line should not end up in logs whole. */
    static String quote(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
