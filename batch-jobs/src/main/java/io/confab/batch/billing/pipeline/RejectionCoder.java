package io.confab.batch.billing.pipeline;

import io.confab.batch.billing.usage.Rejection;
import org.apache.beam.sdk.coders.CustomCoder;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Topic and reason: a month of bad input should not cost Java serialization per record. */
public final class RejectionCoder extends CustomCoder<Rejection> {

    private static final RejectionCoder INSTANCE = new RejectionCoder();

    public static RejectionCoder of() {
        return INSTANCE;
    }

    @Override
    public void encode(Rejection rejection, OutputStream out) throws IOException {
        Fields.TEXT.encode(rejection.topic(), out);
        Fields.TEXT.encode(rejection.reason(), out);
    }

    @Override
    public Rejection decode(InputStream in) throws IOException {
        return new Rejection(Fields.TEXT.decode(in), Fields.TEXT.decode(in));
    }

    @Override
    public void verifyDeterministic() {
    }
}
