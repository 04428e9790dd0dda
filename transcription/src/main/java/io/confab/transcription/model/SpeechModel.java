package io.confab.transcription.model;

import io.confab.transcription.TranscriptionConfig;
import org.vosk.LibVosk;
import org.vosk.Model;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loaded Vosk model, shared by every recognizer in the process. Loading the small model takes
 * about a second and 100 MB of native memory, so each model folder is loaded once per process
 * ({@link #obtain}) and never closed: recognizers made from it may outlive any one caller.
 */
public final class SpeechModel {
    private static final Map<Path, SpeechModel> LOADED = new ConcurrentHashMap<>();
    private static volatile TranscriptionConfig.VoskLog logLevel;

    private final Model vosk;
    private final Path folder;
    private final String source;
    private final Duration loadTime;

    private SpeechModel(Model vosk, Path folder, String source, Duration loadTime) {
        this.vosk = vosk;
        this.folder = folder;
        this.source = source;
        this.loadTime = loadTime;
    }

    /**
     * The model the configuration names: {@code modelPath} when given, else the artifact's model
     * unpacked into the cache. Throws {@link ModelUnavailable} with one line saying what is wrong
     * and what to do.
     */
    public static SpeechModel obtain(TranscriptionConfig config) {
        try {
            quietVosk(config.voskLog());
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw new ModelUnavailable("Vosk's native library (libvosk, inside the com.alphacephei:vosk jar) could not be loaded"
                    + " on this platform (" + System.getProperty("os.name") + " " + System.getProperty("os.arch") + "): "
                    + e.getMessage(), e);
        }
        if (config.modelPath().isPresent()) {
            Path folder = config.modelPath().get().toAbsolutePath().normalize();
            String whatToDo = "give -D" + TranscriptionConfig.MODEL_KEY + " the folder of an unpacked Vosk model"
                    + " (the one holding am/, conf/ and graph/), or drop it to use the built-in small English model";
            return LOADED.computeIfAbsent(folder, f -> load(f, "model folder " + f, whatToDo));
        }
        ModelArtifact artifact = ModelArtifact.ofThisBuild();
        Path archive = artifact.locate();
        Path folder = new ModelCache(config.cacheDirectory()).folderFor(artifact, archive).toAbsolutePath().normalize();
        String whatToDo = "delete " + folder.getParent().getParent() + " so it is unpacked again from " + archive;
        return LOADED.computeIfAbsent(folder, f -> load(f, artifact.coordinates() + " (unpacked in " + f + ")", whatToDo));
    }

    private static SpeechModel load(Path folder, String source, String whatToDo) {
        ModelFolder.check(folder, whatToDo);
        long start = System.nanoTime();
        try {
            Model model = new Model(folder.toString());
            return new SpeechModel(model, folder, source, Duration.ofNanos(System.nanoTime() - start));
        } catch (IOException | RuntimeException | UnsatisfiedLinkError e) {
            throw new ModelUnavailable("Vosk could not load the speech model in " + folder + " (its files are damaged or"
                    + " not a Vosk model: " + e.getMessage() + "; -D" + TranscriptionConfig.VOSK_LOG_KEY + "=errors shows Vosk's"
                    + " reason); " + whatToDo, e);
        }
    }

    /** Kaldi logs model loading and decoding at LOG level to stderr; only what the config asks for goes out. */
    private static void quietVosk(TranscriptionConfig.VoskLog level) {
        if (level != logLevel) {
            synchronized (SpeechModel.class) {
                if (level != logLevel) {
                    LibVosk.vosk_set_log_level(level.kaldiLevel());
                    logLevel = level;
                }
            }
        }
    }

    /** The Vosk handle, for making recognizers. */
    public Model vosk() {
        return vosk;
    }

    public Path folder() {
        return folder;
    }

    /** Where the model came from, for a start-up line. */
    public String source() {
        return source;
    }

    public Duration loadTime() {
        return loadTime;
    }

    @Override
    public String toString() {
        return "SpeechModel[" + source + ", loaded in " + loadTime.toMillis() + " ms]";
    }
}
