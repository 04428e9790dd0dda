package io.confab.transcription.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a Vosk (Kaldi nnet3 online) model folder must hold before Vosk is asked to load it, so that
 * a wrong path gets our one-line error naming what is missing rather than Kaldi's.
 */
final class ModelFolder {
    /** The acoustic model and the feature configuration every Vosk model has. */
    private static final List<String> REQUIRED = List.of("am/final.mdl", "conf/model.conf", "conf/mfcc.conf");
    /** The decoding graph: one static HCLG, or the lookahead pair (HCLr + Gr) the small models use. */
    private static final List<List<String>> GRAPHS = List.of(List.of("graph/HCLG.fst"), List.of("graph/HCLr.fst", "graph/Gr.fst"));

    private ModelFolder() {
    }

    /** Throws {@link ModelUnavailable} unless {@code folder} looks like a complete model. */
    static void check(Path folder, String whatToDo) {
        if (!Files.isDirectory(folder)) {
            throw new ModelUnavailable("speech model folder " + folder + " does not exist; " + whatToDo);
        }
        List<String> missing = new ArrayList<>();
        for (String file : REQUIRED) {
            if (!nonEmpty(folder.resolve(file))) {
                missing.add(file);
            }
        }
        boolean hasGraph = GRAPHS.stream().anyMatch(graph -> graph.stream().allMatch(f -> nonEmpty(folder.resolve(f))));
        if (!hasGraph) {
            missing.add("graph/HCLG.fst (or graph/HCLr.fst and graph/Gr.fst)");
        }
        if (!missing.isEmpty()) {
            throw new ModelUnavailable("speech model folder " + folder + " is not a Vosk model (missing or empty: "
                    + String.join(", ", missing) + "); " + whatToDo);
        }
    }

    private static boolean nonEmpty(Path file) {
        try {
            return Files.isRegularFile(file) && Files.size(file) > 0;
        } catch (IOException e) {
            return false;
        }
    }
}
