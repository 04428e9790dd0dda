package io.confab.jobs.usage.state;

/**
 * How one kind of the meter's state is written as fields in the compact binary form (see
 * {@link io.confab.jobs.usage.StateSerde}). Fields are read back in the order they were written;
 * a field added later goes at the end, with the format's version raised.
 */
public interface StateFormat<T> {

    void write(T value, StateWriter out);

    T read(StateReader in);

    /** Bytes written in {@code version} of the form: a format whose fields changed reads the older ones itself. */
    default T read(StateReader in, int version) {
        return read(in);
    }
}
