package io.hashslot.embedded;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The JUnit 5 side of {@link HashslotCluster}: starts the cluster on first use in the scope of the nearest
 * annotation (the test method if it carries one, else the class) and keeps it in that scope's store, which closes it
 * when the scope ends. Resolves {@code EmbeddedCluster} and {@code List<String>} (seeds) parameters.
 */
public final class HashslotClusterExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(HashslotCluster.class);

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext ctx) {
        Class<?> type = p.getParameter().getType();
        if (type == EmbeddedCluster.class) {
            return true;
        }
        if (type == List.class) {
            Type t = p.getParameter().getParameterizedType();
            return t instanceof ParameterizedType pt && pt.getActualTypeArguments()[0] == String.class;
        }
        return false;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext ctx) {
        EmbeddedCluster cluster = cluster(ctx);
        return p.getParameter().getType() == EmbeddedCluster.class ? cluster : cluster.seeds();
    }

    private static EmbeddedCluster cluster(ExtensionContext ctx) {
        ExtensionContext scope = scope(ctx);
        HashslotCluster spec = annotation(scope.getElement())
            .orElseThrow(() -> new ParameterResolutionException("no @HashslotCluster on " + ctx.getDisplayName()));
        Holder h = scope.getStore(NS).getOrComputeIfAbsent(Holder.class, k -> new Holder(build(spec)), Holder.class);
        return h.cluster;
    }

    /** The context of the nearest element carrying the annotation: the method, else the class (or an outer one). */
    private static ExtensionContext scope(ExtensionContext ctx) {
        ExtensionContext c = ctx;
        while (c != null) {
            if (c.getElement().isPresent() && c.getElement().get().isAnnotationPresent(HashslotCluster.class)) {
                return c;
            }
            c = c.getParent().orElse(null);
        }
        throw new ParameterResolutionException("no @HashslotCluster on " + ctx.getDisplayName());
    }

    private static Optional<HashslotCluster> annotation(Optional<AnnotatedElement> e) {
        return e.map(el -> el.getAnnotation(HashslotCluster.class));
    }

    private static EmbeddedCluster build(HashslotCluster spec) {
        EmbeddedCluster.Builder b = EmbeddedCluster.builder().masters(spec.masters())
            .replicasPerMaster(spec.replicas()).nodeTimeout(Duration.ofMillis(spec.nodeTimeoutMillis()));
        String[] cfg = spec.config();
        if (cfg.length % 2 != 0) {
            throw new ParameterResolutionException("@HashslotCluster config needs name/value pairs");
        }
        for (int i = 0; i < cfg.length; i += 2) {
            b.config(cfg[i], cfg[i + 1]);
        }
        return b.start();
    }

    /**
     * Closes the cluster when its scope ends: JUnit before 5.13 closes {@code CloseableResource}s, later versions
     * close {@code AutoCloseable}s (closing twice is harmless).
     */
    @SuppressWarnings("deprecation")
    private static final class Holder implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        final EmbeddedCluster cluster;

        Holder(EmbeddedCluster cluster) {
            this.cluster = cluster;
        }

        @Override
        public void close() {
            cluster.close();
        }
    }
}
