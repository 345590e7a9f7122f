package dev.observableorders.restate;

import dev.observableorders.restate.RestateEndpointHealthIndicator.DeploymentState;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * {@code restate_deployment_registered}: 1 while Restate has a deployment at this
 * endpoint's address, 0 when it has none (no invocation reaches this instance), NaN when
 * Restate cannot be asked. Readiness says the same, but Prometheus scrapes metrics, not
 * health, and an alert needs a series.
 */
class DeploymentRegisteredMetric {

	static final String NAME = "restate.deployment.registered";

	private final RestateEndpointHealthIndicator health;

	private volatile double registered = Double.NaN;

	DeploymentRegisteredMetric(RestateEndpointHealthIndicator health, MeterRegistry registry) {
		this.health = health;
		Gauge.builder(NAME, this, (metric) -> metric.registered)
			.description("1 while Restate has a deployment at this endpoint's address, 0 when it has none")
			.register(registry);
	}

	@Scheduled(fixedDelayString = "${restate.deployment.check-interval:15s}")
	void refresh() {
		DeploymentState state = this.health.deploymentState();
		this.registered = switch (state) {
			case REGISTERED -> 1;
			case MISSING -> 0;
			case UNKNOWN -> Double.NaN;
		};
	}

}
