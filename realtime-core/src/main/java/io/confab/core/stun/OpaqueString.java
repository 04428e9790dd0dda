package io.confab.core.stun;

import java.text.Normalizer;
import java.util.Optional;

/**
 * The PRECIS OpaqueString profile (RFC 8265 §4.2) that RFC 8489 §9.2.2 applies to realms and
 * passwords before hashing: non-ASCII spaces become U+0020, then NFC. Strings that are empty or
 * hold control characters are refused rather than hashed, so two servers never disagree on a key.
 *
 * <p>This is not the full PRECIS FreeformClass check (unassigned code points pass), and it is not
 * RFC 4013 SASLprep: SASLprep used NFKC, so the RFC 5769 §2.4 password "TheMªtrⅨ" prepares to
 * "TheMatrIX" there but stays itself here. Credentials Confab issues are ASCII, where both agree.
 */
public final class OpaqueString {
    private OpaqueString() {
    }

    public static Optional<String> prepare(String text) {
        if (text == null) {
            return Optional.empty();
        }
        StringBuilder mapped = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            i += Character.charCount(codePoint);
            if (Character.getType(codePoint) == Character.CONTROL) {
                return Optional.empty();
            }
            boolean nonAsciiSpace = codePoint > 0x7F && Character.getType(codePoint) == Character.SPACE_SEPARATOR;
            mapped.appendCodePoint(nonAsciiSpace ? ' ' : codePoint);
        }
        String normalized = Normalizer.normalize(mapped, Normalizer.Form.NFC);
        return normalized.isEmpty() ? Optional.empty() : Optional.of(normalized);
    }
}
