package io.confab.transcription;

import io.confab.transcription.bench.SpeechCorpus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What the tests share in one JVM: one transcriber (the model loads once) and the spoken corpus
 * (espeak-ng, three voices, through Opus at the bot's bitrate), made on first use.
 */
public final class TestSpeech {
    private static Transcriber transcriber;
    private static List<SpeechCorpus.Line> corpus;
    private static Path scratch;

    private TestSpeech() {
    }

    public static synchronized Transcriber transcriber() {
        if (transcriber == null) {
            transcriber = Transcriber.start(TranscriptionConfig.defaults().withCacheDirectory(cache()));
        }
        return transcriber;
    }

    /** The build's own cache folder, so tests never touch the user's ~/.cache. */
    public static Path cache() {
        return Path.of("target", "vosk-cache").toAbsolutePath();
    }

    public static synchronized Path scratch() {
        if (scratch == null) {
            try {
                scratch = Files.createDirectories(Path.of("target", "speech").toAbsolutePath());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return scratch;
    }

    public static synchronized List<SpeechCorpus.Line> corpus() {
        if (corpus == null) {
            try {
                corpus = SpeechCorpus.spoken(scratch());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return corpus;
    }

    public static List<SpeechCorpus.Line> voice(String voice) {
        return corpus().stream().filter(line -> line.voice().equals(voice)).toList();
    }

    /** A 16-bit mono PCM WAV file. */
    public static Path writeWav(Path file, short[] pcm, int rate) throws IOException {
        ByteBuffer out = ByteBuffer.allocate(44 + pcm.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        out.put("RIFF".getBytes()).putInt(36 + pcm.length * 2).put("WAVE".getBytes());
        out.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(rate).putInt(rate * 2)
                .putShort((short) 2).putShort((short) 16);
        out.put("data".getBytes()).putInt(pcm.length * 2);
        for (short sample : pcm) {
            out.putShort(sample);
        }
        Files.write(file, out.array());
        return file;
    }
}
