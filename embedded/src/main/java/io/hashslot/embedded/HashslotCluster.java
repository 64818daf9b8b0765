package io.hashslot.embedded;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test class (one cluster for all its tests) or test method (a cluster of its own) against an
 * {@link EmbeddedCluster}; test methods, constructors and lifecycle methods receive it as an {@code EmbeddedCluster}
 * parameter, or its seed addresses as a {@code List<String>} parameter. The cluster is closed after the class (or the
 * method).
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(HashslotClusterExtension.class)
public @interface HashslotCluster {
    int masters() default 3;

    int replicas() default 0;

    /** cluster-node-timeout in milliseconds. */
    long nodeTimeoutMillis() default 2000;

    /** Extra directives for every node as name/value pairs, e.g. {@code {"appendonly", "yes"}}. */
    String[] config() default {};
}
