package io.confab.core.accounts;

import java.net.IDN;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An email address as an account's sign-in name, normalized to lower case so that
 * {@code Alice@Example.com} and {@code alice@example.com} are one account. RFC 5321 lets the
 * local part be case-sensitive, but no mail provider in use treats it so, and two accounts that
 * differ only in case would be a support problem, not a feature.
 *
 * <p>The check is deliberately basic: a dot-atom local part (RFC 5322 section 3.2.3, no quoted
 * strings), a domain of at least two LDH labels, the RFC 5321 section 4.5.3.1 length limits.
 * A Unicode domain is stored in its ASCII (punycode) form. Whether the mailbox exists is for a
 * confirmation mail to find out.
 */
public record Email(String address) {

    public static final String FIELD = "email";

    private static final int MAX_LENGTH = 254;
    private static final int MAX_LOCAL = 64;
    private static final int MAX_LABEL = 63;
    private static final Pattern LOCAL_PART =
            Pattern.compile("[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");

    public Email {
        Objects.requireNonNull(address, "address");
        String problem = problem(address);
        if (problem != null || !address.equals(normalize(address))) {
            throw new IllegalArgumentException(
                    "not a normalized email address: " + (problem != null ? problem : "not lower case"));
        }
    }

    /** Checks and normalizes an address typed by a person; the error names the field {@code email}. */
    public static Validated<Email> parse(String raw) {
        if (raw == null || raw.isBlank()) {
            return Validated.rejected(FIELD, "is required");
        }
        String normalized = normalize(raw);
        String problem = problem(normalized);
        return problem == null
                ? Validated.accepted(new Email(normalized))
                : Validated.rejected(FIELD, problem);
    }

    private static String normalize(String raw) {
        String trimmed = raw.strip();
        int at = trimmed.lastIndexOf('@');
        if (at < 0) {
            return trimmed.toLowerCase(Locale.ROOT);
        }
        String domain = trimmed.substring(at + 1);
        try {
            domain = IDN.toASCII(domain);
        } catch (IllegalArgumentException e) {
            // Left as typed; problem() then reports the domain as invalid.
        }
        return (trimmed.substring(0, at) + "@" + domain).toLowerCase(Locale.ROOT);
    }

    /** What is wrong with a normalized address, or null if nothing is. */
    private static String problem(String address) {
        if (address.length() > MAX_LENGTH) {
            return "must be at most " + MAX_LENGTH + " characters";
        }
        int at = address.indexOf('@');
        if (at < 0 || at != address.lastIndexOf('@')) {
            return "must contain exactly one @, as in name@example.com";
        }
        String local = address.substring(0, at);
        String domain = address.substring(at + 1);
        if (local.isEmpty() || local.length() > MAX_LOCAL) {
            return "the part before @ must be 1-" + MAX_LOCAL + " characters";
        }
        if (!LOCAL_PART.matcher(local).matches()) {
            return "the part before @ may hold letters, digits and !#$%&'*+/=?^_`{|}~- separated by"
                    + " single dots";
        }
        String[] labels = domain.split("\\.", -1);
        if (labels.length < 2) {
            return "the domain must have at least two parts, as in example.com";
        }
        for (String label : labels) {
            if (label.length() > MAX_LABEL || !LABEL.matcher(label).matches()) {
                return "the domain is not a valid host name";
            }
        }
        if (labels[labels.length - 1].chars().allMatch(Character::isDigit)) {
            return "the domain must be a host name, not an IP address";
        }
        return null;
    }

    @Override
    public String toString() {
        return address;
    }
}
