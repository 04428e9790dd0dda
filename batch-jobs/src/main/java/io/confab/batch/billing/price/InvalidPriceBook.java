package io.confab.batch.billing.price;

/** A price book that cannot be used; the message names the file, the line and the field. */
public final class InvalidPriceBook extends RuntimeException {

    public InvalidPriceBook(String message) {
        super(message);
    }
}
