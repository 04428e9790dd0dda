package io.confab.jobs.usage;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Deterministic record ids: the same fact always gets the same id, so a replay after a crash
 * overwrites its earlier row instead of adding to it (storage/README.md, UsageRecord.recordId).
 */
public final class UsageIds {

    /**
     * One MD5 per thread, reused: {@link UUID#nameUUIDFromBytes} looks the algorithm up among the
     * security providers on every call, which cost more than the digest itself.
     */
    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing, which every Java platform must provide", e);
        }
    });

    private UsageIds() {
    }

    /**
     * A name-based (v3) UUID of the parts joined with a separator that ids never contain: the
     * same id {@code UUID.nameUUIDFromBytes} gives for those bytes (RFC 4122 section 4.3).
     */
    public static String of(Object... parts) {
        StringBuilder identity = new StringBuilder(96).append("usage");
        for (Object part : parts) {
            identity.append('\u001f').append(part);
        }
        byte[] md5 = MD5.get().digest(identity.toString().getBytes(StandardCharsets.UTF_8));
        md5[6] = (byte) ((md5[6] & 0x0f) | 0x30); // version 3
        md5[8] = (byte) ((md5[8] & 0x3f) | 0x80); // the IETF variant
        long most = 0;
        long least = 0;
        for (int i = 0; i < 8; i++) {
            most = (most << 8) | (md5[i] & 0xff);
            least = (least << 8) | (md5[8 + i] & 0xff);
        }
        return new UUID(most, least).toString();
    }
}
