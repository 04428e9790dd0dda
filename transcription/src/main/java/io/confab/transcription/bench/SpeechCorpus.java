package io.confab.transcription.bench;

import io.confab.media.codec.PcmResampler;
import io.confab.transcription.recognition.RecognizerPool;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The test and benchmark speech: three espeak-ng voices (the demo's), three meeting sentences each,
 * every sentence passed through the bot's Opus path and resampled to 16 kHz as the transcription
 * job will hear it.
 */
public final class SpeechCorpus {
    /** The demo's three voices (orchestration's SpeechClips): American, British, American female. */
    public static final List<String> VOICES = List.of("en-us", "en-gb", "en-us+f3");

    private static final List<List<String>> SENTENCES = List.of(
            List.of("good morning everyone and welcome to the weekly planning meeting",
                    "today we will look at the budget for the next quarter",
                    "please send me your numbers before the end of the week"),
            List.of("thank you I have finished the report on customer support",
                    "the new team started work on Monday and they are doing well",
                    "we should hire two more people in the spring"),
            List.of("I agree with that plan and I can help with the hiring",
                    "let us meet again on Thursday at ten in the morning",
                    "have a great day and see you all next time"));

    /** One sentence as spoken: its voice, its reference text, and its 16 kHz audio after Opus. */
    public record Line(String voice, String text, short[] pcm16k) {
        public double seconds() {
            return pcm16k.length / (double) RecognizerPool.SAMPLE_RATE;
        }
    }

    private SpeechCorpus() {
    }

    public static List<String> sentences(int voice) {
        return SENTENCES.get(voice);
    }

    /** Every voice's sentences, spoken, Opus-coded at the bot's bitrate and back, at 16 kHz. */
    public static List<Line> spoken(Path scratch) throws IOException {
        List<Line> lines = new ArrayList<>();
        for (int v = 0; v < VOICES.size(); v++) {
            for (String text : SENTENCES.get(v)) {
                short[] pcm48k = Espeak.pcm(VOICES.get(v), text, scratch, 48_000);
                lines.add(new Line(VOICES.get(v), text, to16k(OpusRoundTrip.encodeDecode(pcm48k, OpusRoundTrip.BOT_BITRATE))));
            }
        }
        return lines;
    }

    /** 48 kHz mono to 16 kHz through the same resampler the live path uses. */
    public static short[] to16k(short[] pcm48k) {
        try (PcmResampler resampler = new PcmResampler(48_000, RecognizerPool.SAMPLE_RATE)) {
            short[] body = resampler.resample(pcm48k, 0, pcm48k.length);
            short[] tail = resampler.flush();
            short[] all = java.util.Arrays.copyOf(body, body.length + tail.length);
            System.arraycopy(tail, 0, all, body.length, tail.length);
            return all;
        }
    }

    /** The lines one after another with {@code gapSeconds} of silence before each and after the last. */
    public static short[] track(List<Line> lines, double gapSeconds) {
        int gap = (int) (gapSeconds * RecognizerPool.SAMPLE_RATE);
        int length = gap;
        for (Line line : lines) {
            length += line.pcm16k().length + gap;
        }
        short[] track = new short[length];
        int at = gap;
        for (Line line : lines) {
            System.arraycopy(line.pcm16k(), 0, track, at, line.pcm16k().length);
            at += line.pcm16k().length + gap;
        }
        return track;
    }

    /** The lines' texts joined: the reference of a track. */
    public static String reference(List<Line> lines) {
        return String.join(" ", lines.stream().map(Line::text).toList());
    }
}
