package io.confab.orchestration.platform;

/** The outcome of one health check: healthy or not, and in a few words why. */
public record Health(boolean healthy, String detail) {

    public static Health up(String detail) {
        return new Health(true, detail);
    }

    public static Health down(String detail) {
        return new Health(false, detail);
    }
}
