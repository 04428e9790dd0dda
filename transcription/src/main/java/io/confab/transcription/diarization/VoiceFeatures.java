package io.confab.transcription.diarization;

/**
 * What a stretch of one voice sounds like, as a vector: the mean of 12 mel-frequency cepstral
 * coefficients (c1..c12: the vocal tract's shape, independent of loudness, which c0 would carry),
 * their standard deviations, and the median pitch in log Hz (voices differ most in it). Computed on
 * 25 ms frames every 10 ms at 16 kHz, the usual speech front end; only frames with voiced energy count.
 */
final class VoiceFeatures {
    static final int SAMPLE_RATE = 16_000;
    private static final int FRAME = 400;
    private static final int HOP = 160;
    private static final int FFT = 512;
    private static final int MEL_BANDS = 24;
    private static final int CEPSTRA = 12;
    private static final double[][] MEL_FILTERS = melFilters();
    private static final double[] WINDOW = hamming();

    private VoiceFeatures() {
    }

    /** The features of pcm[from, to), or null when it has too few voiced frames to say anything. */
    static double[] of(short[] pcm, int from, int to) {
        int frames = (to - from - FRAME) / HOP + 1;
        if (frames < 10) {
            return null;
        }
        double[][] cepstra = new double[frames][];
        double[] energies = new double[frames];
        for (int f = 0; f < frames; f++) {
            int start = from + f * HOP;
            double energy = 0;
            for (int i = 0; i < FRAME; i++) {
                energy += (double) pcm[start + i] * pcm[start + i];
            }
            energies[f] = energy / FRAME;
        }
        double[] sorted = energies.clone();
        java.util.Arrays.sort(sorted);
        // The louder half of the frames: vowels and voiced consonants, not the pauses between words.
        double threshold = sorted[frames / 2];
        int used = 0;
        double[] pitches = new double[frames];
        int voiced = 0;
        for (int f = 0; f < frames; f++) {
            if (energies[f] < threshold || energies[f] < 1) {
                continue;
            }
            int start = from + f * HOP;
            cepstra[used++] = cepstrum(pcm, start);
            double pitch = pitch(pcm, start, Math.min(to, start + 640));
            if (pitch > 0) {
                pitches[voiced++] = Math.log(pitch);
            }
        }
        if (used < 5) {
            return null;
        }
        double[] vector = new double[2 * CEPSTRA + 1];
        for (int c = 0; c < CEPSTRA; c++) {
            double sum = 0;
            double squares = 0;
            for (int f = 0; f < used; f++) {
                sum += cepstra[f][c];
                squares += cepstra[f][c] * cepstra[f][c];
            }
            double mean = sum / used;
            vector[c] = mean;
            vector[CEPSTRA + c] = Math.sqrt(Math.max(0, squares / used - mean * mean));
        }
        if (voiced > 0) {
            double[] p = java.util.Arrays.copyOf(pitches, voiced);
            java.util.Arrays.sort(p);
            vector[2 * CEPSTRA] = p[voiced / 2];
        } else {
            vector[2 * CEPSTRA] = Double.NaN;
        }
        return vector;
    }

    /** c1..c12 of one frame: Hamming window, |FFT|², 24 mel bands, log, DCT-II. */
    private static double[] cepstrum(short[] pcm, int start) {
        double[] re = new double[FFT];
        double[] im = new double[FFT];
        for (int i = 0; i < FRAME; i++) {
            re[i] = pcm[start + i] * WINDOW[i];
        }
        fft(re, im);
        double[] logMel = new double[MEL_BANDS];
        for (int b = 0; b < MEL_BANDS; b++) {
            double sum = 0;
            for (int k = 0; k <= FFT / 2; k++) {
                if (MEL_FILTERS[b][k] != 0) {
                    sum += MEL_FILTERS[b][k] * (re[k] * re[k] + im[k] * im[k]);
                }
            }
            logMel[b] = Math.log(sum + 1e-3);
        }
        double[] cepstra = new double[CEPSTRA];
        for (int c = 1; c <= CEPSTRA; c++) {
            double sum = 0;
            for (int b = 0; b < MEL_BANDS; b++) {
                sum += logMel[b] * Math.cos(Math.PI * c * (b + 0.5) / MEL_BANDS);
            }
            cepstra[c - 1] = sum;
        }
        return cepstra;
    }

