package io.confab.orchestration.bench;

import io.confab.bot.BotMedia;
import io.confab.bot.source.EncodedAudio;
import io.confab.bot.source.EncodedFrame;
import io.confab.media.file.EndOfClip;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A bot's clip Opus-coded once, before the meeting, and sent frame by frame from memory: the same
 * bytes and levels the bot's encoder would make at each packet (one encoder, the frames in order),
 * without encoding while the platform is measured. A load generator stands for people on other
 * computers; twenty encoders on the platform's own cores are a cost no real meeting puts there.
 * Past the clip's end the last frame (the clip's trailing silence) is sent again.
 */
public final class PreEncodedAudio implements EncodedAudio {

    private final List<EncodedFrame> frames;
    private int next;

    private PreEncodedAudio(List<EncodedFrame> frames) {
        this.frames = frames;
    }

    /** The first {@code frames} 20 ms frames of {@code wav} (followed by silence if it is shorter). */
    public static PreEncodedAudio of(Path wav, int frames) throws IOException {
        if (frames < 1) {
            throw new IllegalArgumentException("a clip of " + frames + " frames");
        }
        EncodedFrame[] coded = new EncodedFrame[frames];
        try (EncodedAudio live = BotMedia.audio(wav, EndOfClip.SILENCE)) {
            for (int i = 0; i < frames; i++) {
                coded[i] = live.next();
            }
        }
        return new PreEncodedAudio(List.of(coded));
    }

    /** Called from the bot's audio clock only. */
    @Override
    public EncodedFrame next() {
        EncodedFrame frame = frames.get(Math.min(next, frames.size() - 1));
        next++;
        return frame;
    }
}
