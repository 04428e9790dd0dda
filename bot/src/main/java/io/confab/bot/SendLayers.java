package io.confab.bot;

import io.confab.bot.source.LayerDemand;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Which of the bot's simulcast layers are on and which owe a key frame, the sender's half of the
 * SFU's layer pausing (realtime-core's sfu/README.md, "Layer pausing"). Every layer starts on, as a
 * browser's encodings do. The SFU's {@code layers} message names the rids someone receives: the
 * others are paused (neither encoded nor sent), and a layer that comes back starts with a key
 * frame, since the SFU can switch a receiver to it only at one. A PLI or FIR for a layer's SSRC
 * (RFC 4585 §6.3.1, RFC 5104 §4.3.1) makes that layer's next frame a key frame.
 *
 * <p>The signaling thread and the RTCP reader change it, the video clock reads it: synchronized.
 */
final class SendLayers {

    private final List<String> rids;
    private final boolean[] on;
    private final boolean[] keyFrameOwed;
    private final long[] pauses;
    private final long[] resumes;

    /** @param rids the layers' rids, lowest first; {@code ""} for a single layer, which is never paused */
    SendLayers(List<String> rids) {
        if (rids.isEmpty()) {
            throw new IllegalArgumentException("no layers to send");
        }
        this.rids = List.copyOf(rids);
        this.on = new boolean[rids.size()];
        this.keyFrameOwed = new boolean[rids.size()];
        this.pauses = new long[rids.size()];
        this.resumes = new long[rids.size()];
        java.util.Arrays.fill(on, true);
    }

    /**
     * The SFU's {@code layers} message: exactly the named rids stay on. Unknown rids are ignored; a
     * single layer without a rid is not simulcast and stays on whatever the message says.
     */
    synchronized void keepOnly(Collection<String> activeRids) {
        for (int i = 0; i < rids.size(); i++) {
            if (rids.get(i).isEmpty()) {
                continue;
            }
            boolean wanted = activeRids.contains(rids.get(i));
            if (wanted && !on[i]) {
                keyFrameOwed[i] = true;
                resumes[i]++;
            } else if (!wanted && on[i]) {
                keyFrameOwed[i] = false;
                pauses[i]++;
            }
            on[i] = wanted;
        }
    }

    /** A PLI or FIR for the layer: its next frame is a key frame (a paused layer's resume gives one anyway). */
    synchronized void requestKeyFrame(int layer) {
        if (on[layer]) {
            keyFrameOwed[layer] = true;
        }
    }

    /** What the next picture is encoded for: every layer that is on, lowest first; key frames owed are paid. */
    synchronized List<LayerDemand> nextPicture() {
        List<LayerDemand> demands = new ArrayList<>(rids.size());
        for (int i = 0; i < rids.size(); i++) {
            if (on[i]) {
                demands.add(new LayerDemand(i, keyFrameOwed[i]));
                keyFrameOwed[i] = false;
            }
        }
        return demands;
    }

    synchronized boolean isOn(int layer) {
        return on[layer];
    }

    synchronized long pauses(int layer) {
        return pauses[layer];
    }

    synchronized long resumes(int layer) {
        return resumes[layer];
    }
}
