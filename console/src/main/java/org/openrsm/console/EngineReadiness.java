package org.openrsm.console;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * {@code /health/ready}: OpenRSM can serve mounts when its engine has started, its store answers, and every library is
 * online (READY, enabled, not waiting for an inventory). Each part is reported in the response's data.
 */
@Readiness
@ApplicationScoped
public class EngineReadiness implements HealthCheck {
    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder r = HealthCheckResponse.named("openrsm");
        if (!EngineBeans.started()) {
            return r.down().withData("engine", "not started (is the resource adapter openrsm installed?)").build();
        }
        boolean store = Boolean.TRUE.equals(EngineBeans.attribute(EngineBeans.ENGINE, "StoreReachable"));
        List<String> notReady = EngineBeans.strings(EngineBeans.ENGINE, "LibrariesNotReady");
        r.withData("engine", "started " + EngineBeans.attribute(EngineBeans.ENGINE, "Started"))
                .withData("store", (store ? "answers: " : "does not answer: ") + EngineBeans.attribute(EngineBeans.ENGINE, "Store"))
                .withData("libraries", String.join(", ", EngineBeans.strings(EngineBeans.ENGINE, "Libraries")));
        if (!notReady.isEmpty()) {
            r.withData("not ready", String.join("; ", notReady));
        }
        return r.status(store && notReady.isEmpty()).build();
    }
}
