package io.confab.core.guard;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * What guesses are counted against: the address they come from, the account (email) or meeting they
 * aim at from anywhere, and that account or meeting from this one address. The pair is what stops
 * one guesser at once without locking everyone else out of the meeting or the account; the
 * target-wide count, with a higher limit, is for guessers spread over many addresses.
 */
public record GuessKey(Scope scope, String value) {

    public enum Scope {
        SOURCE_ADDRESS("from your address"),
        ACCOUNT("for this email"),
        MEETING("for this meeting"),
        ACCOUNT_FROM_SOURCE("for this email from your address"),
        MEETING_FROM_SOURCE("for this meeting from your address");

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

    /** What a sign-in is counted against: its address, the email, and the email from that address. */
    public static List<GuessKey> password(String sourceAddress, String email) {
        GuessKey source = source(sourceAddress);
        GuessKey account = account(email);
        return List.of(source, account, new GuessKey(Scope.ACCOUNT_FROM_SOURCE, account.value + " from " + source.value));
    }

    /** What a passcode is counted against: its address, the meeting, and the meeting from that address. */
    public static List<GuessKey> passcode(String sourceAddress, String meetingId) {
        GuessKey source = source(sourceAddress);
        GuessKey meeting = meeting(meetingId);
        return List.of(source, meeting, new GuessKey(Scope.MEETING_FROM_SOURCE, meeting.value + " from " + source.value));
    }

    @Override
    public String toString() {
        return scope.name().toLowerCase(Locale.ROOT) + ":" + value;
    }
}
