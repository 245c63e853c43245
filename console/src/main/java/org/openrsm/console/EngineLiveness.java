package org.openrsm.console;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * {@code /health/live}: the engine answers within 10 s (reading its libraries takes its lock: an engine stuck under its
 * lock does not). An engine that has not started yet is alive (readiness says it is not ready).
 */
@Liveness
@ApplicationScoped
public class EngineLiveness implements HealthCheck {
    @Override
    public HealthCheckResponse call() {
        if (!EngineBeans.started()) {
            return HealthCheckResponse.named("openrsm-engine").up().withData("engine", "not started").build();
        }
        try {
            Object libraries = CompletableFuture.supplyAsync(() -> EngineBeans.attribute(EngineBeans.ENGINE, "Libraries"))
                    .get(10, TimeUnit.SECONDS);
            return HealthCheckResponse.named("openrsm-engine").status(libraries != null).build();
        } catch (Exception e) {
            return HealthCheckResponse.named("openrsm-engine").down().withData("engine", "did not answer within 10 s").build();
        }
    }
}
