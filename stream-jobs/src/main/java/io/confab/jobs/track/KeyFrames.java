package io.confab.jobs.track;

import io.confab.media.vp8.Vp8PayloadDescriptor;
import io.confab.storage.events.MediaKind;
import io.confab.storage.events.MediaPacket;
import java.nio.ByteBuffer;
import java.util.Locale;

/** Tells which tapped packets start a video key frame: where a decoder rebuilt after a crash can begin. */
public final class KeyFrames {

    private KeyFrames() {
    }

    public static boolean startsKeyFrame(MediaPacket packet) {
        if (packet.getKind() != MediaKind.VIDEO || !packet.getCodec().toLowerCase(Locale.ROOT).equals("vp8")) {
            return false;
        }
        ByteBuffer payload = packet.getPayload().duplicate();
        byte[] bytes = new byte[Math.min(payload.remaining(), 64)];
        payload.get(bytes);
        Vp8PayloadDescriptor descriptor = new Vp8PayloadDescriptor();
        return descriptor.parse(bytes, 0, bytes.length) == Vp8PayloadDescriptor.Status.OK && descriptor.isKeyFrameStart();
    }
}
