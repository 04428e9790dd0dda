package io.confab.core.signaling.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;

/** The wire {@code type} of each message record, as declared in its interface's {@link JsonSubTypes}. */
final class WireNames {

    private static final ClassValue<String> NAMES = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
            for (Class<?> declaring : new Class<?>[] {ClientMessage.class, ServerMessage.class}) {
                for (JsonSubTypes.Type subtype : declaring.getAnnotation(JsonSubTypes.class).value()) {
                    if (subtype.value() == type) {
                        return subtype.name();
                    }
                }
            }
            throw new IllegalStateException(type.getName() + " is not declared in @JsonSubTypes");
        }
    };

    private WireNames() {
    }

    static String of(Class<?> messageType) {
        return NAMES.get(messageType);
    }
}