    /** Pitch by normalized autocorrelation over 60..400 Hz, or 0 when the frame is not clearly voiced. */
    private static double pitch(short[] pcm, int from, int to) {
        int minLag = SAMPLE_RATE / 400;
        int maxLag = SAMPLE_RATE / 60;
        int length = to - from - maxLag;
        if (length < 160) {
            return 0;
        }
        double best = 0;
        int bestLag = 0;
        for (int lag = minLag; lag <= maxLag; lag++) {
            double cross = 0;
            double a = 0;
            double b = 0;
            for (int i = from; i < from + length; i++) {
                cross += (double) pcm[i] * pcm[i + lag];
                a += (double) pcm[i] * pcm[i];
                b += (double) pcm[i + lag] * pcm[i + lag];
            }
            double r = cross / Math.sqrt(a * b + 1e-9);
            if (r > best) {
                best = r;
                bestLag = lag;
            }
        }
        return best > 0.6 ? (double) SAMPLE_RATE / bestLag : 0;
    }

    private static void fft(double[] re, double[] im) {
        int n = re.length;
        for (int i = 1, j = 0; i < n; i++) {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) {
                j ^= bit;
            }
            j ^= bit;
            if (i < j) {
                double t = re[i];
                re[i] = re[j];
                re[j] = t;
                t = im[i];
                im[i] = im[j];
                im[j] = t;
            }
        }
        for (int size = 2; size <= n; size <<= 1) {
            double angle = -2 * Math.PI / size;
            for (int start = 0; start < n; start += size) {
                for (int k = 0; k < size / 2; k++) {
                    double wr = Math.cos(angle * k);
                    double wi = Math.sin(angle * k);
                    int a = start + k;
                    int b = a + size / 2;
                    double xr = re[b] * wr - im[b] * wi;
                    double xi = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - xr;
                    im[b] = im[a] - xi;
                    re[a] += xr;
                    im[a] += xi;
                }
            }
        }
    }

    private static double mel(double hz) {
        return 2595 * Math.log10(1 + hz / 700);
    }

    private static double hz(double mel) {
        return 700 * (Math.pow(10, mel / 2595) - 1);
    }

    /** Triangular filters spaced evenly on the mel scale over 100..7000 Hz. */
    private static double[][] melFilters() {
        double low = mel(100);
        double high = mel(7000);
        double[] edges = new double[MEL_BANDS + 2];
        for (int i = 0; i < edges.length; i++) {
            edges[i] = hz(low + (high - low) * i / (MEL_BANDS + 1)) * FFT / SAMPLE_RATE;
        }
        double[][] filters = new double[MEL_BANDS][FFT / 2 + 1];
        for (int b = 0; b < MEL_BANDS; b++) {
            for (int k = 0; k <= FFT / 2; k++) {
                if (k > edges[b] && k < edges[b + 1]) {
                    filters[b][k] = (k - edges[b]) / (edges[b + 1] - edges[b]);
                } else if (k >= edges[b + 1] && k < edges[b + 2]) {
                    filters[b][k] = (edges[b + 2] - k) / (edges[b + 2] - edges[b + 1]);
                }
            }
        }
        return filters;
    }

    private static double[] hamming() {
        double[] window = new double[FRAME];
        for (int i = 0; i < FRAME; i++) {
            window[i] = 0.54 - 0.46 * Math.cos(2 * Math.PI * i / (FRAME - 1));
        }
        return window;
    }
}
