package io.confab.orchestration;

import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Comparator;

/**
 * The orchestration tests' class order (junit-platform.properties): a class marked {@link First}
 * runs before every other, one marked {@link Last} after every other, and the rest keep the order
 * Maven found them in. It exists for work that must span the whole run, such as the 15-minute Kafka
 * outage that overlaps the other tests instead of adding 15 minutes to the suite.
 */
public final class SuiteOrder implements ClassOrderer {

    /** Runs before every other test class. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    public @interface First {
    }

    /** Runs after every other test class. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    public @interface Last {
    }

    @Override
    public void orderClasses(ClassOrdererContext context) {
        // List.sort is stable: the classes of one rank keep their order.
        context.getClassDescriptors().sort(Comparator.comparingInt(SuiteOrder::rank));
    }

    static int rank(ClassDescriptor descriptor) {
        if (descriptor.isAnnotated(First.class)) {
            return 0;
        }
        return descriptor.isAnnotated(Last.class) ? 2 : 1;
    }
}
