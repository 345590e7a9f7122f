package dev.observableorders.restate;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Ready only while the Restate endpoint listens (and, when self-registering, once
 * registered).
 */
class RestateEndpointHealthIndicator implements HealthIndicator {

	private final RestateEndpointServer endpoint;

	private final DeploymentRegistration registration;

	private final RestateDeploymentProperties properties;

	RestateEndpointHealthIndicator(RestateEndpointServer endpoint, DeploymentRegistration registration,
			RestateDeploymentProperties properties) {
		this.endpoint = endpoint;
		this.registration = registration;
		this.properties = properties;
	}

	@Override
	public Health health() {
		if (!this.endpoint.isRunning()) {
			return Health.down().withDetail("reason", "the Restate endpoint is not listening").build();
		}
		Health.Builder health = Health.up().withDetail("port", this.endpoint.port());
		if (this.properties.adminUrl() != null) {
			if (this.registration.registeredAs() == null) {
				return health.down().withDetail("reason", "not registered with Restate yet").build();
			}
			health.withDetail("registeredAs", this.registration.registeredAs().toString());
		}
		return health.build();
	}

}
