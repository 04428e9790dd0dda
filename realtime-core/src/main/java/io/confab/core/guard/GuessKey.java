package io.confab.core.guard;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/** What guesses are counted against: the address they come from, the account (email) or the meeting they aim at. */
public record GuessKey(Scope scope, String value) {

    public enum Scope {
        SOURCE_ADDRESS("from your address"),
        ACCOUNT("for this email"),
        MEETING("for this meeting");

        /** How a refusal names the scope to the person refused. */
        final String phrase;

        Scope(String phrase) {
            this.phrase = phrase;
        }
    }

    public GuessKey {
        if (scope == null || value == null) {
            throw new IllegalArgumentException("a guess key needs a scope and a value");
        }
    }

    /**
     * The address a guess comes from. An IPv6 host is given a whole /64 (RFC 4291 section 2.5.4: the
     * interface identifier is the host's own to pick), so counting per address would let it pick a
     * fresh one for every guess.
     */
    public static GuessKey source(String address) {
        String value = address;
        try {
            if (address.indexOf(':') >= 0) {
                // A literal from the socket: parsed without any name lookup.
                InetAddress parsed = InetAddress.getByName(address);
                if (parsed instanceof Inet6Address) {
                    byte[] bytes = parsed.getAddress();
                    StringBuilder prefix = new StringBuilder();
                    for (int i = 0; i < 8; i += 2) {
                        prefix.append(String.format("%02x%02x:", bytes[i], bytes[i + 1]));
                    }
                    value = prefix + ":/64";
                }
            }
        } catch (UnknownHostException e) {
            value = address;
        }
        return new GuessKey(Scope.SOURCE_ADDRESS, value);
    }

    /** An email as typed, folded to lower case, whether or not an account has it. */
    public static GuessKey account(String email) {
        return new GuessKey(Scope.ACCOUNT, email == null ? "" : email.strip().toLowerCase(Locale.ROOT));
    }

    /** A meeting id's digits (or what was typed, when it is not one), whether or not the meeting exists. */
    public static GuessKey meeting(String id) {
        return new GuessKey(Scope.MEETING, id == null ? "" : id);
    }

    @Override
    public String toString() {
        return scope.name().toLowerCase(Locale.ROOT) + ":" + value;
    }
}
