package io.confab.orchestration.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * A figure measured several times: its median, what it ranged over, and every value in run order.
 * One run on a shared machine can be off by half; a median of interleaved runs with its range is a
 * figure a reader can weigh.
 *
 * @param values each run's value, in the order the runs happened
 */
public record Spread(double median, double min, double max, List<Double> values) {

    public Spread {
        values = List.copyOf(values);
    }

    /** NaN values (a run too short to measure) are left out; all NaN gives NaN throughout. */
    public static Spread of(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values.stream().filter(v -> !Double.isNaN(v)).toList());
        if (sorted.isEmpty()) {
            return new Spread(Double.NaN, Double.NaN, Double.NaN, values);
        }
        Collections.sort(sorted);
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return new Spread(median, sorted.get(0), sorted.get(n - 1), values);
    }

    /** One figure of each run in {@code runs}, in run order. */
    public static <R> Spread over(List<R> runs, ToDoubleFunction<R> figure) {
        return of(runs.stream().map(figure::applyAsDouble).toList());
    }

    /** (max - min) / median, in percent: how far apart the runs were. */
    public double rangePercent() {
        return median == 0 || Double.isNaN(median) ? Double.NaN : 100 * (max - min) / median;
    }

    /** "median (min-max, n runs)" with {@code format} for each number. */
    public String describe(String format) {
        return String.format(java.util.Locale.ROOT, format + " (" + format + "-" + format + ", %d runs)", median, min, max, values.size());
    }
}
