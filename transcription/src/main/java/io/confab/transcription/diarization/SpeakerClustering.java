package io.confab.transcription.diarization;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Groups voice feature vectors into speakers: agglomerative clustering with average linkage on
 * standardized features, the number of speakers chosen by the silhouette (how much closer each piece
 * is to its own speaker than to the next), and one speaker when no split is clearly better
 * (best silhouette under {@value #ONE_SPEAKER_BELOW}, or under {@value #CLEAR_SILHOUETTE} without a
 * pitch difference of {@value #MIN_PITCH_RATIO}x between the speakers). O(n³) in the pieces: fine for a meeting's
 * few hundred, a question for hours of audio.
 */
final class SpeakerClustering {
    /** Below this best silhouette, splitting finds no real structure: everyone is one speaker. */
    static final double ONE_SPEAKER_BELOW = 0.2;
    /**
     * A split whose silhouette is under this must also separate pitch: with a handful of pieces from
     * one voice, the spectra of different words alone give splits with silhouettes of 0.2 to 0.4.
     */
    static final double CLEAR_SILHOUETTE = 0.5;
    /** Two voices whose mean pitches differ by less than 10% (under two semitones) are not told apart by pitch. */
    static final double MIN_PITCH_RATIO = 1.1;
    /** Pitch separates voices best (male / female about an octave apart): it counts three times. */
    private static final double PITCH_WEIGHT = 3;

    private SpeakerClustering() {
    }

    /** A cluster number (0..k-1, in order of first appearance) for each vector. */
    static int[] cluster(List<double[]> vectors, int maxSpeakers) {
        int n = vectors.size();
        if (n < 3 || maxSpeakers < 2) {
            return new int[n];
        }
        double[][] points = standardize(vectors);
        double[][] distance = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                distance[i][j] = distance[j][i] = euclidean(points[i], points[j]);
            }
        }
        // Average linkage, remembering the assignment at every cluster count up to maxSpeakers.
        List<List<Integer>> clusters = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            clusters.add(new ArrayList<>(List.of(i)));
        }
        int[][] byCount = new int[Math.min(maxSpeakers, n - 1) + 1][];
        while (clusters.size() > 1) {
            int bestA = 0;
            int bestB = 1;
            double best = Double.MAX_VALUE;
            for (int a = 0; a < clusters.size(); a++) {
                for (int b = a + 1; b < clusters.size(); b++) {
                    double d = averageDistance(clusters.get(a), clusters.get(b), distance);
                    if (d < best) {
                        best = d;
                        bestA = a;
                        bestB = b;
                    }
                }
            }
            clusters.get(bestA).addAll(clusters.remove(bestB));
            if (clusters.size() < byCount.length) {
                byCount[clusters.size()] = labels(clusters, n);
            }
        }
        int chosen = 1;
        double bestSilhouette = ONE_SPEAKER_BELOW;
        for (int k = 2; k < byCount.length; k++) {
            double s = silhouette(byCount[k], k, distance);
            if (s > bestSilhouette) {
                bestSilhouette = s;
                chosen = k;
            }
        }
        if (chosen == 1 || (bestSilhouette < CLEAR_SILHOUETTE && pitchSpread(vectors, byCount[chosen], chosen) < MIN_PITCH_RATIO)) {
            return new int[n];
        }
        return inOrderOfAppearance(byCount[chosen]);
    }

    /** Ratio of the highest to the lowest cluster's mean pitch. */
    private static double pitchSpread(List<double[]> vectors, int[] labels, int k) {
        double[] sum = new double[k];
        int[] count = new int[k];
        for (int i = 0; i < labels.length; i++) {
            double logPitch = vectors.get(i)[vectors.get(i).length - 1];
            if (!Double.isNaN(logPitch)) {
                sum[labels[i]] += logPitch;
                count[labels[i]]++;
            }
        }
        double low = Double.MAX_VALUE;
        double high = -Double.MAX_VALUE;
        for (int c = 0; c < k; c++) {
            if (count[c] > 0) {
                low = Math.min(low, sum[c] / count[c]);
                high = Math.max(high, sum[c] / count[c]);
            }
        }
        return high < low ? 1 : Math.exp(high - low);
    }

    private static double[][] standardize(List<double[]> vectors) {
        int n = vectors.size();
        int dims = vectors.get(0).length;
        double[][] points = new double[n][dims];
        for (int d = 0; d < dims; d++) {
            double sum = 0;
            int count = 0;
            for (double[] v : vectors) {
                if (!Double.isNaN(v[d])) {
                    sum += v[d];
                    count++;
                }
            }
            double mean = count == 0 ? 0 : sum / count;
            double squares = 0;
            for (double[] v : vectors) {
                double x = Double.isNaN(v[d]) ? mean : v[d];
                squares += (x - mean) * (x - mean);
            }
            double sd = Math.sqrt(squares / n);
            double weight = d == dims - 1 ? PITCH_WEIGHT : 1;
            for (int i = 0; i < n; i++) {
                double x = Double.isNaN(vectors.get(i)[d]) ? mean : vectors.get(i)[d];
                points[i][d] = sd < 1e-9 ? 0 : weight * (x - mean) / sd;
            }
        }
        return points;
    }

    private static double euclidean(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(sum);
    }

    private static double averageDistance(List<Integer> a, List<Integer> b, double[][] distance) {
        double sum = 0;
        for (int i : a) {
            for (int j : b) {
                sum += distance[i][j];
            }
        }
        return sum / (a.size() * b.size());
    }

    private static int[] labels(List<List<Integer>> clusters, int n) {
        int[] labels = new int[n];
        for (int c = 0; c < clusters.size(); c++) {
            for (int i : clusters.get(c)) {
                labels[i] = c;
            }
        }
        return labels;
    }

    /** Mean over points of (b - a) / max(a, b): a = mean distance to its own cluster, b = to the nearest other. */
    private static double silhouette(int[] labels, int k, double[][] distance) {
        int n = labels.length;
        double total = 0;
        for (int i = 0; i < n; i++) {
            double[] sum = new double[k];
            int[] count = new int[k];
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    sum[labels[j]] += distance[i][j];
                    count[labels[j]]++;
                }
            }
            if (count[labels[i]] == 0) {
                continue;
            }
            double a = sum[labels[i]] / count[labels[i]];
            double b = Double.MAX_VALUE;
            for (int c = 0; c < k; c++) {
                if (c != labels[i] && count[c] > 0) {
                    b = Math.min(b, sum[c] / count[c]);
                }
            }
            total += (b - a) / Math.max(a, b);
        }
        return total / n;
    }

    private static int[] inOrderOfAppearance(int[] labels) {
        int[] mapping = new int[labels.length];
        Arrays.fill(mapping, -1);
        int next = 0;
        int[] out = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            if (mapping[labels[i]] < 0) {
                mapping[labels[i]] = next++;
            }
            out[i] = mapping[labels[i]];
        }
        return out;
    }
}
